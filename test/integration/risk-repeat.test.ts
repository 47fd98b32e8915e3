import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import * as risk from '../../src/modules/risk/service.ts';
import { actorByEmail } from '../support/actors.ts';
import '../../src/modules/marac/tables.ts';

// The checklist's "repeat" criterion asks when the victim was last discussed at MARAC. The victim,
// not this agency's record of her: a MARAC held on the police's record counts for the health visitor's.

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => t?.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('the repeat criterion across agencies', () => {
  it('counts a MARAC held on another agency’s linked record of the victim, and not one held for someone else', async () => {
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
    const checklist = (actor: typeof police, victim: { givenName: string; familyName: string; dateOfBirth: string }) => risk.recordAssessment(t.dbs.app, actor, instrument, {
      victim, answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < 3 ? 'yes' as const : 'no' as const })),
      judgement: { victimView: null, judgementLevel: null, judgementReason: null, consentToShare: 'given', childrenInHousehold: 0 }, referToMarac: false, referralReason: null,
    });
    const criteriaOf = async (id: string) => ((await t.dbs.owner.selectFrom('assessment').select('criteria_met').where('id', '=', id).executeTakeFirstOrThrow()).criteria_met ?? []).map((c) => c.criterion);
    const personOf = async (id: string) => (await t.dbs.owner.selectFrom('assessment').select(['person_id', 'partnership_id']).where('id', '=', id).executeTakeFirstOrThrow());

    // The police's record of Rowan Achterberg was discussed at MARAC two months ago.
    const policeRecord = await personOf((await checklist(police, { givenName: 'Rowan', familyName: 'Achterberg', dateOfBirth: '1991-11-04' })).id);
    await t.dbs.owner.insertInto('last_marac').values({ person_id: policeRecord.person_id, partnership_id: policeRecord.partnership_id, discussed_on: daysAgo(60) }).execute();

    // The health visitor's checklist for the same woman makes a new record, matched and linked to the police's in the same transaction.
    const same = await checklist(visitor, { givenName: 'Rowan', familyName: 'Achterberg', dateOfBirth: '1991-11-04' });
    const visitorRecord = await personOf(same.id);
    expect(visitorRecord.person_id).not.toBe(policeRecord.person_id);
    expect(await criteriaOf(same.id)).toContain('repeat');

    // A different woman (another date of birth and first name) is not a repeat.
    const other = await checklist(visitor, { givenName: 'Sienna', familyName: 'Achterberg', dateOfBirth: '1964-02-17' });
    expect(await criteriaOf(other.id)).not.toContain('repeat');
  });
});
