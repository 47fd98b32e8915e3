import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { label } from '../../platform/language/index.ts';
import { sendInTheirLanguages, type Mailer } from '../../platform/mail.ts';
import * as repo from './restricted-repository.ts';
import { ESCALATE_AFTER_WORKING_DAYS, workingDaysBetween } from './restricted-rules.ts';

// The access module's background work, run by jobs.ts on the owner connection (it crosses partnerships
// and reads who to tell). The e-mails name no one: they link to the lists behind sign-in, and each is written in
// its recipient's language.

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
    const reviewer = await repo.safeguardingReviewer(owner, partnershipId);
    // With no reviewer designated the coordinators are told, so an escalation never goes nowhere.
    const to = reviewer ? [reviewer] : await repo.coordinators(owner, partnershipId);
    await sendInTheirLanguages(mailer, to, () => ({
      subject: label('access.mail.escalated.subject'),
      text: label('access.mail.escalated.text', {
        count,
        days: ESCALATE_AFTER_WORKING_DAYS,
        link: `${publicUrl}/break-glass-reviews`,
      }),
    }));
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
    await sendInTheirLanguages(mailer, leads.length ? leads : users, () => ({
      subject: label('access.mail.approved.subject'),
      text: label('access.mail.approved.text', { link: `${publicUrl}/restricted-requests` }),
    }));
  }
}
