import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { actorByEmail } from '../support/actors.ts';
import { completedChecklist } from '../support/checklists.ts';
import { createReferralJobs, escalateOverdue } from '../../src/modules/referrals/jobs.ts';
import '../../src/modules/referrals/tables.ts';

// Referrals between services, through the pages: made from a next step, seen only by the two
// agencies, accepted with a worker or declined with a reason, escalated once when not picked up.
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let visitor: PageClient;
let social: PageClient;
let housing: PageClient;
let csc: string;
let idva: string;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  visitor = new PageClient(t.app);
  await visitor.signIn('health.visitor@northshire.example');
  social = new PageClient(t.app);
  await social.signIn('social.worker@northshire.example');
  housing = new PageClient(t.app);
  await housing.signIn('housing@northshire.example');
  csc = (await actorByEmail(t.dbs.owner, 'social.worker@northshire.example')).agencyId;
  idva = (await actorByEmail(t.dbs.owner, 'idva@northshire.example')).agencyId;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** Runs the queue as the app would, then waits briefly for the mail the app's own runner may be sending. */
async function runJobs() {
  await createReferralJobs(t.config, t.dbs.owner).runner.runDue();
  for (
    let i = 0;
    i < 50 &&
    (await t.dbs.owner.selectFrom('background_job').select('id').where('status', '=', 'running').execute()).length;
    i++
  )
    await new Promise((r) => setTimeout(r, 50));
}
const referrals = () => t.dbs.owner.selectFrom('referral').selectAll().orderBy('referred_at').execute();
let n = 0;
async function checklist(options: Parameters<typeof completedChecklist>[3] = {}) {
  n += 1;
  return completedChecklist(
    t,
    await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example'),
    { givenName: 'Rowan', familyName: `Referral${'q'.repeat(n)}`, dateOfBirth: '1990-02-03' },
    options,
  );
}
const form = (assessmentId: string, stepId: string, toAgencyId: string, extra: Record<string, string> = {}) => ({
  assessmentId,
  stepId,
  toAgencyId,
  service: stepId === 'refer-to-idva' ? 'idva' : 'childrens-social-care',
  reason: 'Children present at the last incident',
  consentStatus: 'given',
  lawfulBasis: '',
  sharedLevel: 'shared-summary',
  ...extra,
});

