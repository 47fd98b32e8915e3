import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Mailer } from '../../platform/mail.ts';
import * as repo from './restricted-repository.ts';
import { ESCALATE_AFTER_WORKING_DAYS, workingDaysBetween } from './restricted-rules.ts';

// The access module's background work, run by jobs.ts on the owner connection (it crosses partnerships
// and reads who to tell). The e-mails name no one: they link to the lists behind sign-in.

/**
 * Marks break-glass grants unreviewed after three working days as escalated, which puts them before the
 * partnership's designated safeguarding reviewer, and e-mails that reviewer the count.
 */
export async function escalateUnreviewedGrants(
  owner: Kysely<Database>,
  mailer: Mailer,
  publicUrl: string,
  now = new Date(),
): Promise<number> {
  const open = await repo.unreviewedGrants(owner);
  const due = open.filter((g) => workingDaysBetween(g.granted_at, now) >= ESCALATE_AFTER_WORKING_DAYS);
  if (due.length === 0) return 0;
  await repo.markEscalated(
    owner,
    due.map((g) => g.id),
    now,
  );
  const byPartnership = new Map<string, number>();
  for (const g of due) byPartnership.set(g.partnership_id, (byPartnership.get(g.partnership_id) ?? 0) + 1);
  for (const [partnershipId, count] of byPartnership) {
    const reviewer = await repo.safeguardingReviewerEmail(owner, partnershipId);
    // With no reviewer designated the coordinators are told, so an escalation never goes nowhere.
    const to = reviewer ? [reviewer] : await repo.coordinatorEmails(owner, partnershipId);
    await mailer.send({
      to,
      subject: 'Emergency access not reviewed: escalated to you',
      text: `${count} use${count === 1 ? '' : 's'} of emergency access ${count === 1 ? 'has' : 'have'} not been reviewed for ${ESCALATE_AFTER_WORKING_DAYS} working days and ${count === 1 ? 'is' : 'are'} now yours to review.\n\nSign in to review: ${publicUrl}/break-glass-reviews\n\nThis message deliberately names no one.`,
    });
  }
  return due.length;
}

/** Tells the agencies that recorded restricted details that a request to see them was approved (leads first). */
export async function tellRecordingAgencies(
  owner: Kysely<Database>,
  mailer: Mailer,
  publicUrl: string,
  agencyIds: readonly string[],
): Promise<void> {
  for (const agencyId of agencyIds) {
    const users = await repo.caseworkersOfAgency(owner, agencyId);
    const leads = users.filter((u) => u.role === 'agency-lead');
    await mailer.send({
      to: (leads.length ? leads : users).map((u) => u.email),
      subject: 'Restricted details your agency recorded: a request was approved',
      text: `A request to see restricted details your agency recorded has been approved for one view.\n\nSign in to see who asked, why and who approved: ${publicUrl}/restricted-requests\n\nThis message deliberately names no one.`,
    });
  }
}
