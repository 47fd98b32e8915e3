import { label } from '../../../platform/language/index.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import { OTHER_PREFIX, ROLES, SEVERITIES } from '../forms.ts';
import type { findForRecording, recordingFor } from '../for-viewer.ts';
import { roleKey, severityKey } from '../labels.ts';
import type { contactKinds } from '../service.ts';
import { contactTypeWords } from '../../people/service.ts';

// Recording one incident or contact -> what its two pages show: the search for the person, and the form.

type Found = Awaited<ReturnType<typeof findForRecording>>;
type Recording = NonNullable<Awaited<ReturnType<typeof recordingFor>>>;
type Kinds = Awaited<ReturnType<typeof contactKinds>>;

const nameOf = (p: { given_name: string; family_name: string }) => `${p.given_name} ${p.family_name}`;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export const find = (form: Partial<FormErrors> = {}, found?: Found) => ({
  title: label('incidents.find.title'),
  values: form.values ?? {},
  errors: form.errors ?? {},
  errorList: form.errorList ?? [],
  searched: found !== undefined,
  results: (found ?? []).map((r) => ({
    name: r.name ?? label('incidents.find.not-shared-name'),
    dateOfBirth: r.dateOfBirth,
    agencyName: r.agencyName,
    href: r.own ? `/incidents/new/${r.id}` : null,
  })),
});

export const recordForm = (recording: Recording, kinds: Kinds, form: Partial<FormErrors> = {}) => {
  const values = form.values ?? {};
  const errors = form.errors ?? {};
  const name = nameOf(recording.person);
  return {
    title: label('incidents.record.title'),
    action: `/incidents/new/${recording.person.id}`,
    person: { name },
    values,
    errors,
    errorList: form.errorList ?? [],
    kindItems: [
      { value: '', text: label('incidents.record.select-kind'), selected: !values.kind },
      ...kinds.map((k) => ({
        value: k.contact_type,
        text: label(k.is_abuse ? 'incidents.record.abuse' : 'incidents.record.support', {
          kind: contactTypeWords(k.contact_type),
        }),
        selected: values.kind === k.contact_type,
      })),
    ],
    severityItems: SEVERITIES.map((s) => ({ value: s, text: label(severityKey(s)), checked: values.severity === s })),
    roleItems: ROLES.map((r) => ({ value: r, text: label(roleKey(r)), checked: str(values.role) === r })),
    roleLegend: label('incidents.record.role', { name }),
    othersHint: label('incidents.record.others-hint', { name }),
    childrenItems: [
      { value: 'yes', text: label('incidents.record.yes'), checked: values.childrenPresent === 'yes' },
      { value: 'no', text: label('incidents.record.no'), checked: values.childrenPresent === 'no' },
    ],
    others: recording.connected.map((p) => {
      const field = `${OTHER_PREFIX}${p.id}`;
      const chosen = str(values[field]);
      return {
        id: field,
        label: p.date_of_birth ? label('incidents.record.born', { name: nameOf(p), date: p.date_of_birth }) : nameOf(p),
        items: [
          { value: '', text: label('incidents.record.not-there'), selected: chosen === '' },
          ...ROLES.map((r) => ({ value: r, text: label(roleKey(r)), selected: chosen === r })),
        ],
      };
    }),
  };
};