describe('a referral from a next step', () => {
  it('offers the referral beside the step, and sends it to the receiving agency’s queue with an e-mail naming no one', async () => {
    const id = await checklist({ childrenInHousehold: 2 });
    const steps = await visitor.get(`/assessments/${id}/next-steps`);
    expect(steps.body).toContain(`/referrals/new?assessment=${id}&amp;step=refer-to-childrens-social-care`);
    const page = await visitor.get(`/referrals/new?assessment=${id}&step=refer-to-childrens-social-care`);
    expect(page.statusCode).toBe(200);
    // The likeliest receiver (children's social care) is offered first.
    expect(page.body.indexOf('Northshire Children&#39;s Services')).toBeLessThan(
      page.body.indexOf('Northshire Housing'),
    );
    const sent = await visitor.post('/referrals', form(id, 'refer-to-childrens-social-care', csc));
    expect(sent.statusCode).toBe(303);
    const [row] = (await referrals()).filter((r) => r.assessment_id === id);
    expect(row).toMatchObject({
      status: 'awaiting',
      to_agency_id: csc,
      risk_level: 'high',
      step_id: 'refer-to-childrens-social-care',
    });
    // High risk: 24 hours by default.
    expect(row!.due_at.getTime() - row!.referred_at.getTime()).toBe(24 * 3_600_000);
    await runJobs();
    const mail = smtp.messages.find((m) => m.to.includes('social.worker@northshire.example'));
    expect(mail?.raw).toContain('A referral has arrived for your agency');
    expect(mail?.raw).not.toMatch(/Rowan|Referral/);

    const queue = await social.get('/referrals');
    expect(queue.body).toContain(`/referrals/${row!.id}`);
    expect(queue.body).not.toContain('Rowan');
    // The next step now links to the referral and shows its status.
    expect((await visitor.get(`/assessments/${id}/next-steps`)).body).toMatch(
      /Referral to Northshire Children.*Services<\/a>:\s*awaiting a decision/,
    );
    // And a second referral for the same step is refused.
    expect((await visitor.post('/referrals', form(id, 'refer-to-childrens-social-care', csc))).statusCode).toBe(400);
    expect((await referrals()).filter((r) => r.assessment_id === id)).toHaveLength(1);
  });

  it('refuses bad input field by field and saves nothing', async () => {
    const id = await checklist();
    const before = (await referrals()).length;
    await visitor.get(`/referrals/new?assessment=${id}&step=refer-to-idva`);
    const bad = await visitor.post(
      '/referrals',
      form(id, 'refer-to-idva', idva, { reason: '', consentStatus: 'refused', service: 'astrology' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Give the reason for the referral');
    expect(bad.body).toContain('Without consent, record the lawful basis for sharing');
    expect(bad.body).toContain('Select the service you are referring to');
    const toSelf = await visitor.post(
      '/referrals',
      form(id, 'refer-to-idva', (await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example')).agencyId),
    );
    expect(toSelf.body).toContain('Select another active agency of your partnership');
    // Another agency's checklist cannot be referred from.
    await housing.get('/account');
    const foreign = await housing.post('/referrals', form(id, 'refer-to-idva', idva));
    expect(foreign.statusCode, foreign.body.slice(0, 3000)).toBe(404);
    expect((await referrals()).length).toBe(before);
  });
});

describe('the receiving agency decides', () => {
  it('accepts with an allocated worker; the referrer sees it; nobody else sees the referral at all', async () => {
    const id = await checklist({ childrenInHousehold: 1 });
    await visitor.post('/referrals', form(id, 'refer-to-childrens-social-care', csc));
    const row = (await referrals()).find((r) => r.assessment_id === id)!;
    const worker = await actorByEmail(t.dbs.owner, 'social.worker@northshire.example');
    expect((await housing.get(`/referrals/${row.id}`)).statusCode).toBe(404);
    expect((await visitor.post(`/referrals/${row.id}/accept`, { allocatedUserId: worker.userId })).statusCode).toBe(
      404,
    );
    const page = await social.get(`/referrals/${row.id}`);
    expect(page.body).toContain('Rowan');
    expect((await social.post(`/referrals/${row.id}/accept`, { allocatedUserId: '' })).statusCode).toBe(400);
    // A worker of another agency cannot be allocated.
    expect(
      (
        await social.post(`/referrals/${row.id}/accept`, {
          allocatedUserId: (await actorByEmail(t.dbs.owner, 'housing@northshire.example')).userId,
        })
      ).statusCode,
    ).toBe(400);
    const accepted = await social.post(`/referrals/${row.id}/accept`, { allocatedUserId: worker.userId });
    expect(accepted.statusCode).toBe(303);
    expect((await referrals()).find((r) => r.id === row.id)).toMatchObject({
      status: 'accepted',
      allocated_user_id: worker.userId,
      decided_by: worker.userId,
    });
    expect((await social.post(`/referrals/${row.id}/decline`, { declineReason: 'Changed my mind' })).statusCode).toBe(
      409,
    );
    expect((await visitor.get(`/referrals/${row.id}`)).body).toContain('Accepted: allocated to');
  });

  it('declines with a reason the referrer sees, and the step can be referred again', async () => {
    const id = await checklist({ childrenInHousehold: 1 });
    await visitor.post('/referrals', form(id, 'refer-to-childrens-social-care', csc));
    const row = (await referrals()).find((r) => r.assessment_id === id)!;
    await social.get(`/referrals/${row.id}`);
    expect((await social.post(`/referrals/${row.id}/decline`, { declineReason: '' })).body).toContain(
      'Give the reason for declining',
    );
    expect(
      (
        await social.post(`/referrals/${row.id}/decline`, {
          declineReason: 'Already known to the team; contact the allocated worker',
        })
      ).statusCode,
    ).toBe(303);
    expect((await visitor.get(`/referrals/${row.id}`)).body).toContain('Already known to the team');
    expect((await visitor.get(`/assessments/${id}/next-steps`)).body).toContain('Refer again');
  });

  it('row-level security refuses a decision by any agency but the receiver, even bypassing the service', async () => {
    const id = await checklist();
    await visitor.post('/referrals', form(id, 'refer-to-idva', idva, { service: 'idva' }));
    const row = (await referrals()).find((r) => r.assessment_id === id)!;
    const referrer = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const { asActor } = await import('../../src/db/tenancy.ts');
    const updated = await asActor(t.dbs.app, referrer, (tx) =>
      tx
        .updateTable('referral')
        .set({
          status: 'accepted',
          allocated_user_id: referrer.userId,
          decided_by: referrer.userId,
          decided_at: new Date(),
        })
        .where('id', '=', row.id)
        .executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const seen = await asActor(t.dbs.app, await actorByEmail(t.dbs.owner, 'police@northshire.example'), (tx) =>
      tx.selectFrom('referral').select('id').where('id', '=', row.id).execute(),
    );
    expect(seen).toEqual([]);
  });
});

describe('escalation when nobody picks a referral up', () => {
  it('escalates each overdue referral once, e-mailing the receiving agency’s lead with a count and no name', async () => {
    const id = await checklist();
    await visitor.post('/referrals', form(id, 'refer-to-idva', idva, { service: 'idva' }));
    const row = (await referrals()).find((r) => r.assessment_id === id)!;
    const team = await t.dbs.owner
      .selectFrom('agency')
      .select('partnership_id')
      .where('id', '=', idva)
      .executeTakeFirstOrThrow();
    await t.dbs.owner
      .insertInto('app_user')
      .values({
        partnership_id: team.partnership_id,
        agency_id: idva,
        email: 'lead.idva@northshire.example',
        display_name: 'Ira Lead',
        role: 'agency-lead',
        password_hash: null,
        totp_secret: null,
      })
      .execute();
    expect(await escalateOverdue(t.dbs.owner)).toBe(0);
    const later = new Date(row.due_at.getTime() + 60_000);
    expect(await escalateOverdue(t.dbs.owner, later)).toBeGreaterThanOrEqual(1);
    expect((await referrals()).find((r) => r.id === row.id)!.escalated_at).not.toBeNull();
    expect(await escalateOverdue(t.dbs.owner, later)).toBe(0);
    smtp.messages.length = 0;
    await runJobs();
    const mails = smtp.messages.filter(
      (m) => m.raw.includes('not been accepted or declined') && m.to.includes('lead.idva@northshire.example'),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['lead.idva@northshire.example']);
    expect(mails[0]!.raw).not.toContain('Rowan');
    expect((await visitor.get(`/referrals/${row.id}`)).body).toContain('escalated to the receiving agency’s lead');
  });
});

describe('the referral API', () => {
  it('accepts a referral from an agency system, and refuses bad input with every problem by path, saving nothing', async () => {
    const { issueApiToken } = await import('../support/http-client.ts');
    const admin = new PageClient(t.app);
    await admin.signIn('admin@northshire.example');
    const token = await issueApiToken(admin, 'Northshire Community Health Trust', 'Health records system');
    const id = await checklist();
    const post = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/referrals',
        headers: { authorization: `Bearer ${token}` },
        payload: payload as Record<string, unknown>,
      });
    const before = (await referrals()).length;
    const bad = await post({
      assessmentId: id,
      toAgencyId: 'nope',
      service: 'idva',
      reason: '',
      consentStatus: 'refused',
      sharedLevel: 'everything',
      extra: 1,
    });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json() as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['toAgencyId', 'reason', 'sharedLevel', '']));
    const notOwn = await post({
      assessmentId: id,
      toAgencyId: idva,
      service: 'idva',
      reason: 'Needs support',
      consentStatus: 'not-asked',
      lawfulBasis: 'Risk of serious harm',
      sharedLevel: 'shared-summary',
      stepId: 'refer-to-marac',
    });
    expect(notOwn.json()).toMatchObject({ problems: [{ path: 'stepId' }] });
    expect((await referrals()).length).toBe(before);
    const ok = await post({
      assessmentId: id,
      stepId: 'refer-to-idva',
      toAgencyId: idva,
      service: 'idva',
      reason: 'Needs an IDVA',
      consentStatus: 'given',
      sharedLevel: 'shared-summary',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'awaiting' });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/api/v1/referrals');
  });
});
