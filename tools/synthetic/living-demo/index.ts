import type { Databases } from '../../../src/db/connection.ts';
import { people } from '../../../src/modules/people/tables.ts';
import { maracStep } from './marac.ts';
import { accessStep } from './access.ts';
import type { LivingDemoContext, LivingDemoStep } from './context.ts';

/**
 * The living demo: a partnership in which every demo role has something to do
 * when it signs in (referrals waiting, a meeting next week with research in
 * progress, cases with open and overdue actions, a break-glass grant to review).
 * Every record is made through the modules' services, acting as the demo user
 * who would make it, on the app connection, so row-level security and the
 * services' rules apply exactly as for a person at a keyboard. Everything is
 * invented, and every free-text field says so.
 *
 * Extension point: a capability that gives a role work (worklists, service
 * referrals, an advocate's caseload, teams) adds one file here exporting a
 * `LivingDemoStep`, and one line to `LIVING_DEMO_STEPS`. Steps run in order in
 * one go on a database whose accounts are loaded; `shared` carries what a later
 * step needs from an earlier one (ids of cases, people).
 */
export const LIVING_DEMO_STEPS: LivingDemoStep[] = [maracStep, accessStep];

/** Loads the living demo once: a database that already has a MARAC meeting is left as it is. */
export async function loadLivingDemo(dbs: Databases): Promise<{ loaded: boolean }> {
  if (await dbs.owner.selectFrom('marac_meeting').select('id').limit(1).executeTakeFirst()) return { loaded: false };
  const context: LivingDemoContext = {
    dbs,
    actor: async (email) => {
      const u = await dbs.owner
        .selectFrom('app_user')
        .select(['id', 'partnership_id', 'agency_id', 'role', 'display_name'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return {
        userId: u.id,
        partnershipId: u.partnership_id,
        agencyId: u.agency_id,
        role: u.role,
        displayName: u.display_name,
      };
    },
    personBySourceId: async (sourceId) =>
      (
        await people(dbs.owner as never)
          .selectFrom('person')
          .select('id')
          .where('source_id', '=', sourceId)
          .executeTakeFirstOrThrow()
      ).id,
    day: (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10),
    shared: new Map(),
  };
  for (const step of LIVING_DEMO_STEPS) {
    try {
      await step.run(context);
    } catch (error) {
      throw new Error(`living demo, ${step.name}: ${(error as Error).message}`, { cause: error });
    }
  }
  return { loaded: true };
}
