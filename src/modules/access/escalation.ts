import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Mailer } from '../../platform/mail.ts';
import { ESCALATE_AFTER_WORKING_DAYS, workingDaysBetween } from './restricted-rules.ts';
import './tables.ts';

export const ESCALATION_QUEUE = 'access.break-glass-escalation';

/**
 * Background job (as the owner, across partnerships): marks break-glass grants unreviewed after three
 * working days as escalated, which puts them before the partnership's designated safeguarding reviewer,
 * and e-mails that reviewer the count. The e-mail names no one.
 */
export async function escalateUnreviewedGrants(
  owner: Kysely<Database>,
  mailer: Mailer,
  publicUrl: string,
  now = new Date(),
): Promise<number> {
  const open = await owner
    .selectFrom('break_glass_grant')
    .select(['id', 'partnership_id', 'granted_at'])
    .where('reviewed_at', 'is', null)
    .where('escalated_at', 'is', null)
    .where('approval', '!=', 'refused')
    .execute();
  const due = open.filter((g) => workingDaysBetween(g.granted_at, now) >= ESCALATE_AFTER_WORKING_DAYS);
  if (due.length === 0) return 0;
  await owner
    .updateTable('break_glass_grant')
    .set({ escalated_at: now })
    .where(
      'id',
      'in',
      due.map((g) => g.id),
    )
    .execute();
  const byPartnership = new Map<string, number>();
  for (const g of due) byPartnership.set(g.partnership_id, (byPartnership.get(g.partnership_id) ?? 0) + 1);
  for (const [partnershipId, count] of byPartnership) {
    const reviewer = await owner
      .selectFrom('safeguarding_reviewer')
      .innerJoin('app_user', 'app_user.id', 'safeguarding_reviewer.user_id')
      .select('app_user.email')
      .where('safeguarding_reviewer.partnership_id', '=', partnershipId)
      .where('app_user.active', '=', true)
      .executeTakeFirst();
    // With no reviewer designated the coordinators are told, so an escalation never goes nowhere.
    const to = reviewer
      ? [reviewer.email]
      : (
          await owner
            .selectFrom('app_user')
            .select('email')
            .where('partnership_id', '=', partnershipId)
            .where('role', '=', 'marac-coordinator')
            .where('active', '=', true)
            .execute()
        ).map((u) => u.email);
    await mailer.send({
      to,
      subject: 'Emergency access not reviewed: escalated to you',
      text: `${count} use${count === 1 ? '' : 's'} of emergency access ${count === 1 ? 'has' : 'have'} not been reviewed for ${ESCALATE_AFTER_WORKING_DAYS} working days and ${count === 1 ? 'is' : 'are'} now yours to review.\n\nSign in to review: ${publicUrl}/break-glass-reviews\n\nThis message deliberately names no one.`,
    });
  }
  return due.length;
}
