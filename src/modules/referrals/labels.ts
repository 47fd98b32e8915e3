import { label } from '../../platform/language/index.ts';
import { REFERRAL_SERVICES, type ReferralService } from './tables.ts';

// The words for a referral's service, status, shared level, risk level and consent, in the page's
// language (src/modules/referrals/messages/), for the templates to look up.

const byKey = <K extends string>(prefix: string, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, label(`${prefix}.${k}`)])) as Record<K, string>;

export const serviceLabels = (): Record<ReferralService, string> => byKey('referrals.service', REFERRAL_SERVICES);
export const statusLabels = () => byKey('referrals.status', ['awaiting', 'accepted', 'declined'] as const);
export const sharedLabels = () => byKey('referrals.shared', ['shared-summary', 'full'] as const);
export const levelLabels = () => byKey('referrals.level', ['standard', 'medium', 'high'] as const);
export const consentLabels = () => byKey('referrals.consent', ['given', 'refused', 'not-asked'] as const);
