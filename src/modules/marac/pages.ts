import type { AnyPage } from '../../platform/pages/page.ts';
import { agencyActions, completeAction } from './actions/actions.ts';
import { addAction, recordDiscussion } from './cases/discussion.ts';
import { chairView } from './cases/chair.ts';
import { closeCase, maracCase, openCases } from './cases/cases.ts';
import { markFlagSeen, repeatFlags } from './cases/repeats.ts';
import { hub } from './hub.ts';
import { agenda, assignCases } from './meetings/agenda.ts';
import { markHeld, minutes } from './meetings/held.ts';
import { meetings, newMeeting, scheduleMeeting } from './meetings/schedule.ts';
import { acceptReferral, declineReferral, referral } from './referrals/decide.ts';
import { referralQueue } from './referrals/queue.ts';
import { agencyReferrals, makeReferral, newReferral } from './referrals/refer.ts';
import { completeness, researchReminders } from './research/completeness.ts';
import { research } from './research/research.ts';
import { areaPopulation, quarterlyReturn, returnExports } from './return/return.ts';
import { transferCase } from './transfers/send.ts';
import { acceptTransfer, transferReceived, transfers } from './transfers/received.ts';

/** Every MARAC page, by journey. A new page is added here and in test/security/route-matrix.ts. */
export const maracPages: readonly AnyPage[] = [
  hub,
  // Referrals: any agency refers; the coordinator decides.
  referralQueue,
  newReferral,
  makeReferral,
  agencyReferrals,
  referral,
  acceptReferral,
  declineReferral,
  // Meetings: scheduling, the agenda, listing cases, marking held, the minutes.
  meetings,
  newMeeting,
  scheduleMeeting,
  agenda,
  assignCases,
  markHeld,
  minutes,
  // Research before the meeting, and its completeness.
  research,
  completeness,
  researchReminders,
  // At the meeting: the chair's view of a case, the discussion and actions; then the case itself and repeats.
  chairView,
  recordDiscussion,
  addAction,
  openCases,
  maracCase,
  closeCase,
  repeatFlags,
  markFlagSeen,
  // Each agency's actions.
  agencyActions,
  completeAction,
  // Transfers between partnerships.
  transferCase,
  transfers,
  transferReceived,
  acceptTransfer,
  // The quarterly return.
  quarterlyReturn,
  ...returnExports,
  areaPopulation,
];
