import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { completedChecklist } from '../support/checklists.ts';
import '../../src/modules/worklists/tables.ts';

// Worklist items follow the records confirmed as the same person, in whichever order the incident,
// the checklist and the confirmed link arrive: one agency's checklist answers another agency's incident.
let t: TestApp;
let token = '';
beforeAll(async () => {
  t = await startTestApp();
  const admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
  token = await issueApiToken(admin, 'Northshire Housing', 'Housing records');
});
afterAll(async () => t?.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const victim = (familyName: string) => ({ givenName: 'Robin', familyName, dateOfBirth: '1987-07-07' });
const housingReport = async (familyName: string, days: number) => {
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      sourceId: `H-${familyName}`,
      type: 'housing-report',
      occurredOn: daysAgo(days),
      severity: 'medium',
      people: [{ sourceId: `HP-${familyName}`, role: 'victim', ...victim(familyName) }],
    },
  });
  expect(sent.statusCode).toBe(201);
  return (sent.json() as { id: string }).id;
};
const checklistByHealth = async (familyName: string) =>
  completedChecklist(t, await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example'), victim(familyName), {
    yes: 4,
  });
/** A practitioner confirms the two agencies' records of this person as the same person. */
async function confirm(familyName: string) {
  const [a, b] = (
    await t.dbs.owner
      .selectFrom('person')
      .select(['id', 'partnership_id'])
      .where('family_name', '=', familyName)
      .execute()
  ).sort((x, y) => (x.id < y.id ? -1 : 1));
  expect(b).toBeDefined();
  await t.dbs.owner
    .insertInto('person_link')
    .values({
      partnership_id: a!.partnership_id,
      person_a: a!.id,
      person_b: b!.id,
      probability: 0.99,
      weight: 12,
      status: 'confirmed',
    })
    .onConflict((oc) => oc.columns(['person_a', 'person_b']).doUpdateSet({ status: 'confirmed' }))
    .execute();
}
const itemsFor = (incidentId: string) =>
  t.dbs.owner
    .selectFrom('worklist_item')
    .select(['status', 'outcome', 'for_lead'])
    .where('subject_id', '=', incidentId)
    .where('kind', '=', 'incident-without-checklist')
    .orderBy('for_lead')
    .execute();

describe('worklist items across confirmed links', () => {
  it('a checklist on another agency’s record closes the incident’s item once the records are confirmed as one person', async () => {
    const incident = await housingReport('Farrowdale', 3);
    await checklistByHealth('Farrowdale');
    // Not yet known to be the same person: the housing item stays open.
    expect((await itemsFor(incident)).map((i) => i.status)).toEqual(['open', 'open']);
    await confirm('Farrowdale');
    expect(await itemsFor(incident)).toEqual([
      {
        status: 'closed',
        outcome: 'Risk checklist completed on a record confirmed as the same person',
        for_lead: false,
      },
      {
        status: 'closed',
        outcome: 'Risk checklist completed on a record confirmed as the same person',
        for_lead: true,
      },
    ]);
  });

  it('raises no item for an incident that a checklist on a confirmed record already follows', async () => {
    await checklistByHealth('Quillfield');
    // Housing's record arrives with an incident of two days ago; the records are confirmed; then a later report.
    const first = await housingReport('Quillfield', 2);
    await confirm('Quillfield');
    expect((await itemsFor(first)).every((i) => i.status === 'closed')).toBe(true);
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        sourceId: 'H-Quillfield-2',
        type: 'housing-report',
        occurredOn: daysAgo(1),
        severity: 'medium',
        people: [{ sourceId: 'HP-Quillfield', role: 'victim', ...victim('Quillfield') }],
      },
    });
    expect(sent.statusCode).toBe(201);
    // Recorded late, it happened before the checklist on health's record: nothing to chase.
    expect(await itemsFor((sent.json() as { id: string }).id)).toEqual([]);
  });

  it('a MARAC referral made from another agency’s record closes the criterion item once the records are confirmed', async () => {
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    await completedChecklist(t, visitor, victim('Thornacre')); // high risk by score: a criterion met
    const criterion = () =>
      t.dbs.owner
        .selectFrom('worklist_item as w')
        .innerJoin('person as p', 'p.id', 'w.person_id')
        .select(['w.status', 'w.outcome'])
        .where('p.family_name', '=', 'Thornacre')
        .where('w.kind', '=', 'criterion-without-referral')
        .execute();
    expect((await criterion()).map((i) => i.status)).toEqual(['open', 'open']);
    // Housing refers its own record of the same person to MARAC, before anyone confirms the match.
    await housingReport('Thornacre', 5);
    const housing = await actorByEmail(t.dbs.owner, 'housing@northshire.example');
    const record = await t.dbs.owner
      .selectFrom('person')
      .select('id')
      .where('family_name', '=', 'Thornacre')
      .where('agency_id', '=', housing.agencyId)
      .executeTakeFirstOrThrow();
    await t.dbs.owner
      .insertInto('marac_referral')
      .values({
        partnership_id: housing.partnershipId,
        referring_agency_id: housing.agencyId,
        person_id: record.id,
        criteria_met: JSON.stringify(['professional-judgement']),
        referred_by: housing.userId,
        source: 'manual',
      })
      .execute();
    expect((await criterion()).map((i) => i.status)).toEqual(['open', 'open']);
    await confirm('Thornacre');
    expect(await criterion()).toEqual([
      { status: 'closed', outcome: 'Referred to MARAC on a record confirmed as the same person' },
      { status: 'closed', outcome: 'Referred to MARAC on a record confirmed as the same person' },
    ]);
  });
});
