import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { breakGlassForm } from '../forms.ts';
import { byId, caseworkers } from '../page-rules.ts';
import * as service from '../restricted-service.ts';
import { label } from '../../../platform/language/index.ts';

// Emergency access to a person's records, for a bounded time, with a reason; reviewed afterwards.
// Opening the form is itself a read about the person: audited against them.

async function breakGlassPage(
  { db, actor, params }: PageContext<{ id: string }>,
  form: Partial<FormErrors> = {},
): Promise<PageResult> {
  const found = await service.breakGlassForm(db, actor, params.id);
  if (!found) return notFound();
  return view(
    'access/views/break-glass.njk',
    {
      title: label('access.break-glass.title'),
      personId: params.id,
      minutes: service.BREAK_GLASS_MINUTES,
      needsApproval: found.needsApproval,
      values: {},
      ...form,
    },
    { status: form.errorList ? 400 : 200 },
  );
}

export const breakGlass = definePage({
  path: '/break-glass/:id',
  access: caseworkers,
  params: byId,
  audit: { action: 'break-glass.form', subjectType: 'person' },
  get: (ctx) => breakGlassPage(ctx),
  post: {
    audit: { action: 'break-glass.grant', subjectType: 'person' },
    schema: breakGlassForm,
    invalid: (ctx, form) => breakGlassPage(ctx, form),
    handle: async ({ db, actor, params }, { reason }) => {
      if (!(await service.breakGlassForm(db, actor, params.id))) return notFound();
      const grant = await service.breakGlass(db, actor, params.id, reason);
      if (!grant) return notFound();
      // Where the partnership needs a second person to approve, the grant waits for them.
      return grant.waiting
        ? redirect('/break-glass-reviews', { action: 'break-glass.request' })
        : redirect(`/people/${params.id}`);
    },
  },
});
