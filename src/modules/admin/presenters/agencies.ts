import { AGENCY_KINDS } from '../../../db/schema.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import type { listAgencies } from '../service.ts';

type Agency = Awaited<ReturnType<typeof listAgencies>>[number];

export const agencyList = (agencies: Agency[]) => ({
  title: label('admin.agencies.title'),
  section: 'agencies',
  agencies: agencies.map((a) => ({
    ...a,
    kindLabel: label(`agency-kind.${a.kind}`),
    statusLabel: label(a.active ? 'admin.status.active' : 'admin.status.inactive'),
  })),
});

const kindItems = (selected: unknown) =>
  AGENCY_KINDS.map((kind) => ({ value: kind, text: label(`agency-kind.${kind}`), selected: kind === selected }));

/** The form to add an agency (no id) or change one, with the answers given or the agency as it is. */
export const agencyForm = (id: string | null, values: Record<string, unknown>, form: Partial<FormErrors> = {}) => {
  const shown = form.values ?? values;
  return {
    title: label(id ? 'admin.agency-form.title-edit' : 'admin.agency-form.title-new'),
    section: 'agencies',
    values: shown,
    kindItems: kindItems(shown.kind),
    action: id ? `/admin/agencies/${id}` : '/admin/agencies',
    editing: Boolean(id),
    errors: form.errors,
    errorList: form.errorList,
  };
};
