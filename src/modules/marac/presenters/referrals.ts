import type { FormErrors } from '../../../platform/pages/page.ts';
import type * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';

// Referrals -> what the queue, the decision page and the referrer's list show.

type Referral = NonNullable<Awaited<ReturnType<typeof service.getReferral>>>;

export const referralQueue = (queue: Awaited<ReturnType<typeof service.referralQueue>>) => ({
  title: label('marac.referrals.title'),
  section: 'marac',
  ...queue,
});

/**
 * The decision page: the referral, with the acceptance form filled from what the referral
 * already says, or with the answers and problems of a form sent back (`declineValues` for the decline form).
 */
export function referralDecision(
  referral: Referral,
  form: Partial<FormErrors> & { declineValues?: Record<string, unknown> } = {},
) {
  const values = form.values ?? {
    riskLevel: referral.riskLevel ?? '',
    childrenInHousehold: referral.children_in_household ?? 0,
    consentStatus: referral.consent_status ?? '',
    lawfulBasis: referral.lawful_basis ?? '',
  };
  return { title: label('marac.referral.title'), section: 'marac', referral, ...form, values };
}

export const newReferral = (form: Partial<FormErrors> = {}) => ({
  title: label('marac.referral-new.title'),
  section: 'marac',
  values: { childrenInHousehold: '0' },
  ...form,
});

export const agencyReferrals = (
  rows: Awaited<ReturnType<typeof service.referralsFromMyAgency>>,
  referred: string | undefined,
) => ({ title: label('marac.my-referrals.title'), section: 'marac', rows, referred });
