import type { FormErrors } from '../../../platform/pages/page.ts';
import * as labels from '../labels.ts';
import type * as service from '../service.ts';

// Referrals -> what the queue, the decision page and the referrer's list show.

type Referral = NonNullable<Awaited<ReturnType<typeof service.getReferral>>>;

export const referralQueue = (queue: Awaited<ReturnType<typeof service.referralQueue>>) => ({
  title: 'MARAC referrals',
  section: 'marac',
  ...queue,
  labels,
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
  return { title: 'Decide a MARAC referral', section: 'marac', referral, labels, ...form, values };
}

export const newReferral = (form: Partial<FormErrors> = {}) => ({
  title: 'Refer to MARAC',
  section: 'marac',
  values: { childrenInHousehold: '0' },
  ...form,
});

export const agencyReferrals = (
  rows: Awaited<ReturnType<typeof service.referralsFromMyAgency>>,
  referred: string | undefined,
) => ({ title: 'Your agency’s MARAC referrals', section: 'marac', rows, labels, referred });
