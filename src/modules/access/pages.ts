import type { AnyPage } from '../../platform/pages/page.ts';
import { accessLog, accessReports, readingAlerts } from './access-log/log.ts';
import { breakGlass } from './break-glass/break-glass.ts';
import { approveBreakGlass, breakGlassReviews, ourRecordsOpened, reviewBreakGlass } from './break-glass/reviews.ts';
import { checklistExports } from './exports/checklists.ts';
import { askForRestricted, approvedView, recordRestricted, restrictedDetails } from './restricted/details.ts';
import { decideRestrictedRequest, restrictedRequests } from './restricted/requests.ts';
import { applyRetention, retention, retentionPeriod } from './retention/retention.ts';
import { sharingDecisions } from './sharing/sharing.ts';
import { addMember, chooseReviewer, removeMember, team, teams } from './teams/teams.ts';

/** Every access page, by journey. A new page is added here and in test/security/route-matrix.ts. */
export const accessPages: readonly AnyPage[] = [
  // Who has read a person's records, and reading that looks unusual (agency leads).
  accessLog,
  ...accessReports,
  readingAlerts,
  // Sharing decisions: the lawful basis on which another agency sees more.
  sharingDecisions,
  // The checklists a user may see, as a file.
  ...checklistExports,
  // Retention (administrators).
  retention,
  retentionPeriod,
  applyRetention,
  // Restricted details, asking to see them, and deciding.
  restrictedDetails,
  recordRestricted,
  askForRestricted,
  approvedView,
  restrictedRequests,
  decideRestrictedRequest,
  // Emergency access, its approval and review.
  breakGlass,
  breakGlassReviews,
  reviewBreakGlass,
  approveBreakGlass,
  ourRecordsOpened,
  // Teams a restricted detail may name, and choosing the designated safeguarding reviewer (administrators).
  teams,
  team,
  addMember,
  removeMember,
  chooseReviewer,
];
