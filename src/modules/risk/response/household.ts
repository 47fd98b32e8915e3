import { label } from '../../../platform/language/index.ts';
import { formFields } from '../../../platform/forms.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import * as household from '../household.ts';
import { byId, caseworkers, memberId, recorders } from '../page-rules.ts';
import { responseLabels } from '../presenters/response.ts';
import { parseHouseholdMember } from '../response-forms.ts';
import { isLoaded, loadChecklist, type Row } from './load.ts';

// Who is in the household: recorded between starting the checklist and answering it, while a draft.

const householdPage = async ({ db, actor }: PageContext<{ id: string }>, row: Row, form: Partial<FormErrors> = {}) =>
  view(
    'risk/views/household.njk',
    {
      title: label('risk.household.title'),
      row,
      household: await household.household(db, actor, row.id),
      labels: responseLabels(),
      values: {},
      ...form,
    },
    { status: form.errorList ? 400 : 200 },
  );

export const householdMembers = definePage({
  path: '/assessments/:id/household',
  access: caseworkers,
  params: byId,
  audit: { action: 'household.view', subjectType: 'assessment' },
  get: async (ctx) => {
    const loaded = await loadChecklist(ctx, { draft: true });
    return isLoaded(loaded) ? householdPage(ctx, loaded.row) : loaded;
  },
});

export const addHouseholdMember = definePage({
  path: '/assessments/:id/household',
  access: recorders,
  params: byId,
  audit: { action: 'household.add', subjectType: 'assessment' },
  post: async (ctx) => {
    const loaded = await loadChecklist(ctx, { write: true, draft: true });
    if (!isLoaded(loaded)) return loaded;
    const values = formFields(ctx.request.body);
    const form = parseHouseholdMember(values);
    if (!form.ok) return householdPage(ctx, loaded.row, { values, errors: form.errors, errorList: form.errorList });
    try {
      await household.addHouseholdMember(ctx.db, ctx.actor, loaded.row.id, form.value);
    } catch (error) {
      // Completed in another tab meanwhile: row-level security refuses the insert; the household is frozen.
      if ((error as { code?: string }).code === '42501') return redirect(`/assessments/${loaded.row.id}`);
      throw error;
    }
    return redirect(`/assessments/${loaded.row.id}/household`);
  },
});

export const removeHouseholdMember = definePage({
  path: '/assessments/:id/household/remove',
  access: recorders,
  params: byId,
  audit: { action: 'household.remove', subjectType: 'assessment' },
  post: async (ctx) => {
    const loaded = await loadChecklist(ctx, { write: true, draft: true });
    if (!isLoaded(loaded)) return loaded;
    const member = memberId.safeParse(formFields(ctx.request.body).memberId);
    if (member.success) await household.removeHouseholdMember(ctx.db, ctx.actor, loaded.row.id, member.data);
    return redirect(`/assessments/${loaded.row.id}/household`);
  },
});
