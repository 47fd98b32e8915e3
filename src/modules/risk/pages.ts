import type { AnyPage } from '../../platform/pages/page.ts';
import { completeChecklist, judgement } from './checklist/judgement.ts';
import { checklist, saveAnswers } from './checklist/questions.ts';
import { referToMarac, result } from './checklist/result.ts';
import { startChecklist, startForm } from './checklist/start.ts';
import { children, rateChild } from './response/children.ts';
import { addHouseholdMember, householdMembers, removeHouseholdMember } from './response/household.ts';
import { nextSteps, recordNextSteps } from './response/next-steps.ts';
import { plans } from './response/plans.ts';
import { escalationThreshold, minimumResponse, riskSettings } from './settings/settings.ts';

/** Every risk page, by journey. A new page is added here and in test/security/route-matrix.ts. */
export const riskPages: readonly AnyPage[] = [
  // The checklist: start, the household, the sections, the judgement, the result and a referral to MARAC.
  startForm,
  startChecklist,
  householdMembers,
  addHouseholdMember,
  removeHouseholdMember,
  checklist,
  saveAnswers,
  judgement,
  completeChecklist,
  result,
  referToMarac,
  // The response to the checklist: each child's risk, the next steps and the plans.
  children,
  rateChild,
  nextSteps,
  recordNextSteps,
  ...plans,
  // The partnership's settings (administrators).
  riskSettings,
  escalationThreshold,
  minimumResponse,
];
