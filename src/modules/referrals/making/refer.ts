import { z } from 'zod';
import { definePage } from '../../../platform/pages/page.ts';
import { redirect } from '../../../platform/pages/results.ts';
import { referralForm } from '../forms.ts';
import { tellArrived } from '../jobs.ts';
import { caseworkers } from '../page-rules.ts';
import * as service from '../service.ts';
import { referralFormPage, startPage } from './form.ts';

// Making a referral: the form opened from a checklist's next step, and sending it. The receiving agency
// finds it in its queue and is told by e-mail (naming no one).

const opened = z.object({
  assessment: z.uuid(),
  step: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/)
    .optional(),
});
const stepOf = (v: unknown) => (typeof v === 'string' && /^[a-z0-9-]{1,80}$/.test(v) ? v : null);

export const newReferral = definePage({
  path: '/referrals/new',
  access: caseworkers,
  audit: { action: 'referral.new', subjectType: 'assessment', subjectId: () => null },
  get: async (ctx) => {
    const query = opened.safeParse(ctx.query);
    if (!query.success) return startPage();
    // The event names the checklist the referral is made from.
    return {
      ...(await referralFormPage(ctx, query.data.assessment, query.data.step ?? null)),
      subjectId: query.data.assessment,
    };
  },
});

export const sendReferral = definePage({
  path: '/referrals',
  access: caseworkers,
  post: {
    audit: { action: 'referral.create', subjectType: 'referral', subjectId: () => null },
    schema: referralForm,
    invalid: async (ctx, form) => {
      const assessmentId = z.uuid().safeParse(form.values.assessmentId);
      if (!assessmentId.success)
        return startPage([{ text: 'Refer from a completed checklist your agency recorded', href: '#main-content' }]);
      return referralFormPage(ctx, assessmentId.data, stepOf(form.values.stepId), form);
    },
    handle: async (ctx, v, values) => {
      const created = await service.createReferral(ctx.db, ctx.actor, v);
      if (!created.ok)
        return referralFormPage(ctx, v.assessmentId, stepOf(values.stepId), {
          values,
          errors: Object.fromEntries(created.problems.map((p) => [p.field, { text: p.message }])),
          errorList: created.problems.map((p) => ({ text: p.message, href: `#${p.field}` })),
        });
      await tellArrived(ctx.app, created.id);
      return redirect(`/referrals/${created.id}?saved=sent`, { subjectId: created.id });
    },
  },
});
