import { faker } from '@faker-js/faker/locale/en_GB';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { AGENCY_KINDS, ROLES } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import { newTotpSecret } from '../../src/platform/auth/totp.ts';
import { DEMO_PARTNERSHIPS, DEMO_PASSWORD } from './demo-accounts.ts';
import { loadInstrumentRegistry } from '../../src/modules/risk/registry.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import { decideLevel, scoreAssessment } from '../../src/modules/risk/scoring.ts';
import { seedPeople } from './people.ts';
import { seedTeams } from './teams.ts';

export type SeedSize = 'demo' | 'area' | 'national';

/** Loads synthetic data as the owner. Idempotent per partnership code. */
export async function seed(owner: Kysely<Database>, size: SeedSize): Promise<{ partnerships: number; users: number }> {
  let partnerships = 0;
  let users = 0;
  const demoHash = await hashPassword(DEMO_PASSWORD);
  for (const demo of DEMO_PARTNERSHIPS) {
    if (await exists(owner, demo.code)) continue;
    await owner.transaction().execute(async (tx) => {
      const p = await tx
        .insertInto('partnership')
        .values({ code: demo.code, name: demo.name })
        .returning('id')
        .executeTakeFirstOrThrow();
      const ids = new Map<string, string>();
      for (const agency of demo.agencies) {
        const row = await tx
          .insertInto('agency')
          .values({ partnership_id: p.id, name: agency.name, kind: agency.kind })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.set(agency.key, row.id);
      }
      if (demo.victimHistory) await seedVictimHistory(tx, p.id, ids, demo.victimHistory);
      for (const account of demo.accounts) {
        await tx
          .insertInto('app_user')
          .values({
            partnership_id: p.id,
            agency_id: ids.get(account.agency)!,
            email: account.email,
            display_name: account.displayName,
            role: account.role,
            password_hash: demoHash,
            totp_secret: account.totpSecret,
          })
          .execute();
        users++;
      }
      await seedTeams(tx, demo.code, p.id, ids);
    });
    partnerships++;
  }
  await seedPeople(owner, size);
  if (size === 'demo') return { partnerships, users };

  // Larger sizes add generated partnerships, written a partnership at a time so memory stays flat.
  faker.seed(2026);
  const count = size === 'area' ? 1 : 40;
  const usersPerAgency = size === 'area' ? 20 : 50;
  const sharedHash = await hashPassword(faker.internet.password({ length: 24 }));
  for (let n = 1; n <= count; n++) {
    const code = `area-${String(n).padStart(3, '0')}`;
    if (await exists(owner, code)) continue;
    await owner.transaction().execute(async (tx) => {
      const p = await tx
        .insertInto('partnership')
        .values({ code, name: `${faker.location.county()} ${n}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const kind of AGENCY_KINDS) {
        const agency = await tx
          .insertInto('agency')
          .values({ partnership_id: p.id, name: `${faker.location.city()} ${kind} ${n}`, kind })
          .returning('id')
          .executeTakeFirstOrThrow();
        const rows = Array.from({ length: usersPerAgency }, (_, i) => ({
          partnership_id: p.id,
          agency_id: agency.id,
          email: `user${i}.${kind}.${code}@synthetic.example`,
          display_name: faker.person.fullName(),
          role: ROLES[i % ROLES.length]!,
          password_hash: sharedHash,
          totp_secret: newTotpSecret(),
        }));
        await tx.insertInto('app_user').values(rows).execute();
        users += rows.length;
      }
    });
    partnerships++;
  }
  return { partnerships, users };
}

/** A synthetic victim already known to the police: three police-recorded incidents this year and an earlier checklist. */
async function seedVictimHistory(
  tx: Kysely<Database>,
  partnershipId: string,
  agencyIds: Map<string, string>,
  victim: NonNullable<(typeof DEMO_PARTNERSHIPS)[number]['victimHistory']>,
) {
  const police = agencyIds.get('police')!;
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const person = await tx
    .insertInto('person')
    .values({
      partnership_id: partnershipId,
      agency_id: police,
      given_name: victim.givenName,
      family_name: victim.familyName,
      date_of_birth: victim.dateOfBirth,
      created_by: '00000000-0000-0000-0000-000000000000',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const incidents = [
    { days: 200, kind: 'Police call-out: verbal argument', severity: 'low' as const },
    { days: 90, kind: 'Police call-out: criminal damage', severity: 'medium' as const },
    { days: 30, kind: 'Police call-out: assault', severity: 'high' as const },
  ];
  for (const i of incidents) {
    await tx
      .insertInto('incident')
      .values({
        partnership_id: partnershipId,
        agency_id: police,
        person_id: person.id,
        occurred_on: daysAgo(i.days),
        kind: i.kind,
        severity: i.severity,
        police_recorded: true,
      })
      .execute();
  }
  // Scored by the real rules, so the demo record is one the service could have produced.
  const instrument = requireChecklist(await loadInstrumentRegistry(), 'police-checklist@1');
  const answers = instrument.questions.map((q) => ({
    questionId: q.id,
    answer: victim.earlierYes.includes(q.id) ? ('yes' as const) : ('no' as const),
  }));
  const scored = scoreAssessment(instrument, answers);
  const decision = decideLevel({
    levelByScore: scored.levelByScore,
    score: scored.score,
    thresholds: scored.thresholdsUsed,
  });
  await tx
    .insertInto('assessment')
    .values({
      partnership_id: partnershipId,
      agency_id: police,
      person_id: person.id,
      instrument_id: instrument.id,
      instrument_version: instrument.version,
      status: 'completed',
      answers: JSON.stringify(answers),
      score: scored.score,
      level_by_score: scored.levelByScore,
      level: decision.level,
      level_reasons: JSON.stringify(decision.reasons),
      factors_present: JSON.stringify(scored.factorsPresent),
      criteria_met: JSON.stringify([]),
      created_by: '00000000-0000-0000-0000-000000000000',
      completed_on: daysAgo(90),
      consent_to_share: 'given',
      children_in_household: 1,
    })
    .execute();
}

async function exists(owner: Kysely<Database>, code: string): Promise<boolean> {
  return Boolean(await owner.selectFrom('partnership').select('id').where('code', '=', code).executeTakeFirst());
}

export async function isEmpty(owner: Kysely<Database>): Promise<boolean> {
  return !(await owner.selectFrom('partnership').select('id').limit(1).executeTakeFirst());
}
