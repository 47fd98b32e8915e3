import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { completedChecklist } from '../support/checklists.ts';
import { getAssessment, referToMarac } from '../../src/modules/risk/service.ts';
import '../../src/modules/worklists/tables.ts';

// The risk the system can already see, put on somebody's list by the database as records change:
// a MARAC criterion with no referral, cumulative concern across agencies, plans past review and
// MARAC actions overdue. Each closes only when answered, or with an outcome recorded by a person.
let t: TestApp;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  const admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
  for (const agency of ['Northshire Community Health Trust', 'Northshire General Hospital', 'Northshire Housing'])
    tokens[agency] = await issueApiToken(admin, agency, `${agency} records`);
});
afterAll(async () => t?.close());

const items = () => t.dbs.owner.selectFrom('worklist_item').selectAll().orderBy('created_at').execute();
const itemsAbout = async (familyName: string) => {
  const people = await t.dbs.owner.selectFrom('person').select('id').where('family_name', '=', familyName).execute();
  return (await items()).filter((i) => people.some((p) => p.id === i.person_id));
};
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const contact = (agency: string, sourceId: string, type: string, days: number, familyName: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: { authorization: `Bearer ${tokens[agency]}` },
    payload: {
      sourceId,
      type,
      occurredOn: daysAgo(days),
      severity: 'low',
      people: [
        { sourceId: `P-${familyName}`, role: 'victim', givenName: 'Robin', familyName, dateOfBirth: '1989-03-09' },
      ],
    },
  });
/** A practitioner confirms every record of this name as the same person, the first recorded first. */
async function confirmAll(familyName: string) {
  const ids = (
    await t.dbs.owner
      .selectFrom('person')
      .select('id')
      .where('family_name', '=', familyName)
      .orderBy('created_at')
      .execute()
  ).map((p) => p.id);
  const partnership = (await actorByEmail(t.dbs.owner, 'admin@northshire.example')).partnershipId;
  for (let k = 1; k < ids.length; k++)
    await t.dbs.owner
      .insertInto('person_link')
      .values({
        partnership_id: partnership,
        person_a: ids[0]! < ids[k]! ? ids[0]! : ids[k]!,
        person_b: ids[0]! < ids[k]! ? ids[k]! : ids[0]!,
        probability: 0.99,
        weight: 12,
        status: 'confirmed',
      })
      // The matcher may already have suggested the pair: the practitioner confirms it.
      .onConflict((oc) => oc.columns(['person_a', 'person_b']).doUpdateSet({ status: 'confirmed' }))
      .execute();
}

