import { label } from '../../../platform/language/index.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import type { FieldError } from '../../../platform/forms.ts';

// Domain results -> what the school templates show.

type Form = { values?: Record<string, unknown>; errors?: Record<string, FieldError>; errorList?: unknown[] };

export const schoolList = (
  schools: { id: string; name: string; urn: string; active: boolean; contacts: string | number | null }[],
  form: Form = {},
) => ({
  title: label('schools.list.title'),
  schools: schools.map((s) => ({ ...s, contacts: Number(s.contacts ?? 0) })),
  values: form.values ?? {},
  errors: form.errors ?? {},
  errorList: form.errorList ?? [],
});

export const schoolPage = (
  found: {
    school: { id: string; name: string; urn: string };
    contacts: { id: string; display_name: string; email: string; active: boolean }[];
  },
  form: Form = {},
) => ({
  title: found.school.name,
  ...found,
  values: form.values ?? {},
  errors: form.errors ?? {},
  errorList: form.errorList ?? [],
});

export const childSchool = (
  current: { id: string; name: string } | undefined,
  schools: { id: string; name: string }[],
  form: Form = {},
) => {
  const chosen = String(form.values?.schoolId ?? current?.id ?? '');
  return {
    title: label('schools.child.title'),
    current,
    schoolItems: [
      { value: '', text: label('schools.child.select') },
      ...schools.map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen })),
    ],
    values: form.values ?? {},
    errors: form.errors ?? {},
    errorList: form.errorList ?? [],
  };
};

const longDate = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`));

export const noticeList = (
  notices: { id: string; school_name: string; incident_on: string; created_at: Date; first_viewed_at: Date | null }[],
) => ({
  title: label('schools.notices.title'),
  notices: notices.map((n) => ({ ...n, incidentOn: longDate(n.incident_on), unread: !n.first_viewed_at })),
});

export const notice = (n: { child_name: string; incident_on: string; school_name: string }) => ({
  title: label('schools.notice.title'),
  childName: n.child_name,
  schoolName: n.school_name,
  incidentOn: longDate(n.incident_on),
});
