import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import '../../src/modules/access/tables.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import { linkedPersonIds } from '../../src/modules/people/service.ts';

// The risk checklist and the people module's links: a checklist's
// new person is matched, and a link brings the other agency's record into the history.

let t: TestApp;
let police: PageClient;
let visitor: PageClient;
let policeToken: string;

async function issueToken(adminEmail: string, agencyName: string): Promise<string> {
  const admin = new PageClient(t.app);
  await admin.signIn(adminEmail);
  return issueApiToken(admin, agencyName);
}

beforeAll(async () => {
  t = await startTestApp();
  police = new PageClient(t.app);
  await police.signIn('police@northshire.example');
  visitor = new PageClient(t.app);
  await visitor.signIn('health.visitor@northshire.example');
  policeToken = await issueToken('admin@northshire.example', 'Northshire Police');
});
afterAll(async () => t?.close());

const monthsAgo = (months: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

const importJson = (body: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents/import',
    payload: body as object,
    headers: { authorization: `Bearer ${policeToken}` },
  });

const victim = (givenName: string, familyName: string) => ({
  givenName,
  familyName,
  'dateOfBirth-day': '20',
  'dateOfBirth-month': '3',
  'dateOfBirth-year': '1985',
});

async function completeChecklist(
  client: PageClient,
  who: Record<string, string>,
  yesCount: number,
  onStarted?: (assessmentId: string) => Promise<void>,
): Promise<string> {
  await client.get('/assessments/new');
  const started = await client.post('/assessments', { ...who, instrument: 'multi-agency-checklist@1' });
  const id = /^\/assessments\/([0-9a-f-]{36})\/household$/.exec(String(started.headers.location))?.[1];
  if (!id) throw new Error(`could not start: ${started.statusCode}`);
  await onStarted?.(id);
  const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
  const page = await client.get(`/assessments/${id}/checklist`);
  const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
  const form: Record<string, string> = { version };
  instrument.questions.forEach((q, i) => (form[`answer-${q.id}`] = i < yesCount ? 'yes' : 'no'));
  expect((await client.post(`/assessments/${id}/checklist`, form)).statusCode).toBe(303);
  await client.get(`/assessments/${id}/judgement`);
  const done = await client.post(`/assessments/${id}/judgement`, {
    victimView: 'Worried',
    judgementLevel: 'none',
    judgementReason: '',
    consentToShare: 'given',
    childrenInHousehold: '0',
  });
  expect(done.headers.location).toBe(`/assessments/${id}`);
  return id;
}

const personOf = async (assessmentId: string) =>
  (
    await t.dbs.owner
      .selectFrom('assessment')
      .select('person_id')
      .where('id', '=', assessmentId)
      .executeTakeFirstOrThrow()
  ).person_id;
const linkBetween = (x: string, y: string) =>
  t.dbs.owner
    .selectFrom('person_link')
    .selectAll()
    .where('person_a', '=', x < y ? x : y)
    .where('person_b', '=', x < y ? y : x)
    .executeTakeFirst();
const historyOf = async (assessmentId: string) => {
  const page = await visitor.get(`/assessments/${assessmentId}`);
  expect(page.statusCode).toBe(200);
  const start = page.body.indexOf('data-testid="history"');
  expect(start).toBeGreaterThan(0);
  return page.body.slice(start, page.body.indexOf('</main>', start));
};
const visitorActor = async (): Promise<Actor> => {
  const user = await t.dbs.owner
    .selectFrom('app_user')
    .select(['id', 'agency_id', 'partnership_id', 'role', 'display_name'])
    .where('email', '=', 'health.visitor@northshire.example')
    .executeTakeFirstOrThrow();
  return {
    userId: user.id,
    agencyId: user.agency_id,
    partnershipId: user.partnership_id,
    role: user.role,
    displayName: user.display_name,
  };
};
/** The people service's answer, as the risk service asks it: as the actor, under row-level security. */
const linkedIds = async (personId: string) =>
  asActor(t.dbs.app, await visitorActor(), (tx) => linkedPersonIds(tx, personId));

