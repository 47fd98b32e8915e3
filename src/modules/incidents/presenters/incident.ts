import { label } from '../../../platform/language/index.ts';
import { incidentKindWords } from '../../people/service.ts';
import { roleKey, severityKey } from '../labels.ts';

type Shown = {
  id?: string;
  occurred_on?: string;
  kind?: string;
  contact_type?: string | null;
  is_abuse?: boolean;
  police_recorded?: boolean;
  agency_name?: string;
  severity?: string;
  children_present?: boolean;
  summary?: string | null;
  people?: { person_id: string; role: string; given_name: string; family_name: string }[];
};

/** The incident page: only the parts the viewer's level shows, in practitioners' words. */
export function incidentPage(level: string, incident: Shown) {
  const rows: { key: { text: string }; value: { text: string } }[] = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) rows.push({ key: { text: key }, value: { text: value } });
  };
  const type = incident.kind === undefined ? undefined : incidentKindWords(incident.contact_type, incident.kind);
  add(label('incidents.page.date'), incident.occurred_on);
  add(label('incidents.page.kind'), type);
  if (incident.is_abuse !== undefined)
    add(
      label('incidents.page.counts-as'),
      label(incident.is_abuse ? 'incidents.page.abuse' : 'incidents.page.support'),
    );
  add(label('incidents.page.recorded-by'), incident.agency_name);
  if (incident.police_recorded !== undefined)
    add(
      label('incidents.page.police-recorded'),
      label(incident.police_recorded ? 'incidents.page.yes' : 'incidents.page.no'),
    );
  if (incident.children_present !== undefined)
    add(
      label('incidents.page.children-present'),
      label(incident.children_present ? 'incidents.page.yes' : 'incidents.page.none-recorded'),
    );
  if (incident.severity !== undefined) add(label('incidents.page.severity'), label(severityKey(incident.severity)));
  if (incident.summary !== undefined)
    add(label('incidents.page.summary'), incident.summary || label('incidents.page.none-recorded'));
  return {
    title: label('incidents.page.title'),
    level,
    withheld: level === 'full' ? '' : label(`incidents.page.withheld.${level}`),
    rows,
    people: (incident.people ?? []).map((p) => ({
      href: `/people/${p.person_id}`,
      name: [p.given_name, p.family_name].filter(Boolean).join(' ') || label('incidents.page.victims-record'),
      role: label(roleKey(p.role)),
    })),
  };
}
