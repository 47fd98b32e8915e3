import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { completedChecklist } from '../support/checklists.ts';
import { escalateOverdue } from '../../src/modules/referrals/jobs.ts';
import { createReferral } from '../../src/modules/referrals/service.ts';
import '../../src/modules/worklists/tables.ts';
import '../../src/modules/people/tables.ts';

// Incidents and contacts recorded one at a time, and the worklists they feed: kept up to date by
// the database as records change, read by the pages, closed only with an outcome.
let t: TestApp;
let token: string;
let lead: PageClient;
let police: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  const admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
  token = await issueApiToken(admin, 'Northshire Police', 'Police records system');
  lead = new PageClient(t.app);
  await lead.signIn('lead.police@northshire.example');
  police = new PageClient(t.app);
  await police.signIn('police@northshire.example');
});
afterAll(async () => t?.close());

const post = (payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: { authorization: `Bearer ${token}` },
    payload: payload as Record<string, unknown>,
  });
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const callOut = (n: number, type = 'police-call-out') => ({
  sourceId: `CALL-${type}-${n}`,
  type,
  occurredOn: daysAgo(n),
  severity: 'medium',
  people: [
    { sourceId: 'V-SAGE', role: 'victim', givenName: 'Sage', familyName: 'Thornbury', dateOfBirth: '1987-11-02' },
  ],
});
const items = () => t.dbs.owner.selectFrom('worklist_item').selectAll().orderBy('created_at').execute();
/** Items about Sage Thornbury's record only (the demo data has incidents of its own). */
const sageItems = async () => {
  const sage = await t.dbs.owner.selectFrom('person').select('id').where('given_name', '=', 'Sage').execute();
  return (await items()).filter((i) => sage.some((p) => p.id === i.person_id));
};

describe('recording one incident or contact through the API', () => {
  it('refuses bad input with every problem by path, and saves nothing', async () => {
    const before = (await t.dbs.owner.selectFrom('incident').select('id').execute()).length;
    const bad = await post({ sourceId: '', type: 'burglary', occurredOn: '2099-01-01', severity: 'awful', people: [] });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json() as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['sourceId', 'type', 'occurredOn', 'severity', 'people']));
    expect((await post([callOut(1)])).statusCode).toBe(400);
    expect((await t.dbs.owner.selectFrom('incident').select('id').execute()).length).toBe(before);
  });

  it('three police call-outs with no checklist put items on the police lead’s list; closing one needs an outcome', async () => {
    for (const n of [30, 20, 10]) expect((await post(callOut(n))).statusCode).toBe(201);
    expect((await post(callOut(10))).statusCode).toBe(200); // sent again: nothing new
    const open = (await sageItems()).filter((i) => i.kind === 'incident-without-checklist' && i.status === 'open');
    expect(open.filter((i) => i.for_lead)).toHaveLength(3);
    expect(open.filter((i) => !i.for_lead)).toHaveLength(3);
    // Police: 24 hours to a checklist by default.
    expect(open[0]!.due_at.getTime() - open[0]!.created_at.getTime()).toBe(24 * 3_600_000);

    // The third police incident in 12 months meets the potential-escalation criterion: on the police list and the coordinator's.
    const criterion = (await sageItems()).filter((i) => i.kind === 'criterion-without-referral');
    expect(criterion.map((i) => [i.agency_id, i.for_coordinator, i.status]).sort()).toEqual(
      [
        [open[0]!.agency_id, false, 'open'],
        [open[0]!.agency_id, true, 'open'],
      ].sort(),
    );

    const shown = async (client: PageClient) => (/(\d+) open items?/.exec((await client.get('/')).body) ?? [])[1];
    const now = Date.now();
    const demoOpen = (await items()).filter(
      (i) =>
        i.status === 'open' &&
        i.agency_id === open[0]!.agency_id &&
        !i.for_coordinator &&
        (!i.shows_from || i.shows_from.getTime() <= now) &&
        !open.some((o) => o.id === i.id),
    );
    expect(Number(await shown(lead))).toBe(6 + demoOpen.length);
    expect(Number(await shown(police))).toBe(3 + demoOpen.filter((i) => !i.for_lead).length); // the lead's list is the lead's
    const leadItem = open.find((i) => i.for_lead)!;
    expect((await police.get(`/worklist/${leadItem.id}`)).statusCode).toBe(404);
    await lead.get(`/worklist/${leadItem.id}`);
    const empty = await lead.post(`/worklist/${leadItem.id}/close`, { outcome: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Record the outcome');
    expect((await items()).find((i) => i.id === leadItem.id)!.status).toBe('open');
    expect(
      (
        await lead.post(`/worklist/${leadItem.id}/close`, {
          outcome: 'Officer asked to complete a checklist on the next visit',
        })
      ).statusCode,
    ).toBe(303);
    expect((await items()).find((i) => i.id === leadItem.id)).toMatchObject({
      status: 'closed',
      outcome: 'Officer asked to complete a checklist on the next visit',
    });
    expect((await lead.post(`/worklist/${leadItem.id}/close`, { outcome: 'again' })).statusCode).toBe(409);
  });

  it('a support contact is not an abuse incident: no worklist item, and it does not count toward escalation', async () => {
    const before = (await items()).length;
    expect((await post({ ...callOut(5, 'idva-contact') })).statusCode).toBe(201);
    const { rows } = await sql<{
      is_abuse: boolean;
    }>`SELECT is_abuse FROM incident WHERE source_id = 'CALL-idva-contact-5'`.execute(t.dbs.owner);
    expect(rows[0]!.is_abuse).toBe(false);
    expect((await items()).length).toBe(before);
  });

  it('a completed checklist for the victim closes the open incident items, recording when', async () => {
    const officer = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    await completedChecklist(
      t,
      officer,
      { givenName: 'Sage', familyName: 'Thornbury', dateOfBirth: '1987-11-02' },
      { yes: 5 },
    );
    const incidentItems = (await sageItems()).filter((i) => i.kind === 'incident-without-checklist');
    expect(incidentItems.filter((i) => i.status === 'open')).toEqual([]);
    expect(incidentItems.filter((i) => i.outcome === 'Risk checklist completed').length).toBe(5);
  });
});

