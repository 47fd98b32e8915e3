import { CONTACT_TYPES, type ContactType } from '../../people/service.ts';

const ROLE_LABELS: Record<string, string> = {
  victim: 'Victim',
  perpetrator: 'Perpetrator',
  child: 'Child',
  witness: 'Witness',
  other: 'Other',
};
const LEVEL_TEXT: Record<string, string> = {
  signpost: 'Your agency may know only that this record exists. Contact the recording agency.',
  'shared-summary':
    'Your agency sees a shared summary: who was there and what was recorded stay with the recording agency.',
  full: '',
};

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
  const type =
    incident.contact_type && incident.contact_type in CONTACT_TYPES
      ? CONTACT_TYPES[incident.contact_type as ContactType]
      : incident.kind;
  add('Date', incident.occurred_on);
  add('Kind', type);
  if (incident.is_abuse !== undefined)
    add(
      'Counts as',
      incident.is_abuse ? 'An abuse incident' : 'A support contact (not counted toward flags or criteria)',
    );
  add('Recorded by', incident.agency_name);
  if (incident.police_recorded !== undefined) add('Police recorded', incident.police_recorded ? 'Yes' : 'No');
  if (incident.children_present !== undefined)
    add('Children present', incident.children_present ? 'Yes' : 'None recorded');
  add('Severity', incident.severity);
  if (incident.summary !== undefined) add('Summary', incident.summary || 'None recorded');
  return {
    title: 'Incident or contact',
    level,
    withheld: LEVEL_TEXT[level] ?? '',
    rows,
    people: (incident.people ?? []).map((p) => ({
      href: `/people/${p.person_id}`,
      name: [p.given_name, p.family_name].filter(Boolean).join(' ') || 'The victim’s record',
      role: ROLE_LABELS[p.role] ?? p.role,
    })),
  };
}
