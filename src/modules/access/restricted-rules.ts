import type { Role } from '../../db/schema.ts';

// The rules for restricted details and break-glass, pure so the property tests can prove them.
// Row-level security (migrations 0016, 0017) enforces the same rules in the database.

/** Roles that work cases: only they read restricted details, ask for them, decide requests or break glass. */
export const CASEWORKING_ROLES = [
  'practitioner',
  'agency-lead',
  'marac-coordinator',
  'marac-chair',
] as const satisfies readonly Role[];

export interface RestrictedViewer {
  userId: string;
  agencyId: string;
  role: Role;
  teamIds: readonly string[];
}
export interface RestrictedNaming {
  recordingAgencyId: string;
  agencyIds: readonly string[];
  teamIds: readonly string[];
  userIds: readonly string[];
}

/**
 * The recording agency and the agencies, teams and users it names. Never an administrator or an
 * analyst, and never by sharing level or break-glass: the only other way in is an approved request.
 */
export function mayReadRestrictedDetail(viewer: RestrictedViewer, named: RestrictedNaming): boolean {
  if (!(CASEWORKING_ROLES as readonly Role[]).includes(viewer.role)) return false;
  return (
    viewer.agencyId === named.recordingAgencyId ||
    named.agencyIds.includes(viewer.agencyId) ||
    named.userIds.includes(viewer.userId) ||
    viewer.teamIds.some((t) => named.teamIds.includes(t))
  );
}

/** Monday to Friday days after `from` up to and including `to` (bank holidays are not known to the service). */
export function workingDaysBetween(from: Date, to: Date): number {
  let days = 0;
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  while (d.getTime() < end) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) days++;
  }
  return days;
}

/** Grants unreviewed for this many working days go to the partnership's designated safeguarding reviewer. */
export const ESCALATE_AFTER_WORKING_DAYS = 3;