describe('a referral nobody picked up', () => {
  it('goes on the receiving agency lead’s worklist when escalated, and comes off when decided', async () => {
    const officer = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const assessmentId = await completedChecklist(t, officer, {
      givenName: 'Wren',
      familyName: 'Oakfield',
      dateOfBirth: '1990-01-01',
    });
    const housing = await actorByEmail(t.dbs.owner, 'housing@northshire.example');
    const created = await createReferral(t.dbs.app, officer, {
      assessmentId,
      stepId: null,
      toAgencyId: housing.agencyId,
      service: 'housing-sanctuary',
      reason: 'Target hardening',
      consentStatus: 'given',
      lawfulBasis: null,
      sharedLevel: 'shared-summary',
    });
    if (!created.ok) throw new Error('referral not made');
    await escalateOverdue(t.dbs.owner, new Date(Date.now() + 8 * 86_400_000));
    const item = (await items()).find((i) => i.subject_id === created.id)!;
    expect(item).toMatchObject({
      kind: 'referral-not-picked-up',
      agency_id: housing.agencyId,
      for_lead: true,
      status: 'open',
    });
    const { accept } = await import('../../src/modules/referrals/service.ts');
    expect(await accept(t.dbs.app, housing, created.id, housing.userId)).toBe('decided');
    expect((await items()).find((i) => i.id === item.id)).toMatchObject({
      status: 'closed',
      outcome: 'Referral accepted',
    });
  });
});

describe('the partnership’s list of abuse incidents and support contacts', () => {
  it('an administrator makes a kind a support contact; incidents of that kind recorded afterwards raise no item', async () => {
    const admin = new PageClient(t.app);
    await admin.signIn('admin@northshire.example');
    const page = await admin.get('/admin/contact-kinds');
    expect(page.body).toMatch(/value="police-call-out" checked/);
    expect(page.body).not.toMatch(/value="idva-contact" checked/);
    const abuse = [
      'police-call-out',
      'crime',
      'a-and-e-attendance',
      'gp-disclosure',
      'midwife-disclosure',
      'school-concern',
      'other',
    ];
    expect((await admin.post('/admin/contact-kinds', { abuse })).statusCode).toBe(303);
    expect((await admin.get('/admin/contact-kinds')).body).not.toMatch(/value="housing-report" checked/);
    const before = (await items()).length;
    expect((await post({ ...callOut(3, 'housing-report') })).statusCode).toBe(201);
    expect((await items()).length).toBe(before);
  });
});
