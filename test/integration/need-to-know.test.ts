import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { asActor } from '../../src/db/tenancy.ts';
import { actorByEmail } from '../support/actors.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import * as risk from '../../src/modules/risk/service.ts';
import * as marac from '../../src/modules/marac/service.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { people as typed } from '../../src/modules/people/tables.ts';
import '../../src/modules/access/tables.ts';

// Need to know beyond the person page: search results and the possible matches a
// practitioner reviews show another agency's record only at the viewer's sharing level.

let t: TestApp;
let police: PageClient;
const db = () => typed(t.dbs.owner as never);
const personBySource = async (sourceId: string) =>
  (await db().selectFrom('person').select('id').where('source_id', '=', sourceId).executeTakeFirstOrThrow()).id;
const agencyId = async (name: string) =>
  (await t.dbs.owner.selectFrom('agency').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

/** As the lead of the agency holding the record would at /sharing-decisions: what Northshire Police may see of it. */
async function recordDecision(personId: string, level: 'shared-summary' | 'full') {
  const p = await t.dbs.owner
    .selectFrom('agency')
    .select(['id', 'partnership_id'])
    .where('name', '=', 'Northshire Police')
    .executeTakeFirstOrThrow();
  const holder = (
    await db().selectFrom('person').select('agency_id').where('id', '=', personId).executeTakeFirstOrThrow()
  ).agency_id;
  const recorder = await t.dbs.owner
    .selectFrom('app_user')
    .select(['id'])
    .where('email', '=', 'admin@northshire.example')
    .executeTakeFirstOrThrow();
  await t.dbs.owner
    .insertInto('sharing_decision')
    .values({
      partnership_id: p.partnership_id,
      person_id: personId,
      agency_id: p.id,
      level,
      basis: 'risk-of-serious-harm',
      note: `Test: police may see the ${level}`,
      recorded_by: recorder.id,
      recorded_by_agency_id: holder,
    })
    .execute();
}
/** As the lead of the agency holding the record would: what another agency may see of it. */
async function recordDecisionFor(personId: string, sharedWith: string, level: 'shared-summary' | 'full') {
  const holder = await db()
    .selectFrom('person')
    .select(['agency_id', 'partnership_id'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const recorder = await t.dbs.owner
    .selectFrom('app_user')
    .select(['id'])
    .where('email', '=', 'admin@northshire.example')
    .executeTakeFirstOrThrow();
  await t.dbs.owner
    .insertInto('sharing_decision')
    .values({
      partnership_id: holder.partnership_id,
      person_id: personId,
      agency_id: sharedWith,
      level,
      basis: 'risk-of-serious-harm',
      note: `Test: may see the ${level}`,
      recorded_by: recorder.id,
      recorded_by_agency_id: holder.agency_id,
    })
    .execute();
}
async function clientAs(userId: string) {
  const client = new PageClient(t.app);
  await client.actAs(userId);
  return client;
}
/** The person page's chronology, up to the linked records beside it. */
const chronologyOf = (body: string) =>
  body.slice(body.indexOf('data-testid="chronology"'), body.indexOf('Linked records'));
const section = (body: string, testid: string) =>
  new RegExp(`data-testid="${testid}"[\\s\\S]*?</table>`).exec(body)?.[0] ?? '';

let hartley: string;
beforeAll(async () => {
  t = await startTestApp();
  police = new PageClient(t.app);
  await police.signIn('police@northshire.example');
  hartley = await personBySource('GH-MRN-40021');
  // A restricted detail the hospital holds: never in a list, whatever the level.
  const hospital = await agencyId('Northshire General Hospital');
  const partnership = (
    await db().selectFrom('person').select('partnership_id').where('id', '=', hartley).executeTakeFirstOrThrow()
  ).partnership_id;
  await t.dbs.owner
    .insertInto('restricted_detail')
    .values({
      partnership_id: partnership,
      agency_id: hospital,
      person_id: hartley,
      kind: 'safe-address',
      value: '9 Hidden Mews, Refugeton',
      named_agency_ids: [],
      created_by: hospital,
    })
    .execute();
});
afterAll(async () => t?.close());

describe('person search at the viewer’s sharing level', () => {
  it('shows another agency’s record only as a signpost until a basis is recorded, then in full; restricted details never', async () => {
    await police.get('/people/search');
    const search = () =>
      police.post('/people/search', { 'dateOfBirth-day': '7', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1988' });

    const signpost = section((await search()).body, 'results');
    // The police's own record in full; the hospital's: only that it holds a matching record.
    expect(signpost).toContain('Kelly Marsh');
    expect(signpost).toContain('Northshire General Hospital');
    expect(signpost).toContain('data-testid="result-level-signpost"');
    expect(signpost).toContain(`href="/people/${hartley}"`);
    expect(signpost).not.toContain('Hartley');
    expect(signpost.match(/7 March 1988/g)).toHaveLength(1);

    await recordDecision(hartley, 'shared-summary');
    const summary = section((await search()).body, 'results');
    expect(summary).toContain('data-testid="result-level-shared-summary"');
    expect(summary).not.toContain('Hartley');

    await recordDecision(hartley, 'full');
    const full = section((await search()).body, 'results');
    expect(full).toContain('Kelly Hartley');
    expect(full.match(/7 March 1988/g)).toHaveLength(2);
    expect(full).not.toContain('result-level-signpost');
    expect(full).not.toContain('Hidden Mews');
  });
});

describe('reviewing a possible match at the viewer’s sharing level', () => {
  it('shows the evidence, and another agency’s record only at the level its agency allows', async () => {
    // A fresh pair (the hospital's record above now has a decision): the GP's "Jon Smyth" and the police's "Jonathan Smith".
    const smith = await personBySource('NP-P-5507');
    const smyth = await personBySource('CHT-P-9912');
    const link = await db()
      .selectFrom('person_link')
      .select(['id', 'status'])
      .where('person_a', '=', smith < smyth ? smith : smyth)
      .where('person_b', '=', smith < smyth ? smyth : smith)
      .executeTakeFirstOrThrow();

    const page = await police.get(`/people/matches/${link.id}`);
    expect(page.statusCode).toBe(200);
    // The engine's comparison: which fields agree, partly agree or differ, and by how much.
    const evidence = section(page.body, 'explanation');
    expect(evidence).toContain('Date of birth');
    expect(evidence).toContain('Last name');
    expect(page.body).toContain('Jonathan Smith');
    expect(page.body).toContain('22 Station Road');
    expect(page.body).toContain('data-testid="withheld-record"');
    expect(page.body).toContain('Northshire Community Health Trust');
    expect(page.body).not.toContain('Smyth');
    expect(page.body).not.toContain('22 Station Rd,');

    const queue = await police.get('/people/matches');
    expect(queue.body).toContain('Jonathan Smith (1 December 1979, Northshire Police)');
    expect(queue.body).toContain('A record held by Northshire Community Health Trust (not shared with your agency)');
    expect(queue.body).not.toContain('Smyth');

    await recordDecision(smyth, 'full');
    const shared = await police.get(`/people/matches/${link.id}`);
    expect(shared.body).toContain('Jon Smyth');
    expect(shared.body).toContain('22 Station Rd,');
    expect(shared.body).not.toContain('data-testid="withheld-record"');
    expect((await police.get('/people/matches')).body).toContain(
      'Jon Smyth (1 December 1979, Northshire Community Health Trust)',
    );
  });
});

describe('unusual reading: records outside the caseload', () => {
  it('alerts the agency lead to a user reading people outside their caseload, and knows what the caseload is', async () => {
    const lead = await actorByEmail(t.dbs.owner, 'lead.police@northshire.example');
    const pat = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const outside = async () =>
      Number(
        (
          await asActor(t.dbs.app, lead, (tx) =>
            sql<{ user_id: string; outside: string }>`
      SELECT * FROM agency_reading_outside_caseload(now() - interval '1 hour')`.execute(tx),
          )
        ).rows.find((r) => r.user_id === pat.userId)?.outside ?? 0,
      );
    const hospital = await agencyId('Northshire General Hospital');
    const partnership = (
      await db().selectFrom('person').select('partnership_id').where('id', '=', hartley).executeTakeFirstOrThrow()
    ).partnership_id;
    const strangers: string[] = [];
    for (let i = 0; i < 6; i++) {
      strangers.push(
        (
          await db()
            .insertInto('person')
            .values({
              partnership_id: partnership,
              agency_id: hospital,
              given_name: `Stranger${i}`,
              family_name: 'Synthetic',
              date_of_birth: '1970-01-01',
              created_by: hospital,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    }

    // Earlier in this file the police opened a possible match with another agency's record: that page showed
    // something about that person, so it already counts.
    const before = await outside();
    // The police's own records, however many, are casework.
    for (const source of ['NP-P-5501', 'NP-P-5502', 'NP-P-5504'])
      expect((await police.get(`/people/${await personBySource(source)}`)).statusCode).toBe(200);
    expect(await outside()).toBe(before);
    // Five hospital records the police have nothing to do with, and the hospital's Kelly Hartley (a match under review, not confirmed).
    for (const id of strangers.slice(0, 5)) await police.get(`/people/${id}`);
    await police.get(`/people/${hartley}`);
    expect(await outside()).toBe(before + 6);
    const alerts = await (await clientAs(lead.userId)).get('/access-alerts');
    expect(alerts.body).toMatch(/data-testid="alerts"[\s\S]*Pat Constable[\s\S]*Outside caseload/);
    expect(alerts.body).not.toMatch(/data-testid="alerts"[\s\S]*Many records/);
    expect(alerts.body).toContain(`data-testid="outside-caseload">${before + 6}<`);

    // Reading under emergency access is within the caseload while the grant lasts.
    await police.get(`/break-glass/${strangers[5]}`);
    expect(
      (await police.post(`/break-glass/${strangers[5]}`, { reason: 'Caller says she is in danger tonight' }))
        .statusCode,
    ).toBe(303);
    await police.get(`/people/${strangers[5]}`);
    expect(await outside()).toBe(before + 6);
    // Confirming that the hospital's Kelly Hartley is the police's Kelly Marsh brings her into the caseload.
    const kelly = await personBySource('NP-P-5501');
    const link = await db()
      .selectFrom('person_link')
      .select('id')
      .where('person_a', '=', kelly < hartley ? kelly : hartley)
      .where('person_b', '=', kelly < hartley ? hartley : kelly)
      .executeTakeFirstOrThrow();
    await police.get(`/people/matches/${link.id}`);
    expect((await police.post(`/people/matches/${link.id}`, { decision: 'confirm' })).statusCode).toBe(303);
    expect(await outside()).toBe(before + 5);
    // A checklist by the police puts a person in their caseload.
    await t.dbs.owner
      .insertInto('assessment')
      .values({
        partnership_id: partnership,
        agency_id: pat.agencyId,
        person_id: strangers[0]!,
        instrument_id: 'police-checklist',
        instrument_version: '1',
        created_by: pat.userId,
      } as never)
      .execute();
    expect(await outside()).toBe(before + 4);
    if (before + 4 <= 5)
      expect((await (await clientAs(lead.userId)).get('/access-alerts')).body).not.toContain('Pat Constable');
    // Nobody but an agency lead learns anything from the function, even calling it directly.
    expect(
      (
        await asActor(t.dbs.app, pat, (tx) =>
          sql`SELECT * FROM agency_reading_outside_caseload(now() - interval '1 hour')`.execute(tx),
        )
      ).rows,
    ).toHaveLength(0);
  });
});

describe('the chronology decides by agency id', () => {
  it('shows an agency its own checklist on a person another agency recorded, and withholds the other agency’s entries by its id', async () => {
    const pat = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const hospital = await agencyId('Northshire General Hospital');
    const partnership = pat.partnershipId;
    const theirs = (
      await db()
        .insertInto('person')
        .values({
          partnership_id: partnership,
          agency_id: hospital,
          given_name: 'Winifred',
          family_name: 'Achterberg',
          date_of_birth: '1966-06-06',
          created_by: hospital,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db()
      .insertInto('incident')
      .values({
        partnership_id: partnership,
        agency_id: hospital,
        person_id: theirs,
        source_id: 'NTK-1',
        contact_type: 'a-and-e-attendance',
        kind: 'A&E attendance',
        occurred_on: '2026-01-05',
        severity: 'high',
        police_recorded: false,
        summary: 'Hospital-only detail: fracture',
      })
      .execute();
    // The police complete a checklist for the same woman: it sits on the police's own record, never on the hospital's.
    const instrument = requireChecklist(t.app.instruments, 'police-checklist@1');
    const recorded = await risk.recordAssessment(t.dbs.app, pat, instrument, {
      victim: { givenName: 'Winifred', familyName: 'Achterberg', dateOfBirth: '1966-06-06' },
      answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < 5 ? 'yes' : 'no' })),
      judgement: {
        victimView: null,
        judgementLevel: null,
        judgementReason: null,
        consentToShare: 'refused',
        childrenInHousehold: 0,
      },
      referToMarac: false,
      referralReason: null,
    });
    const ours = await t.dbs.owner
      .selectFrom('assessment')
      .innerJoin('person', 'person.id', 'assessment.person_id')
      .select(['person.id', 'person.agency_id'])
      .where('assessment.id', '=', recorded.id)
      .executeTakeFirstOrThrow();
    expect(ours.id).not.toBe(theirs);
    expect(ours.agency_id).toBe(pat.agencyId);
    // Once a practitioner confirms the two records are the same woman, one chronology shows both agencies' parts.
    const [a, b] = [ours.id, theirs].sort() as [string, string];
    await t.dbs.owner
      .updateTable('person_link')
      .set({ status: 'confirmed' })
      .where('person_a', '=', a)
      .where('person_b', '=', b)
      .execute();

    const page = await police.get(`/people/${ours.id}`);
    expect(page.statusCode).toBe(200);
    const chronology = chronologyOf(page.body);
    // Their own checklist: shown. The hospital's attendance: withheld (signpost), counted under the hospital.
    expect(chronology).toContain('Risk checklist');
    expect(chronology).not.toContain('fracture');
    expect(page.body).not.toMatch(/data-testid="withheld"[\s\S]*Northshire Police<\/strong>/);
  });
});

describe('MARAC attendance as a basis', () => {
  it('raises an attending agency to a shared summary while the case is open, and lapses when it closes', async () => {
    const coordinator = await actorByEmail(t.dbs.owner, 'coordinator@northshire.example');
    const chair = await actorByEmail(t.dbs.owner, 'chair@northshire.example');
    const pat = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const hospital = await agencyId('Northshire General Hospital');
    const theirs = (
      await db()
        .insertInto('person')
        .values({
          partnership_id: pat.partnershipId,
          agency_id: hospital,
          given_name: 'Ottoline',
          family_name: 'Brackenridge',
          date_of_birth: '1972-02-02',
          created_by: hospital,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const levelInSearch = async () => {
      await police.get('/people/search');
      const results = section((await police.post('/people/search', { name: 'Ottoline Brackenridge' })).body, 'results');
      return /data-testid="result-level-([a-z-]+)"/.exec(results)?.[1];
    };
    expect(await levelInSearch()).toBe('signpost');

    const must = <T>(o: marac.Outcome<T>): T => {
      if (!o.ok) throw new Error(o.problem);
      return o.value;
    };
    const referral = await marac.referManually(t.dbs.app, coordinator, {
      victim: { givenName: 'Ottoline', familyName: 'Brackenridge', dateOfBirth: '1972-02-02' },
      reason: 'Test referral',
      consentStatus: 'refused',
      lawfulBasis: 'Risk to life',
      childrenInHousehold: 0,
    });
    const caseId = must(
      await marac.acceptReferral(t.dbs.app, coordinator, referral.id, {
        consentStatus: 'refused',
        lawfulBasis: 'Risk to life',
        riskLevel: 'high',
        childrenInHousehold: 0,
        summary: null,
        victimSex: 'female',
        victimBme: null,
        victimLgbt: null,
        victimDisabled: null,
      }),
    );
    expect(
      (
        await t.dbs.owner
          .selectFrom('marac_case')
          .select('person_id')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).person_id,
    ).toBe(theirs);
    const meetingId = must(
      await marac.scheduleMeeting(t.dbs.app, coordinator, {
        heldOn: new Date().toISOString().slice(0, 10),
        chairUserId: chair.userId,
        capacity: 5,
        agencyIds: [coordinator.agencyId, pat.agencyId],
      }),
    );
    must(await marac.assignCases(t.dbs.app, coordinator, meetingId));
    expect(await levelInSearch()).toBe('shared-summary');

    must(await marac.closeCase(t.dbs.app, coordinator, caseId, 'Risk reduced; closed by the meeting'));
    expect(await levelInSearch()).toBe('signpost');
  });
});

describe('who may record a sharing decision', () => {
  it('an agency shares only its own records: it cannot widen its own access, nor open another agency’s records to a third', async () => {
    const pat = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const visitorActor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const hospital = await agencyId('Northshire General Hospital');
    const theirs = (
      await db()
        .insertInto('person')
        .values({
          partnership_id: pat.partnershipId,
          agency_id: hospital,
          given_name: 'Perpetua',
          family_name: 'Langstaff',
          date_of_birth: '1990-09-19',
          created_by: hospital,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const decisions = async () =>
      (await t.dbs.owner.selectFrom('sharing_decision').select('id').where('person_id', '=', theirs).execute()).length;
    const note = 'Curious: I want to see everything the hospital holds';

    const form = await police.get(`/sharing-decisions/${theirs}`);
    expect(form.body).not.toContain(`<option value="${pat.agencyId}"`);
    const self = await police.post(`/sharing-decisions/${theirs}`, {
      agencyId: pat.agencyId,
      level: 'full',
      basis: 'risk-of-serious-harm',
      note,
    });
    expect(self.statusCode).toBe(400);
    expect(await decisions()).toBe(0);
    // Nor can it write the decision as if the hospital had, even bypassing the application.
    await expect(
      asActor(t.dbs.app, pat, (tx) =>
        tx
          .insertInto('sharing_decision')
          .values({
            partnership_id: pat.partnershipId,
            person_id: theirs,
            agency_id: pat.agencyId,
            level: 'full',
            basis: 'risk-of-serious-harm',
            note,
            recorded_by: pat.userId,
            recorded_by_agency_id: hospital,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);

    // The police may share their own records with health: that opens none of the hospital's.
    expect(
      (
        await police.post(`/sharing-decisions/${theirs}`, {
          agencyId: visitorActor.agencyId,
          level: 'full',
          basis: 'risk-of-serious-harm',
          note: 'Police share what they hold with health',
        })
      ).statusCode,
    ).toBe(303);
    expect(await decisions()).toBe(1);
    const visitor = await clientAs(visitorActor.userId);
    await visitor.get('/people/search');
    const results = section((await visitor.post('/people/search', { name: 'Perpetua Langstaff' })).body, 'results');
    expect(results).toContain('data-testid="result-level-signpost"');
    expect(results).not.toContain('Langstaff');
  });
});

describe('the history beside a risk checklist', () => {
  it('shows another agency’s incidents and checklists only at the viewer’s sharing level', async () => {
    const visitorActor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
    // The police's Rosa Quinn (a call-out 40 days ago); the health visitor's checklist, consent refused.
    const recorded = await risk.recordAssessment(t.dbs.app, visitorActor, instrument, {
      victim: { givenName: 'Rosa', familyName: 'Quinn', dateOfBirth: '1992-08-14' },
      answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < 4 ? 'yes' : 'no' })),
      judgement: {
        victimView: null,
        judgementLevel: null,
        judgementReason: null,
        consentToShare: 'refused',
        childrenInHousehold: 0,
      },
      referToMarac: false,
      referralReason: null,
    });
    const rosa = await personBySource('NP-P-5504');
    // The checklist is on the health visitor's own record; a practitioner confirms it is the police's Rosa Quinn.
    const own = (
      await t.dbs.owner
        .selectFrom('assessment')
        .select('person_id')
        .where('id', '=', recorded.id)
        .executeTakeFirstOrThrow()
    ).person_id;
    expect(own).not.toBe(rosa);
    const [a, b] = [own, rosa].sort() as [string, string];
    const confirmed = await t.dbs.owner
      .updateTable('person_link')
      .set({ status: 'confirmed' })
      .where('person_a', '=', a)
      .where('person_b', '=', b)
      .executeTakeFirst();
    expect(Number(confirmed.numUpdatedRows)).toBe(1);
    const visitor = await clientAs(visitorActor.userId);
    const history = async () => {
      const body = (await visitor.get(`/assessments/${recorded.id}`)).body;
      return body.slice(body.indexOf('data-testid="history"'), body.indexOf('</main>'));
    };
    const signpost = await history();
    expect(signpost).not.toContain('Police call-out');
    expect(signpost).toMatch(
      /data-testid="history-withheld"[\s\S]*Northshire Police<\/strong> holds 1 incident that your agency has no basis to see/,
    );

    await recordDecisionFor(rosa, visitorActor.agencyId, 'full');
    const full = await history();
    expect(full).toContain('Police call-out (Northshire Police, police recorded)');
    expect(full).not.toContain('history-withheld');
  });
});

describe('the household', () => {
  it('shows another agency’s relationships only at full, and otherwise how many children and adults it has recorded', async () => {
    const pat = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const hospital = await agencyId('Northshire General Hospital');
    const person = (given: string, dob: string) =>
      db()
        .insertInto('person')
        .values({
          partnership_id: pat.partnershipId,
          agency_id: hospital,
          given_name: given,
          family_name: 'Fenwick-Oduya',
          date_of_birth: dob,
          created_by: hospital,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const mother = await person('Imelda', '1989-01-01');
    const child = await person('Juniper', '2019-05-05');
    await t.dbs.owner
      .insertInto('relationship')
      .values({
        partnership_id: pat.partnershipId,
        agency_id: hospital,
        person_id: mother,
        related_person_id: child,
        kind: 'child',
      } as never)
      .execute();

    const signpost = await police.get(`/people/${mother}/household`);
    expect(signpost.statusCode).toBe(200);
    expect(signpost.body).not.toContain('Juniper');
    expect(signpost.body).not.toContain('Imelda');
    expect(signpost.body).toContain('No children recorded that your agency can see');
    expect(signpost.body).toMatch(
      /data-testid="household-withheld"[\s\S]*Northshire General Hospital<\/strong> has recorded 1 child in this household/,
    );

    await recordDecisionFor(mother, pat.agencyId, 'full');
    const full = await police.get(`/people/${mother}/household`);
    expect(full.body).toMatch(/data-testid="children"[\s\S]*Juniper Fenwick-Oduya/);
    expect(full.body).toContain('Imelda Fenwick-Oduya');
    expect(full.body).not.toContain('household-withheld');
  });
});

describe('the person page: flags and checklists', () => {
  it('raises a flag from a possible match only marked as such, and shows another agency’s checklist score only in full', async () => {
    const pat = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const hospital = await agencyId('Northshire General Hospital');
    const record = (agency: string, given: string) =>
      db()
        .insertInto('person')
        .values({
          partnership_id: pat.partnershipId,
          agency_id: agency,
          given_name: given,
          family_name: 'Marchetti-Vale',
          date_of_birth: '1984-04-04',
          created_by: agency,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const ours = await record(pat.agencyId, 'Lucia');
    const theirs = await record(hospital, 'Lucy');
    const incident = (agency: string, personId: string, sourceId: string, monthsAgo: number) => {
      const d = new Date();
      d.setUTCMonth(d.getUTCMonth() - monthsAgo);
      return db()
        .insertInto('incident')
        .values({
          partnership_id: pat.partnershipId,
          agency_id: agency,
          person_id: personId,
          source_id: sourceId,
          contact_type: 'police-call-out',
          kind: 'Police call-out',
          occurred_on: d.toISOString().slice(0, 10),
          severity: 'medium',
          police_recorded: true,
          summary: null,
        })
        .execute();
    };
    await incident(pat.agencyId, ours, 'MV-1', 4);
    await incident(hospital, theirs, 'MV-2', 2);
    const [a, b] = ours < theirs ? [ours, theirs] : [theirs, ours];
    const link = await db()
      .insertInto('person_link')
      .values({
        partnership_id: pat.partnershipId,
        person_a: a,
        person_b: b,
        probability: 0.99,
        weight: 12,
        status: 'suggested',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const flagsOf = async () => {
      const body = (await police.get(`/people/${ours}`)).body;
      return body.slice(body.indexOf('data-testid="flags"'), body.indexOf('Chronology across agencies'));
    };
    // A second incident within 12 months comes only from the hospital's record, joined by an unconfirmed suggestion.
    expect(await flagsOf()).toMatch(/Repeat victim:[\s\S]*data-testid="flag-possible-match"/);
    await police.get(`/people/matches/${link.id}`);
    expect((await police.post(`/people/matches/${link.id}`, { decision: 'confirm' })).statusCode).toBe(303);
    const confirmed = await flagsOf();
    expect(confirmed).toContain('Repeat victim:');
    expect(confirmed).not.toContain('flag-possible-match');

    // The hospital's checklist on its record: the police see its level with a shared summary, its score only in full.
    const hospitalUser = pat.userId;
    await t.dbs.owner
      .insertInto('assessment')
      .values({
        partnership_id: pat.partnershipId,
        agency_id: hospital,
        person_id: theirs,
        instrument_id: 'multi-agency-checklist',
        instrument_version: '1',
        status: 'completed',
        score: 17,
        level_by_score: 'high',
        level: 'high',
        completed_on: new Date().toISOString().slice(0, 10),
        created_by: hospitalUser,
      } as never)
      .execute();
    const decide = (level: 'shared-summary' | 'full') =>
      t.dbs.owner
        .insertInto('sharing_decision')
        .values({
          partnership_id: pat.partnershipId,
          person_id: theirs,
          agency_id: pat.agencyId,
          level,
          basis: 'risk-of-serious-harm',
          note: 'Test: the hospital shares with the police',
          recorded_by: hospitalUser,
          recorded_by_agency_id: hospital,
        })
        .execute();
    const chronology = async () => {
      const body = (await police.get(`/people/${ours}`)).body;
      return chronologyOf(body);
    };
    expect(await chronology()).not.toContain('Risk checklist');
    await decide('shared-summary');
    const summary = await chronology();
    expect(summary).toContain('Risk checklist: high risk');
    expect(summary).not.toMatch(/score 17/i);
    await decide('full');
    expect(await chronology()).toContain('Score 17');
  });
});

describe('a suggestion nobody has confirmed carries no basis', () => {
  it('the victim’s consent recorded by one agency never opens another agency’s record of her, suggested or confirmed', async () => {
    const pat = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const hospital = await agencyId('Northshire General Hospital');
    const record = (agency: string) =>
      db()
        .insertInto('person')
        .values({
          partnership_id: pat.partnershipId,
          agency_id: agency,
          given_name: 'Henrietta',
          family_name: 'Szabo-Lind',
          date_of_birth: '1977-07-17',
          created_by: agency,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const ours = await record(pat.agencyId);
    const theirs = await record(hospital);
    await db()
      .insertInto('incident')
      .values({
        partnership_id: pat.partnershipId,
        agency_id: hospital,
        person_id: theirs,
        source_id: 'SZ-1',
        contact_type: 'a-and-e-attendance',
        kind: 'A&E attendance',
        occurred_on: '2026-02-02',
        severity: 'high',
        police_recorded: false,
        summary: null,
      })
      .execute();
    // The police's checklist for their Henrietta: she consents to sharing.
    await t.dbs.owner
      .insertInto('assessment')
      .values({
        partnership_id: pat.partnershipId,
        agency_id: pat.agencyId,
        person_id: ours,
        instrument_id: 'police-checklist',
        instrument_version: '1',
        status: 'completed',
        score: 5,
        level_by_score: 'standard',
        level: 'standard',
        completed_on: '2026-03-03',
        consent_to_share: 'given',
        created_by: pat.userId,
      } as never)
      .execute();
    const [a, b] = ours < theirs ? [ours, theirs] : [theirs, ours];
    const link = await db()
      .insertInto('person_link')
      .values({
        partnership_id: pat.partnershipId,
        person_a: a,
        person_b: b,
        probability: 0.99,
        weight: 12,
        status: 'suggested',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const levelOfTheirs = async () => {
      await police.get('/people/search');
      const rows = section((await police.post('/people/search', { name: 'Henrietta Szabo-Lind' })).body, 'results');
      return /<tr class="govuk-table__row">(?:(?!<\/tr>)[\s\S])*?Northshire General Hospital[\s\S]*?<\/tr>/
        .exec(rows)?.[0]
        .match(/result-level-([a-z-]+)/)?.[1];
    };
    const chronology = async () => {
      const body = (await police.get(`/people/${ours}`)).body;
      return body.slice(body.indexOf('data-testid="chronology"'), body.indexOf('Linked records'));
    };
    // Suggested only: her consent does not reach the hospital's record, which may be someone else's.
    expect(await levelOfTheirs()).toBe('signpost');
    expect(await chronology()).not.toContain('A&amp;E attendance');
    await police.get(`/people/matches/${link.id}`);
    expect((await police.post(`/people/matches/${link.id}`, { decision: 'confirm' })).statusCode).toBe(303);
    // Confirmed: still only the holding agency's own decisions open its record.
    expect(await levelOfTheirs()).toBe('signpost');
    expect(await chronology()).not.toContain('A&amp;E attendance');
  });
});