describe('a risk checklist beside another agency’s record of the same victim', () => {
  it('matches the checklist’s new person, and a confirmed link brings the other agency’s incidents and checklist into its history until undone', async () => {
    // Another agency (the police) holds "Jonathan Smith": three call-outs this year (the partnership's
    // escalation threshold is 3) and an earlier checklist.
    const imported = await importJson({
      incidents: ['RL-1', 'RL-2', 'RL-3'].map((sourceId, i) => ({
        sourceId,
        type: 'police-call-out',
        occurredOn: monthsAgo(3 + i),
        severity: 'medium',
        people: [
          {
            sourceId: 'RLP-1',
            role: 'victim',
            givenName: 'Jonathan',
            familyName: 'Smith',
            dateOfBirth: '1985-03-20',
            sex: 'male',
          },
        ],
      })),
    });
    expect(imported.json()).toMatchObject({ imported: 3, rejected: 0 });
    const earlierId = await completeChecklist(police, victim('Jonathan', 'Smith'), 8);
    const policeRecord = await personOf(earlierId);

    // The health visitor's checklist for "Jon Smyth", same date of birth: a new record, matched in the same transaction.
    const id = await completeChecklist(visitor, victim('Jon', 'Smyth'), 3);
    const visitorRecord = await personOf(id);
    expect(visitorRecord).not.toBe(policeRecord);
    const link = await linkBetween(visitorRecord, policeRecord);
    expect(link?.status).toMatch(/^(suggested|review)$/);
    const queue = await police.get('/people/matches');
    expect(queue.body).toContain(`/people/matches/${link!.id}`);

    // A pair under review joins nothing yet; a suggestion joins the records at once (as the people module's
    // picture does), so the police call-outs already counted towards potential escalation when the checklist was completed.
    const before = await historyOf(id);
    const stored = await t.dbs.owner
      .selectFrom('assessment')
      .select('criteria_met')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const criteria = (stored.criteria_met ?? []).map((c) => c.criterion);
    // Not yet confirmed as the same person: never counted towards potential escalation.
    expect(criteria).not.toContain('potential-escalation');
    if (link!.status === 'review') {
      expect(before).not.toContain('Northshire Police');
      expect(before).not.toContain('Police call-out');
    } else {
      // With the victim's consent, the police checklist shows as a shared summary: its level, not its score.
      expect(before).toMatch(/\d{4}: Northshire Police, (standard|medium|high)/);
      expect(before).toContain('Possible match — not confirmed');
    }

    // A practitioner confirms the link: the police call-outs and the earlier checklist sit beside the new one.
    await police.get(`/people/matches/${link!.id}`);
    expect((await police.post(`/people/matches/${link!.id}`, { decision: 'confirm' })).statusCode).toBe(303);
    expect((await linkBetween(visitorRecord, policeRecord))?.status).toBe('confirmed');
    const joined = await historyOf(id);
    expect(joined).toMatch(/\d{4}: Northshire Police, (standard|medium|high)/);
    expect(joined).not.toContain('score 8');
    expect(joined).not.toContain('data-testid="possible-match"');
    expect(joined.match(/Police call-out \(Northshire Police, police recorded\)/g) ?? []).toHaveLength(3);
    expect(await linkedIds(visitorRecord)).toEqual([visitorRecord, policeRecord]);

    // Undone: they go again.
    expect((await police.post(`/people/matches/${link!.id}`, { decision: 'unlink' })).statusCode).toBe(303);
    const undone = await historyOf(id);
    expect(undone).not.toContain('Northshire Police');
    expect(undone).not.toContain('Police call-out');
    expect(await linkedIds(visitorRecord)).toEqual([visitorRecord]);
  });

  it('a suggested link nobody has confirmed: its records are shown as a possible match and not counted towards escalation, until confirmed', async () => {
    const imported = await importJson({
      incidents: ['RS-1', 'RS-2', 'RS-3'].map((sourceId, i) => ({
        sourceId,
        type: 'police-call-out',
        occurredOn: monthsAgo(2 + i),
        severity: 'medium',
        people: [
          {
            sourceId: 'RSP-1',
            role: 'victim',
            givenName: 'Marcus',
            familyName: 'Oyelaran-Pike',
            dateOfBirth: '1981-07-07',
            sex: 'male',
          },
        ],
      })),
    });
    expect(imported.json()).toMatchObject({ imported: 3, rejected: 0 });
    const policeRecord = (
      await sql<{ id: string }>`SELECT id FROM person WHERE source_id = 'RSP-1'`.execute(t.dbs.owner)
    ).rows[0]!.id;
    const who = {
      givenName: 'Marcus',
      familyName: 'Oyelaran Pike',
      'dateOfBirth-day': '7',
      'dateOfBirth-month': '7',
      'dateOfBirth-year': '1981',
    };
    // Whatever the matcher made of the pair when the checklist started, it is a suggestion nobody has confirmed when it is completed.
    let linkId = '';
    const id = await completeChecklist(visitor, who, 2, async (assessmentId) => {
      const mine = await personOf(assessmentId);
      const [a, b] = mine < policeRecord ? [mine, policeRecord] : [policeRecord, mine];
      const existing = await linkBetween(mine, policeRecord);
      linkId = existing
        ? existing.id
        : (
            await t.dbs.owner
              .insertInto('person_link')
              .values({
                partnership_id: (await visitorActor()).partnershipId,
                person_a: a,
                person_b: b,
                probability: 0.99,
                weight: 10,
                status: 'suggested',
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
      await t.dbs.owner.updateTable('person_link').set({ status: 'suggested' }).where('id', '=', linkId).execute();
    });
    const criteriaOf = async (assessmentId: string) =>
      (
        (
          await t.dbs.owner
            .selectFrom('assessment')
            .select('criteria_met')
            .where('id', '=', assessmentId)
            .executeTakeFirstOrThrow()
        ).criteria_met ?? []
      ).map((c) => c.criterion);
    expect(await criteriaOf(id)).not.toContain('potential-escalation');
    // Nor does the victim's consent on the health visitor's checklist reach a record only suggested to be hers:
    // without a basis on the police record itself, the health visitor sees only that the police hold incidents.
    const unshared = await historyOf(id);
    expect(unshared).not.toContain('Police call-out');
    expect(unshared).toMatch(/data-testid="history-withheld"[\s\S]*Northshire Police<\/strong> holds 3 incidents/);
    const visitorUser = await visitorActor();
    const policeAgency = (
      await t.dbs.owner
        .selectFrom('person')
        .select('agency_id')
        .where('id', '=', policeRecord)
        .executeTakeFirstOrThrow()
    ).agency_id;
    await t.dbs.owner
      .insertInto('sharing_decision')
      .values({
        partnership_id: visitorUser.partnershipId,
        person_id: policeRecord,
        agency_id: visitorUser.agencyId,
        level: 'full',
        basis: 'risk-of-serious-harm',
        note: 'Test: the police share their record with health',
        recorded_by: visitorUser.userId,
        recorded_by_agency_id: policeAgency,
      })
      .execute();
    const suggested = await historyOf(id);
    expect(
      suggested.match(
        /Police call-out \(Northshire Police, police recorded\) <strong[^>]*data-testid="possible-match">Possible match — not confirmed/g,
      ) ?? [],
    ).toHaveLength(3);
    expect(suggested).toContain('data-testid="possible-match-note"');

    // Confirmed: the same call-outs count, unmarked, and the next checklist meets the escalation criterion.
    await police.get(`/people/matches/${linkId}`);
    expect((await police.post(`/people/matches/${linkId}`, { decision: 'confirm' })).statusCode).toBe(303);
    const confirmed = await historyOf(id);
    expect(confirmed.match(/Police call-out \(Northshire Police, police recorded\)/g) ?? []).toHaveLength(3);
    expect(confirmed).not.toContain('possible-match');
    const next = await completeChecklist(visitor, who, 2);
    expect(await personOf(next)).toBe(await personOf(id));
    expect(await criteriaOf(next)).toContain('potential-escalation');
  });

  it('matches a person the checklist API creates, in the same transaction as the checklist', async () => {
    const instrument = requireChecklist(t.app.instruments, 'police-checklist@1');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/assessments',
      headers: { authorization: `Bearer ${policeToken}` },
      payload: {
        instrument: 'police-checklist@1',
        victim: { givenName: 'Jonny', familyName: 'Smithe', dateOfBirth: '1985-03-20' },
        answers: instrument.questions.map((q) => ({ questionId: q.id, answer: 'no' })),
        consentToShare: 'refused',
        childrenInHousehold: 0,
      },
    });
    expect(response.statusCode).toBe(201);
    const personId = await personOf((response.json() as { id: string }).id);
    const links = await t.dbs.owner
      .selectFrom('person_link')
      .select(['status'])
      .where((eb) => eb.or([eb('person_a', '=', personId), eb('person_b', '=', personId)]))
      .execute();
    expect(links.length).toBeGreaterThan(0);
  });

  it('linkedPersonIds: the record itself first, then records joined by suggested or confirmed links, never by rejected ones', async () => {
    const imported = await importJson({
      incidents: [
        {
          sourceId: 'RL-9',
          type: 'police-call-out',
          occurredOn: monthsAgo(1),
          severity: 'low',
          people: [
            {
              sourceId: 'RLP-9',
              role: 'victim',
              givenName: 'Priyanka',
              familyName: 'Vasquez-Thorne',
              dateOfBirth: '1979-11-02',
              sex: 'female',
            },
          ],
        },
      ],
    });
    expect(imported.json()).toMatchObject({ imported: 1 });
    const id = await completeChecklist(
      visitor,
      {
        givenName: 'Priya',
        familyName: 'Vasquez-Thorn',
        'dateOfBirth-day': '2',
        'dateOfBirth-month': '11',
        'dateOfBirth-year': '1979',
      },
      2,
    );
    const mine = await personOf(id);
    const theirs = (
      await t.dbs.owner
        .selectFrom('person')
        .select('id')
        .where('family_name', '=', 'Vasquez-Thorne')
        .executeTakeFirstOrThrow()
    ).id;
    // Whatever the matcher made of this pair, set the link's status by hand.
    const link =
      (await linkBetween(mine, theirs)) ??
      (await t.dbs.owner
        .insertInto('person_link')
        .values({
          partnership_id: (await visitorActor()).partnershipId,
          person_a: mine < theirs ? mine : theirs,
          person_b: mine < theirs ? theirs : mine,
          probability: 0.5,
          weight: 0,
          status: 'review',
        })
        .returningAll()
        .executeTakeFirstOrThrow());
    const set = (status: 'suggested' | 'confirmed' | 'rejected' | 'unlinked' | 'review') =>
      t.dbs.owner.updateTable('person_link').set({ status }).where('id', '=', link.id).execute();
    await set('suggested');
    expect(await linkedIds(mine)).toEqual([mine, theirs]);
    expect(await linkedIds(theirs)).toEqual([theirs, mine]);
    await set('review');
    expect(await linkedIds(mine)).toEqual([mine]);
    await set('rejected');
    expect(await linkedIds(mine)).toEqual([mine]);
    expect(await historyOf(id)).not.toContain('Police call-out');
    await set('confirmed');
    expect(await linkedIds(mine)).toEqual([mine, theirs]);
    // Confirmed, the police incident is part of the history; the consent health recorded on its own
    // record is no basis for the police record, so it is counted, not shown.
    const history = await historyOf(id);
    expect(history).not.toContain('Police call-out');
    expect(history).toMatch(/data-testid="history-withheld">[\s\S]*Northshire Police<\/strong> holds 1 incident/);
  });
});