describe('a MARAC criterion met with no referral', () => {
  it('puts an item on the agency’s list and the coordinator’s; the referral closes both and records how long it took', async () => {
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const assessmentId = await completedChecklist(t, visitor, {
      givenName: 'Ash',
      familyName: 'Pemberton',
      dateOfBirth: '1990-05-05',
    });
    const open = (await itemsAbout('Pemberton')).filter((i) => i.kind === 'criterion-without-referral');
    expect(open.map((i) => [i.agency_id, i.for_coordinator, i.status, i.subject_id]).sort()).toEqual(
      [
        [visitor.agencyId, false, 'open', assessmentId],
        [visitor.agencyId, true, 'open', assessmentId],
      ].sort(),
    );
    // The coordinator sees its own copy; the health visitor sees the agency's, not the coordinator's.
    const coordinator = new PageClient(t.app);
    await coordinator.signIn('coordinator@northshire.example');
    const coordinatorItem = open.find((i) => i.for_coordinator)!;
    const agencyItem = open.find((i) => !i.for_coordinator)!;
    expect((await coordinator.get('/worklist')).body).toContain(`/worklist/${coordinatorItem.id}`);
    expect((await coordinator.get(`/worklist/${agencyItem.id}`)).statusCode).toBe(404);
    const health = new PageClient(t.app);
    await health.signIn('health.visitor@northshire.example');
    expect((await health.get(`/worklist/${coordinatorItem.id}`)).statusCode).toBe(404);
    const page = await health.get(`/worklist/${agencyItem.id}`);
    expect(page.body).toContain('MARAC criterion met with no referral');
    // Reading the item is audited against the person it is about.
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM audit_event e JOIN audit_event_person p ON p.event_id = e.id
      WHERE e.action = 'worklist.view' AND e.subject_id = ${agencyItem.id} AND p.person_id = ${agencyItem.person_id}::uuid`.execute(
      t.dbs.owner,
    );
    expect(Number(rows[0]!.n)).toBe(1);

    const row = (await getAssessment(t.dbs.app, visitor, assessmentId))!;
    expect((await referToMarac(t.dbs.app, visitor, row, null)).ok).toBe(true);
    const after = (await itemsAbout('Pemberton')).filter((i) => i.kind === 'criterion-without-referral');
    expect(after.map((i) => [i.status, i.outcome])).toEqual([
      ['closed', 'Referred to MARAC'],
      ['closed', 'Referred to MARAC'],
    ]);
    expect(after.every((i) => i.answered_at && i.answered_at.getTime() >= i.created_at.getTime())).toBe(true);
    expect((await health.get('/worklist')).body).toMatch(/From a MARAC criterion met to the MARAC referral/);
  });
});

describe('cumulative concern', () => {
  it('GP, A&E and housing contacts with no checklist raise one item for the lead agency, which a medium checklist does not close', async () => {
    expect(
      (await contact('Northshire Community Health Trust', 'GP-1', 'gp-disclosure', 60, 'Calloway')).statusCode,
    ).toBe(201);
    expect(
      (await contact('Northshire Community Health Trust', 'GP-2', 'gp-disclosure', 30, 'Calloway')).statusCode,
    ).toBe(201);
    expect(
      (await contact('Northshire General Hospital', 'AE-1', 'a-and-e-attendance', 20, 'Calloway')).statusCode,
    ).toBe(201);
    expect((await contact('Northshire Housing', 'HO-1', 'housing-report', 10, 'Calloway')).statusCode).toBe(201);
    // Each agency sees only its own record until a practitioner confirms they are one person.
    expect((await itemsAbout('Calloway')).filter((i) => i.kind === 'cumulative-concern')).toEqual([]);
    await confirmAll('Calloway');
    const concern = (await itemsAbout('Calloway')).filter((i) => i.kind === 'cumulative-concern');
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    expect(concern).toHaveLength(1);
    // The partnership's default rule: the agency that recorded the most contacts leads.
    expect(concern[0]).toMatchObject({ agency_id: visitor.agencyId, status: 'open', for_lead: false });
    expect(concern[0]!.checklist_due_at!.getTime()).toBeLessThan(concern[0]!.due_at.getTime());

    const checklist = await completedChecklist(
      t,
      visitor,
      { givenName: 'Robin', familyName: 'Calloway', dateOfBirth: '1989-03-09' },
      { yes: 10 },
    );
    expect((await getAssessment(t.dbs.app, visitor, checklist))!.level).toBe('medium');
    expect((await items()).find((i) => i.id === concern[0]!.id)!.status).toBe('open');

    const health = new PageClient(t.app);
    await health.signIn('health.visitor@northshire.example');
    await health.get(`/worklist/${concern[0]!.id}`);
    const undecided = await health.post(`/worklist/${concern[0]!.id}/close`, { outcome: 'Checklist done' });
    expect(undecided.statusCode).toBe(400);
    expect(undecided.body).toContain('Select the decision');
    expect((await items()).find((i) => i.id === concern[0]!.id)!.status).toBe('open');
    const decided = await health.post(`/worklist/${concern[0]!.id}/close`, {
      decision: 'managed-by-lead-agency',
      outcome: 'Medium risk; health visitor leads with a safety plan',
    });
    expect(decided.statusCode).toBe(303);
    expect((await items()).find((i) => i.id === concern[0]!.id)).toMatchObject({
      status: 'closed',
      decision: 'managed-by-lead-agency',
    });

    // After the decision, one more contact from one agency is not a new concern; contacts from two are.
    expect((await contact('Northshire Housing', 'HO-2', 'housing-report', 2, 'Calloway')).statusCode).toBe(201);
    expect(
      (await itemsAbout('Calloway')).filter((i) => i.kind === 'cumulative-concern' && i.status === 'open'),
    ).toEqual([]);
    expect((await contact('Northshire General Hospital', 'AE-2', 'a-and-e-attendance', 1, 'Calloway')).statusCode).toBe(
      201,
    );
    expect(
      (await itemsAbout('Calloway')).filter((i) => i.kind === 'cumulative-concern' && i.status === 'open'),
    ).toHaveLength(1);
  });

  it('the administrator changes the rule: a named agency leads on concerns raised afterwards', async () => {
    const admin = new PageClient(t.app);
    await admin.signIn('admin@northshire.example');
    const page = await admin.get('/admin/worklist-settings');
    expect(page.statusCode).toBe(200);
    const housing = await actorByEmail(t.dbs.owner, 'housing@northshire.example');
    const form = {
      policeChecklistHours: '24',
      otherChecklistHours: '168',
      criterionReferralHours: '24',
      concernChecklistDays: '7',
      concernDecisionDays: '14',
      concernLeadRule: 'named-agency',
      version: '',
    };
    const missing = await admin.post('/admin/worklist-settings', form);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select the agency that leads on cumulative concern');
    const bad = await admin.post('/admin/worklist-settings', {
      ...form,
      policeChecklistHours: 'soon',
      concernLeadAgencyId: housing.agencyId,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the time for a police checklist as a whole number of hours');
    expect(await t.dbs.owner.selectFrom('worklist_setting').selectAll().execute()).toEqual([]);
    expect(
      (await admin.post('/admin/worklist-settings', { ...form, concernLeadAgencyId: housing.agencyId })).statusCode,
    ).toBe(303);
    // Saving again from the same (now stale) page is refused, not silently overwritten.
    expect(
      (await admin.post('/admin/worklist-settings', { ...form, concernLeadAgencyId: housing.agencyId })).statusCode,
    ).toBe(409);

    await contact('Northshire Community Health Trust', 'GP-9', 'gp-disclosure', 5, 'Draycott');
    await contact('Northshire General Hospital', 'AE-9', 'a-and-e-attendance', 4, 'Draycott');
    await confirmAll('Draycott');
    const concern = (await itemsAbout('Draycott')).filter((i) => i.kind === 'cumulative-concern');
    expect(concern.map((i) => i.agency_id)).toEqual([housing.agencyId]);
  });
});

describe('plans past review and MARAC actions overdue', () => {
  it('a plan shows once its review date has passed, and its next version answers it', async () => {
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const assessmentId = await completedChecklist(
      t,
      visitor,
      { givenName: 'Kit', familyName: 'Brennan', dateOfBirth: '1985-08-08' },
      { yes: 3 },
    );
    const plan = (version: number, agreed: string, review: string) =>
      t.dbs.owner
        .insertInto('risk_plan')
        .values({
          partnership_id: visitor.partnershipId,
          agency_id: visitor.agencyId,
          assessment_id: assessmentId,
          kind: 'safety',
          version,
          plan: JSON.stringify({ steps: [] }),
          agreed_on: agreed,
          review_on: review,
          owner_agency: 'Health',
          created_by: visitor.userId,
        })
        .execute();
    await plan(1, daysAgo(40), daysAgo(3));
    const health = new PageClient(t.app);
    await health.signIn('health.visitor@northshire.example');
    const overdue = (await itemsAbout('Brennan')).filter((i) => i.kind === 'plan-review-overdue');
    expect(overdue).toHaveLength(1);
    expect((await health.get('/worklist')).body).toContain(`/worklist/${overdue[0]!.id}`);
    await plan(2, daysAgo(0), daysAgo(-30));
    const after = (await itemsAbout('Brennan')).filter((i) => i.kind === 'plan-review-overdue');
    expect(after.map((i) => i.status)).toEqual(['closed', 'open']);
    // The new version is not due for review yet: not on the list.
    expect((await health.get('/worklist')).body).not.toContain(`/worklist/${after[1]!.id}`);
  });

  it('a MARAC action shows on its owner agency’s list once overdue, and completing it answers the item', async () => {
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const coordinator = await actorByEmail(t.dbs.owner, 'coordinator@northshire.example');
    const chair = await actorByEmail(t.dbs.owner, 'chair@northshire.example');
    await completedChecklist(
      t,
      visitor,
      { givenName: 'Remy', familyName: 'Ostler', dateOfBirth: '1984-04-04' },
      { yes: 3 },
    );
    const person = await t.dbs.owner
      .selectFrom('person')
      .select('id')
      .where('family_name', '=', 'Ostler')
      .executeTakeFirstOrThrow();
    const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(t.dbs.owner)).rows[0]!;
    const marac = await one(sql<{ id: string }>`
      INSERT INTO marac_case (partnership_id, agency_id, person_id, opened_by)
      VALUES (${visitor.partnershipId}, ${visitor.agencyId}, ${person.id}, ${coordinator.userId}) RETURNING id`);
    const meeting = await one(sql<{ id: string }>`
      INSERT INTO marac_meeting (partnership_id, agency_id, held_on, chair_user_id, capacity, created_by)
      VALUES (${visitor.partnershipId}, ${coordinator.agencyId}, ${daysAgo(20)}, ${chair.userId}, 10, ${coordinator.userId}) RETURNING id`);
    await sql`INSERT INTO marac_meeting_case (meeting_id, case_id, partnership_id, position, is_repeat, children_in_household)
      VALUES (${meeting.id}, ${marac.id}, ${visitor.partnershipId}, 1, false, 0)`.execute(t.dbs.owner);
    const action = await one(sql<{ id: string }>`
      INSERT INTO marac_action (partnership_id, case_id, meeting_id, owner_agency_id, description, due_on, created_by)
      VALUES (${visitor.partnershipId}, ${marac.id}, ${meeting.id}, ${visitor.agencyId}, 'Health visitor to visit', ${daysAgo(2)}, ${coordinator.userId})
      RETURNING id`);
    const item = (await items()).find((i) => i.subject_id === action.id)!;
    expect(item).toMatchObject({ kind: 'marac-action-overdue', agency_id: visitor.agencyId, status: 'open' });
    const health = new PageClient(t.app);
    await health.signIn('health.visitor@northshire.example');
    expect((await health.get('/worklist')).body).toContain(`/worklist/${item.id}`);
    await sql`UPDATE marac_action SET status = 'completed', completion_note = 'Visited', completed_by = ${visitor.userId}, completed_at = now()
      WHERE id = ${action.id}`.execute(t.dbs.owner);
    expect((await items()).find((i) => i.id === item.id)).toMatchObject({
      status: 'closed',
      outcome: 'MARAC action completed',
    });
  });
});
