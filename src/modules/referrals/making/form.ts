import type { FormErrors, PageContext } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import { problemPage, redirect, view } from '../../../platform/pages/results.ts';
import { templateLabels } from '../presenters/labels.ts';
import { REFERRAL_SERVICES } from '../tables.ts';
import * as service from '../service.ts';

// The referral form, shared by the page that opens it and the one it is sent to: made from a completed
// checklist the user's agency recorded (and, from a next step, that step), with any problems beside their fields.

const NOT_FROM_CHECKLIST = 'Referrals are made from a completed checklist your agency recorded.';

export const startPage = (errorList?: FormErrors['errorList']) =>
  view('referrals/views/start.njk', { title: label('referrals.make.title'), section: 'referrals', errorList });

export async function referralFormPage(
  { db, actor }: Pick<PageContext<unknown>, 'db' | 'actor'>,
  assessmentId: string,
  stepId: string | null,
  form?: Partial<FormErrors>,
) {
  const context = await service.referralContext(db, actor, assessmentId, stepId);
  if (!context) return problemPage('Page not found', NOT_FROM_CHECKLIST, 404);
  if (context.existing && !form) return redirect(`/referrals/${context.existing.id}`);
  const values = form?.values ?? {
    assessmentId,
    stepId: stepId ?? '',
    service: context.service ?? '',
    toAgencyId: context.agencies[0]?.id ?? '',
    consentStatus: context.assessment.consent_to_share ?? '',
    sharedLevel: 'shared-summary',
  };
  return view(
    'referrals/views/new.njk',
    {
      title: label('referrals.make.title'),
      context,
      values,
      labels: templateLabels(),
      services: REFERRAL_SERVICES,
      errors: form?.errors ?? {},
      errorList: form?.errorList,
    },
    { status: form?.errorList?.length ? 400 : 200 },
  );
}
