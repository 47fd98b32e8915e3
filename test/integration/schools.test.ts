import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchoolJobs } from '../../src/modules/schools/jobs.ts';
import '../../src/modules/people/tables.ts';
import '../../src/modules/schools/tables.ts';
import { actorByEmail } from '../support/actors.ts';
import { PageClient } from '../support/http-client.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Schools are told: the administrator keeps the list of schools and their safeguarding contacts; a
// practitioner records a child's school; police record an abuse incident a child was present at and the
// child's school's contact is e-mailed (naming no one) before the next school day, and reads the notice.

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let jobs: ReturnType<typeof createSchoolJobs>;
const DSL = 'dsl.oakfield@northshire.example';

beforeAll(async () => {
  t = await startTestApp();
  smtp = await startSmtpCapture();
  jobs = createSchoolJobs({ ...t.config, smtpUrl: smtp.url }, t.dbs.owner);
  const education = await t.dbs.owner
    .selectFrom('agency')
    .select(['id', 'partnership_id'])
    .where('name', '=', 'Northshire Schools Safeguarding')
    .executeTakeFirstOrThrow();
  for (const [email, name] of [
    [DSL, 'Oakfield Safeguarding Lead'],
    ['dsl.birch@northshire.example', 'Birch Safeguarding Lead'],
  ] as const)
    await t.dbs.owner
      .insertInto('app_user')
      .values({
        partnership_id: education.partnership_id,
        agency_id: education.id,
        email,
        display_name: name,
        role: 'practitioner',
      })
      .execute();
}, 120_000);

afterAll(async () => {
  jobs?.mailer.close();
  await smtp?.close();
  await t?.close();
});

const client = async (email: string) => {
  const c = new PageClient(t.app);
  await c.actAs((await actorByEmail(t.dbs.owner, email)).userId);
  return c;
};

