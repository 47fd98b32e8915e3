import type { AgencyKind } from '../../db/schema.ts';
import type { ReferralLevel, ReferralService } from './tables.ts';

// Pure rules for referrals: when one is due, which next steps are referrals, and
// which kinds of agency usually provide each service.

export interface ResponseTimes {
  high: number;
  medium: number;
  standard: number;
}
/** Hours the receiving agency has to pick a referral up, by risk level, when the partnership has set none. */
export const DEFAULT_RESPONSE_HOURS: ResponseTimes = { high: 24, medium: 72, standard: 168 };

export function dueAt(referredAt: Date, level: ReferralLevel, hours: ResponseTimes = DEFAULT_RESPONSE_HOURS): Date {
  return new Date(referredAt.getTime() + hours[level] * 3_600_000);
}

/** Next steps of the minimum response that are a referral to another service (MARAC has its own referral). */
export const STEP_SERVICES: Record<string, ReferralService> = {
  'refer-to-idva': 'idva',
  'refer-to-childrens-social-care': 'childrens-social-care',
  'refer-to-specialist-service': 'specialist-domestic-abuse',
  'refer-to-adult-social-care': 'adult-social-care',
  'refer-to-housing': 'housing-sanctuary',
};

export function serviceForStep(stepId: string): ReferralService | null {
  if (STEP_SERVICES[stepId]) return STEP_SERVICES[stepId];
  return stepId.startsWith('refer-to-') && stepId !== 'refer-to-marac' ? 'other' : null;
}

/** The kinds of agency that usually provide a service, to offer them first in the list of receivers. */
export const SERVICE_AGENCY_KINDS: Record<ReferralService, readonly AgencyKind[]> = {
  idva: ['idva-service'],
  'childrens-social-care': ['childrens-social-care'],
  'adult-social-care': ['adult-social-care'],
  'housing-sanctuary': ['housing'],
  'specialist-domestic-abuse': ['refuge-voluntary', 'idva-service'],
  'mental-health': ['health'],
  'substance-misuse': ['health', 'other'],
  'perpetrator-programme': ['probation', 'refuge-voluntary', 'other'],
  other: [],
};

/** Is the referral overdue and not yet escalated? (The job escalates each one once.) */
export const needsEscalation = (r: { status: string; due_at: Date; escalated_at: Date | null }, now: Date) =>
  r.status === 'awaiting' && r.escalated_at === null && r.due_at.getTime() <= now.getTime();
