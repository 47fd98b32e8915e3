import type { FormErrors } from '../../../platform/pages/page.ts';
import { OTHER_PREFIX, ROLES, SEVERITIES } from '../forms.ts';
import type { findForRecording, recordingFor } from '../for-viewer.ts';
import { RECORD_TEXT, ROLE_LABELS, SEVERITY_LABELS } from '../labels.ts';
import type { contactKinds } from '../service.ts';

// Recording one incident or contact -> what its two pages show: the search for the person, and the form.

type Found = Awaited<ReturnType<typeof findForRecording>>;
type Recording = NonNullable<Awaited<ReturnType<typeof recordingFor>>>;
type Kinds = Awaited<ReturnType<typeof contactKinds>>;

const nameOf = (p: { given_name: string; family_name: string }) => `${p.given_name} ${p.family_name}`;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export const find = (form: Partial<FormErrors> = {}, found?: Found) => ({
  title: RECORD_TEXT.findTitle,
  values: form.values ?? {},
  errors: form.errors ?? {},
  errorList: form.errorList ?? [],
  searched: found !== undefined,
  results: (found ?? []).map((r) => ({
    name: r.name ?? 'Not shared with your agency',
    dateOfBirth: r.dateOfBirth,
    agencyName: r.agencyName,
    href: r.own ? `/incidents/new/${r.id}` : null,
  })),
});

export const recordForm = (recording: Recording, kinds: Kinds, form: Partial<FormErrors> = {}) => {
  const values = form.values ?? {};
  const errors = form.errors ?? {};
  const roleItems = (chosen: string, blank?: string) => [
    ...(blank !== undefined ? [{ value: '', text: blank, selected: chosen === '' }] : []),
    ...ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r]!, selected: chosen === r })),
  ];
  return {
    title: RECORD_TEXT.title,
    action: `/incidents/new/${recording.person.id}`,
    person: { name: nameOf(recording.person), dateOfBirth: recording.person.date_of_birth },
    values,
    errors,
    errorList: form.errorList ?? [],
    kindItems: [
      { value: '', text: 'Select a kind', selected: !values.kind },
      ...kinds.map((k) => ({
        value: k.contact_type,
        text: `${k.label} (${k.is_abuse ? RECORD_TEXT.abuse : RECORD_TEXT.support})`,
        selected: values.kind === k.contact_type,
      })),
    ],
    severityItems: SEVERITIES.map((s) => ({ value: s, text: SEVERITY_LABELS[s]!, checked: values.severity === s })),
    roleItems: ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r]!, checked: str(values.role) === r })),
    childrenItems: [
      { value: 'yes', text: 'Yes', checked: values.childrenPresent === 'yes' },
      { value: 'no', text: 'No', checked: values.childrenPresent === 'no' },
    ],
    others: recording.connected.map((p) => ({
      id: `${OTHER_PREFIX}${p.id}`,
      label: `${nameOf(p)}${p.date_of_birth ? `, born ${p.date_of_birth}` : ''}`,
      items: roleItems(str(values[`${OTHER_PREFIX}${p.id}`]), 'Not there'),
    })),
  };
};
