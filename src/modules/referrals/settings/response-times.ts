import { z } from 'zod';
import { label } from '../../../platform/language/index.ts';
import { rolesOnly } from '../../../platform/access.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import * as service from '../service.ts';

// The partnership's response times for referrals between services, by risk level, set by its
// administrator: a referral not accepted or declined in time is escalated to the receiving lead.
const hours = (level: string) =>
  z.coerce
    .number({ message: `Enter the time for ${level} risk as a whole number of hours` })
    .int(`Enter the time for ${level} risk as a whole number of hours`)
    .min(1, `The time for ${level} risk must be at least 1 hour`)
    .max(2160, `The time for ${level} risk must be 2160 hours (90 days) or fewer`);
const timesForm = z
  .object({
    high: hours('high'),
    medium: hours('medium'),
    standard: hours('standard'),
    version: z.union([z.coerce.number().int().min(1), z.literal('')]).optional(),
  })
  .refine((v) => v.high <= v.medium && v.medium <= v.standard, {
    message: 'Higher risk needs the same or a shorter time: high, then medium, then standard',
    path: ['medium'],
  });

const page = async (
  { db, actor }: Pick<PageContext<unknown>, 'db' | 'actor'>,
  options: { form?: FormErrors; saved?: boolean; status?: number } = {},
) => {
  const current = await service.responseTimesSetting(db, actor);
  return view(
    'referrals/views/response-times.njk',
    {
      title: label('referrals.times.title'),
      values: options.form?.values ?? { ...current.hours, version: current.version ?? '' },
      errors: options.form?.errors ?? {},
      errorList: options.form?.errorList,
      saved: options.saved ?? false,
    },
    { status: options.status ?? 200 },
  );
};

export const responseTimes = definePage({
  path: '/admin/referral-response-times',
  access: rolesOnly('administrator'),
  get: async (ctx) => page(ctx, { saved: ctx.query.saved === '1' }),
  post: {
    audit: {
      action: 'referral-response-times.change',
      subjectType: 'partnership',
      subjectId: (_p, actor) => actor.partnershipId,
    },
    schema: timesForm,
    invalid: async (ctx, form) => page(ctx, { form }),
    handle: async (ctx, v, fields) => {
      const version = typeof v.version === 'number' ? v.version : null;
      if (await service.saveResponseTimes(ctx.db, ctx.actor, v, version))
        return redirect('/admin/referral-response-times?saved=1');
      const text = 'Someone else changed these times meanwhile: check them and save again';
      return page(ctx, { form: { values: fields, errors: {}, errorList: [{ text, href: '#high' }] }, status: 409 });
    },
  },
});
