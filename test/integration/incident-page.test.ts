import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { completedChecklist } from '../support/checklists.ts';
import { createReferral } from '../../src/modules/referrals/service.ts';
import '../../src/modules/referrals/tables.ts';

// One incident or contact on its own page, as far as the viewer's agency may see it; and the
// partnership's referral response times, changed by its administrator on a page.
let t: TestApp;
let admin: PageClient;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
  token = await issueApiToken(admin, 'Northshire Police', 'Police records system');
});
afterAll(async () => t?.close());

describe('the incident page', () => {
  it('shows the recording agency everything, another agency only what its level allows, and audits the read against the person', async () => {
    const recorded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        sourceId: 'INC-PAGE-1',
        type: 'police-call-out',
        occurredOn: '2026-03-01',
        severity: 'high',
        summary: 'Neighbour heard shouting; officers attended',
        people: [
          { sourceId: 'V-1', role: 'victim', givenName: 'Lane', familyName: 'Ferrers', dateOfBirth: '1993-02-02' },
          { sourceId: 'P-1', role: 'perpetrator', givenName: 'Cass', familyName: 'Ferrers', dateOfBirth: '1990-07-07' },
          { sourceId: 'C-1', role: 'child', givenName: 'Ivo', familyName: 'Ferrers', dateOfBirth: '2019-01-01' },
        ],
      },
    });
    expect(recorded.statusCode).toBe(201);
    const id = (recorded.json() as { id: string }).id;

    const police = new PageClient(t.app);
    await police.signIn('police@northshire.example');
    const full = await police.get(`/incidents/${id}`);
    expect(full.statusCode).toBe(200);
    expect(full.body).toContain('Neighbour heard shouting');
    expect(full.body).toContain('Cass Ferrers');
    expect(full.body).toContain('Police call-out');
    expect(full.body).not.toContain('<title>Cass'); // no name in the title

    const housing = new PageClient(t.app);
    await housing.signIn('housing@northshire.example');
    const other = await housing.get(`/incidents/${id}`);
    if (other.statusCode === 200) {
      expect(other.body).not.toContain('Neighbour heard shouting');
      expect(other.body).not.toContain('Ferrers');
    } else expect(other.statusCode).toBe(404);

    const { rows: events } = await sql<{ family_name: string; outcome: string }>`
      SELECT p.family_name, e.outcome FROM audit_event e
      JOIN audit_event_person ap ON ap.event_id = e.id JOIN person p ON p.id = ap.person_id
      WHERE e.action = 'incident.view' AND e.subject_id = ${id}`.execute(t.dbs.owner);
    expect(events.some((e) => e.family_name === 'Ferrers' && e.outcome === 'success')).toBe(true);
    expect((await police.get('/incidents/not-an-id')).statusCode).toBe(404);
  });
});

describe('referral response times', () => {
  it('refuses bad times beside the field, then applies the saved times to referrals made afterwards', async () => {
    const page = await admin.get('/admin/referral-response-times');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="24"');
    const bad = await admin.post('/admin/referral-response-times', {
      high: 'a day',
      medium: '72',
      standard: '168',
      version: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the time for high risk as a whole number of hours');
    const backwards = await admin.post('/admin/referral-response-times', {
      high: '100',
      medium: '72',
      standard: '168',
      version: '',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('Higher risk needs the same or a shorter time');
    expect(await t.dbs.owner.selectFrom('referral_response_time').selectAll().execute()).toEqual([]);
    expect(
      (await admin.post('/admin/referral-response-times', { high: '4', medium: '48', standard: '120', version: '' }))
        .statusCode,
    ).toBe(303);
    expect(
      (await admin.post('/admin/referral-response-times', { high: '8', medium: '48', standard: '120', version: '' }))
        .statusCode,
    ).toBe(409);

    const officer = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const housing = await actorByEmail(t.dbs.owner, 'housing@northshire.example');
    const assessmentId = await completedChecklist(t, officer, {
      givenName: 'Noor',
      familyName: 'Halloran',
      dateOfBirth: '1988-09-09',
    });
    const now = new Date();
    const made = await createReferral(
      t.dbs.app,
      officer,
      {
        assessmentId,
        stepId: null,
        toAgencyId: housing.agencyId,
        service: 'housing-sanctuary',
        reason: 'Target hardening',
        consentStatus: 'given',
        lawfulBasis: null,
        sharedLevel: 'shared-summary',
      },
      now,
    );
    if (!made.ok) throw new Error('referral not made');
    const row = await t.dbs.owner
      .selectFrom('referral')
      .select('due_at')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(row.due_at.getTime() - now.getTime()).toBe(4 * 3_600_000);

    // The receiving agency reads it at the shared level; the read is audited against the person.
    const receiver = new PageClient(t.app);
    await receiver.signIn('housing@northshire.example');
    const shown = await receiver.get(`/referrals/${made.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Halloran');
    const { rows: reads } = await sql<{ family_name: string }>`
      SELECT p.family_name FROM audit_event e
      JOIN audit_event_person ap ON ap.event_id = e.id JOIN person p ON p.id = ap.person_id
      WHERE e.action = 'referral.view' AND e.subject_id = ${made.id}`.execute(t.dbs.owner);
    expect(reads.map((r) => r.family_name)).toEqual(['Halloran']);
  });
});