/** A person on the police's records (as the police's records system would hold them). */
async function policePerson(givenName: string, familyName: string, dateOfBirth: string) {
  const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
  const row = await t.dbs.owner
    .insertInto('person')
    .values({
      partnership_id: police.partnershipId,
      agency_id: police.agencyId,
      given_name: givenName,
      family_name: familyName,
      date_of_birth: dateOfBirth,
      created_by: police.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function policeIncident(victimId: string, occurredOn: string, children: string[]) {
  const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
  const incident = await t.dbs.owner
    .insertInto('incident')
    .values({
      partnership_id: police.partnershipId,
      agency_id: police.agencyId,
      person_id: victimId,
      occurred_on: occurredOn,
      kind: 'domestic-abuse',
      severity: 'medium',
      police_recorded: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const child of children)
    await t.dbs.owner
      .insertInto('incident_involvement')
      .values({
        incident_id: incident.id,
        person_id: child,
        partnership_id: police.partnershipId,
        agency_id: police.agencyId,
        role: 'child',
      })
      .execute();
  return incident.id;
}

/** The people the audit events matching `where` are recorded against. */
const aboutPeople = async (where: ReturnType<typeof sql>) =>
  (
    await sql<{ person_id: string }>`SELECT p.person_id FROM audit_event e
      JOIN audit_event_person p ON p.event_id = e.id WHERE ${where}`.execute(t.dbs.owner)
  ).rows.map((r) => r.person_id);

describe('schools are told', () => {
  let oakfield = '';
  let birch = '';
  let victim = '';
  let pupil = '';
  let sibling = '';
  let toddler = '';

  it('keeps the list of schools and their contacts, with GOV.UK errors for bad input', async () => {
    const admin = await client('admin@northshire.example');
    expect((await admin.get('/admin/schools')).statusCode).toBe(200);
    const bad = await admin.post('/admin/schools', { name: '', urn: '12ab' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('href="#name"');
    expect(bad.body).toContain('Enter the school name');
    expect(bad.body).toContain('6 digits');
    const made = await admin.post('/admin/schools', { name: 'Oakfield Primary School', urn: '100001' });
    expect(made.statusCode).toBe(303);
    oakfield = String(made.headers.location).split('/').pop()!;
    const again = await admin.post('/admin/schools', { name: 'Oakfield Again', urn: '100001' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already on the list');
    birch = String((await admin.post('/admin/schools', { name: 'Birch Academy', urn: '100002' })).headers.location)
      .split('/')
      .pop()!;
    expect(await t.dbs.owner.selectFrom('school').select('name').execute()).toHaveLength(2);

    const notEducation = await admin.post(`/admin/schools/${oakfield}/contacts`, {
      email: 'health.visitor@northshire.example',
    });
    expect(notEducation.statusCode).toBe(400);
    expect(notEducation.body).toContain('must be a user of an education agency');
    const unknown = await admin.post(`/admin/schools/${oakfield}/contacts`, { email: 'nobody@northshire.example' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('no active user');
    const malformed = await admin.post(`/admin/schools/${oakfield}/contacts`, { email: 'not-an-address' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('href="#email"');
    expect((await admin.post(`/admin/schools/${oakfield}/contacts`, { email: DSL.toUpperCase() })).statusCode).toBe(
      303,
    );
    expect(
      (await admin.post(`/admin/schools/${birch}/contacts`, { email: 'dsl.birch@northshire.example' })).statusCode,
    ).toBe(303);
    const page = await admin.get(`/admin/schools/${oakfield}`);
    expect(page.body).toContain('Oakfield Safeguarding Lead');
    // Nothing half-saved: the refused contacts are not there.
    expect(await t.dbs.owner.selectFrom('school_contact').select('user_id').execute()).toHaveLength(2);
    // Only administrators manage the list.
    expect((await (await client('police@northshire.example')).get('/admin/schools')).statusCode).toBe(403);
  });

  it('records the school a child attends', async () => {
    victim = await policePerson('Alexa', 'Brightwater', '1990-04-02');
    pupil = await policePerson('Robin', 'Brightwater', '2018-05-20');
    sibling = await policePerson('Sky', 'Brightwater', '2011-09-01');
    toddler = await policePerson('Jo', 'Brightwater', '2024-03-03');
    const police = await client('police@northshire.example');
    const form = await police.get(`/schools/children/${pupil}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Oakfield Primary School');
    const bad = await police.post(`/schools/children/${pupil}`, { schoolId: 'none' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the school the child attends');
    for (const child of [pupil, sibling, toddler])
      expect((await police.post(`/schools/children/${child}`, { schoolId: oakfield })).statusCode).toBe(303);
    expect((await police.get(`/schools/children/${pupil}`)).body).toContain('Recorded: Oakfield Primary School');
  });

  it('tells the school once, before the next school day, naming no one; the contact reads the notice', async () => {
    // The sibling was not there, but lives with the victim: recorded as her child.
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    await t.dbs.owner
      .insertInto('relationship')
      .values({
        partnership_id: police.partnershipId,
        agency_id: police.agencyId,
        person_id: victim,
        related_person_id: sibling,
        kind: 'child',
      })
      .execute();
    const incident = await policeIncident(victim, '2026-11-27', [pupil, toddler]);
    await jobs.schedule();
    await jobs.runner.runDue();

    const notices = await t.dbs.owner
      .selectFrom('school_notice')
      .selectAll()
      .where('incident_id', '=', incident)
      .orderBy('child_name')
      .execute();
    // Two of school age (8 and 15); the toddler is not.
    expect(notices.map((n) => n.child_name)).toEqual(['Robin Brightwater', 'Sky Brightwater']);
    for (const n of notices) {
      expect(n.sent_at).not.toBeNull();
      expect(n.sent_at!.getTime()).toBeLessThan(n.due_by.getTime());
    }
    expect(smtp.messages).toHaveLength(2);
    for (const mail of smtp.messages) {
      expect(mail.to).toEqual([DSL]);
      const body = mail.raw.replace(/=\r?\n/g, '');
      expect(body).toContain('A safeguarding notice is waiting for your school');
      // In English and then in Welsh, each with the link behind sign-in.
      expect(body).toContain('Mae hysbysiad diogelu am ddisgybl yn eich ysgol yn aros amdanoch chi.');
      expect(body.indexOf('Sign in to read it')).toBeLessThan(body.indexOf("Mewngofnodwch i'w ddarllen"));
      expect(body.match(/\/schools\/notices\/[0-9a-f-]{36}/g)).toHaveLength(2);
      expect(body).toMatch(/\/schools\/notices\/[0-9a-f-]{36}/);
      for (const word of ['Brightwater', 'Robin', 'Sky', 'Alexa', '2026-11-27', '27 November'])
        expect(body).not.toContain(word);
    }

    // What was shared is in each child's audit trail.
    const shared = await aboutPeople(sql`e.action = 'school-notice.shared'`);
    expect(shared.sort()).toEqual([pupil, sibling].sort());

    // Run again: nothing more is sent.
    await jobs.schedule(new Date(Date.now() + 60_000));
    await jobs.runner.runDue();
    expect(smtp.messages).toHaveLength(2);

    const link = /\/schools\/notices\/([0-9a-f-]{36})/.exec(smtp.messages[0]!.raw.replace(/=\r?\n/g, ''))![1]!;
    const dsl = await client(DSL);
    const list = await dsl.get('/schools/notices');
    expect(list.body).toContain('Notice of 27 November 2026');
    const page = await dsl.get(`/schools/notices/${link}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Robin Brightwater|Sky Brightwater/);
    expect(page.body).toContain('27 November 2026');
    expect(page.body).toContain('Police');
    expect(page.body).not.toContain('Alexa');
    expect(page.body).toMatch(/<title>\s*Safeguarding notice – Whole Picture/);
    const viewed = await aboutPeople(
      sql`e.action = 'school-notice.view' AND e.request_id = ${String(page.headers['x-request-id'])}`,
    );
    expect(viewed).toHaveLength(1);
    expect([pupil, sibling]).toContain(viewed[0]);

    // Only that school's contacts: another school's contact, and the police officer, get a 404.
    for (const other of ['dsl.birch@northshire.example', 'police@northshire.example', 'admin@northshire.example']) {
      const response = await (await client(other)).get(`/schools/notices/${link}`);
      expect([403, 404], other).toContain(response.statusCode);
      expect(response.body).not.toContain('Brightwater');
    }
  });

  it('does not tell schools of support contacts or of incidents police did not record', async () => {
    const health = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    for (const [by, type, recorded] of [
      [health, 'disclosure', false],
      [police, 'support-contact', true],
    ] as const) {
      const { rows } = await sql<{ id: string }>`INSERT INTO incident
        (partnership_id, agency_id, person_id, occurred_on, kind, contact_type, severity, police_recorded)
        VALUES (${by.partnershipId}, ${by.agencyId}, ${victim}, '2026-11-28', 'contact', ${type}, 'low', ${recorded})
        RETURNING id`.execute(t.dbs.owner);
      await sql`INSERT INTO incident_involvement (incident_id, person_id, partnership_id, agency_id, role)
        VALUES (${rows[0]!.id}, ${pupil}, ${by.partnershipId}, ${by.agencyId}, 'child')`.execute(t.dbs.owner);
    }
    await jobs.schedule(new Date(Date.now() + 120_000));
    await jobs.runner.runDue();
    expect(smtp.messages).toHaveLength(2);
  });
});
