import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import '../../src/modules/access/tables.ts';

// Demo teams and the designated safeguarding reviewer, so restricted details can be named for a team
// (the police domestic abuse unit) and every agency's emergency access has someone to review it.
const DEMO_TEAMS: Record<string, { teams: { agency: string; name: string; members: string[] }[]; reviewer: string }> = {
  northshire: {
    teams: [
      { agency: 'police', name: 'Domestic Abuse Unit', members: ['police@northshire.example'] },
      { agency: 'csc', name: 'Children’s Services Locality Team', members: ['social.worker@northshire.example'] },
    ],
    reviewer: 'coordinator@northshire.example',
  },
};

export async function seedTeams(
  tx: Kysely<Database>,
  code: string,
  partnershipId: string,
  agencyIds: ReadonlyMap<string, string>,
): Promise<void> {
  const demo = DEMO_TEAMS[code];
  if (!demo) return;
  const userId = async (email: string) =>
    (await tx.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  for (const team of demo.teams) {
    const agencyId = agencyIds.get(team.agency)!;
    const { id } = await tx
      .insertInto('team')
      .values({ partnership_id: partnershipId, agency_id: agencyId, name: team.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const email of team.members)
      await tx
        .insertInto('team_member')
        .values({ team_id: id, user_id: await userId(email), partnership_id: partnershipId, agency_id: agencyId })
        .execute();
  }
  const reviewer = await userId(demo.reviewer);
  await tx
    .insertInto('safeguarding_reviewer')
    .values({ partnership_id: partnershipId, user_id: reviewer, designated_by: reviewer })
    .execute();
}
