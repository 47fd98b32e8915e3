import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import * as risk from '../../src/modules/risk/service.ts';
import { actorByEmail } from '../support/actors.ts';
import '../../src/modules/marac/tables.ts';

// The checklist's "repeat" criterion asks when the victim was last discussed at MARAC. The victim,
// not one agency's record of her: a MARAC held on the police's record counts on the health visitor's once the match is confirmed.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('the repeat criterion across agencies', () => {
  it('counts a MARAC held on another agency’s record of the victim once the match is confirmed, and not one held for someone else', async () => {
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
    const checklist = (actor: typeof police, victim: { givenName: string; familyName: string; dateOfBirth: string }) =>
      risk.recordAssessment(t.dbs.app, actor, instrument, {
        victim,
        answers: instrument.questions.map((q, i) => ({
          questionId: q.id,
          answer: i < 3 ? ('yes' as const) : ('no' as const),
        })),
        judgement: {
          victimView: null,
          judgementLevel: null,
          judgementReason: null,
          consentToShare: 'given',
          childrenInHousehold: 0,
        },
        referToMarac: false,
        referralReason: null,
      });
    const criteriaOf = async (id: string) =>
      (
        (
          await t.dbs.owner
            .selectFrom('assessment')
            .select('criteria_met')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).criteria_met ?? []
      ).map((c) => c.criterion);
    const personOf = async (id: string) =>
      await t.dbs.owner
        .selectFrom('assessment')
        .select(['person_id', 'partnership_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    // The police's record of Rowan Achterberg was discussed at MARAC two months ago.
    const policeRecord = await personOf(
      (await checklist(police, { givenName: 'Rowan', familyName: 'Achterberg', dateOfBirth: '1991-11-04' })).id,
    );
    await t.dbs.owner
      .insertInto('last_marac')
      .values({
        person_id: policeRecord.person_id,
        partnership_id: policeRecord.partnership_id,
        discussed_on: daysAgo(60),
      })
      .execute();

    // The health visitor's checklist with exactly the same name and date of birth is on the health visitor's own
    // record, matched to the police's; a match nobody has confirmed is not counted.
    const same = await checklist(visitor, { givenName: 'Rowan', familyName: 'Achterberg', dateOfBirth: '1991-11-04' });
    expect((await personOf(same.id)).person_id).not.toBe(policeRecord.person_id);
    expect(await criteriaOf(same.id)).not.toContain('repeat');

    // Spelt differently, she is a new record, matched to the police's in the same transaction. A match nobody
    // has confirmed is shown as possible, not counted: no repeat yet.
    const typo = { givenName: 'Rowan', familyName: 'Achterburg', dateOfBirth: '1991-11-04' };
    const first = await checklist(visitor, typo);
    const visitorRecord = await personOf(first.id);
    expect(visitorRecord.person_id).not.toBe(policeRecord.person_id);
    const [a, b] = [visitorRecord.person_id, policeRecord.person_id].sort() as [string, string];
    const link = await t.dbs.owner
      .selectFrom('person_link')
      .select(['id', 'status'])
      .where('person_a', '=', a)
      .where('person_b', '=', b)
      .executeTakeFirstOrThrow();
    expect(link.status).toMatch(/^(suggested|review)$/);
    expect(await criteriaOf(first.id)).not.toContain('repeat');

    // Once a practitioner confirms the match, her next checklist on that record is a repeat.
    await t.dbs.owner.updateTable('person_link').set({ status: 'confirmed' }).where('id', '=', link.id).execute();
    const next = await checklist(visitor, typo);
    expect((await personOf(next.id)).person_id).toBe(visitorRecord.person_id);
    expect(await criteriaOf(next.id)).toContain('repeat');

    // A different woman (another date of birth and first name) is not a repeat.
    const other = await checklist(visitor, {
      givenName: 'Sienna',
      familyName: 'Achterberg',
      dateOfBirth: '1964-02-17',
    });
    expect(await criteriaOf(other.id)).not.toContain('repeat');
  });
});
