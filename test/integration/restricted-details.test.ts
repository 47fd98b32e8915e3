import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient, issueApiToken } from '../support/http-client.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { actorByEmail, addAdministrator } from '../support/actors.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import * as risk from '../../src/modules/risk/service.ts';
import { escalateUnreviewedGrants } from '../../src/modules/access/escalation.ts';
import { createMailer } from '../../src/platform/mail.ts';
import { ROUTE_MATRIX } from '../security/route-matrix.ts';

// The held case: after the MARAC moves her, the victim's new address is recorded by children's social
// care and restricted to them and the police domestic abuse unit. Nobody else, whatever their role or
// agency, sees it anywhere; break-glass does not open it; an approved request shows it once.

const ADDRESS = 'Flat 9, Lantern Court, Eastholm ZZ9 9ZZ';
const MARKERS = ['Lantern Court', 'ZZ9 9ZZ', 'ZZ99ZZ'];

let t: TestApp;
const log: string[] = [];
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let personId: string;
let assessmentId: string;
let a: Record<
  'social' | 'dau' | 'chair' | 'policeLead' | 'housing' | 'coordinator' | 'admin' | 'analyst' | 'health',
  Actor
>;

async function clientFor(actor: Actor) {
  const client = new PageClient(t.app);
  await client.actAs(actor.userId);
  return client;
}
const holdsAddress = (body: string) => MARKERS.some((m) => body.includes(m));

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // Everything the service logs, at its most detailed level, to prove the log never holds a restricted detail.
  t = await startTestApp({
    env: { SMTP_URL: smtp.url, LOG_LEVEL: 'trace' },
    logStream: { write: (line) => log.push(line) },
  });
  const by = (email: string) => actorByEmail(t.dbs.owner, email);
  a = {
    social: await by('social.worker@northshire.example'),
    dau: await by('police@northshire.example'),
    chair: await by('chair@northshire.example'),
    policeLead: await by('lead.police@northshire.example'),
    housing: await by('housing@northshire.example'),
    coordinator: await by('coordinator@northshire.example'),
    admin: await by('admin@northshire.example'),
    analyst: await by('analyst@northshire.example'),
    health: await by('health.visitor@northshire.example'),
  };
  const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
  const recorded = await risk.recordAssessment(t.dbs.app, a.social, instrument, {
    victim: { givenName: 'Robin', familyName: 'Farrow', dateOfBirth: '1990-03-03' },
    answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < 15 ? 'yes' : 'no' })),
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
  assessmentId = recorded.id;
  personId = recorded.personId;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('teams and the designated safeguarding reviewer', () => {
  it('the demo has the police domestic abuse unit and a designated reviewer', async () => {
    const admin = await clientFor(a.admin);
    const page = await admin.get('/admin/teams');
    expect(page.body).toContain('Domestic Abuse Unit');
    expect(page.body).toMatch(
      /data-testid="reviewer">Casey Coordinator is the partnership’s designated safeguarding reviewer/,
    );
  });

  it('an administrator adds a team, its members and the reviewer; nobody else can', async () => {
    const admin = await clientFor(a.admin);
    const page = await admin.get('/admin/teams');
    expect(page.statusCode).toBe(200);
    const bad = await admin.post('/admin/teams', { agencyId: '', name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the agency the team belongs to');
    expect(
      (await admin.post('/admin/teams', { agencyId: a.dau.agencyId, name: 'Domestic Abuse Unit' })).statusCode,
      'the name is taken',
    ).toBe(400);
    expect(
      (await admin.post('/admin/teams', { agencyId: a.dau.agencyId, name: 'Public Protection Unit' })).statusCode,
    ).toBe(303);
    const team = await t.dbs.owner
      .selectFrom('team')
      .select('id')
      .where('name', '=', 'Public Protection Unit')
      .where('agency_id', '=', a.dau.agencyId)
      .executeTakeFirstOrThrow();
    await admin.get(`/admin/teams/${team.id}`);
    // Only people of the team's agency can join it.
    const wrongAgency = await admin.post(`/admin/teams/${team.id}/members`, { userId: a.social.userId });
    expect(wrongAgency.statusCode).toBe(400);
    expect((await admin.post(`/admin/teams/${team.id}/members`, { userId: a.policeLead.userId })).statusCode).toBe(303);
    const members = async () =>
      /data-testid="members">([\s\S]*?)<\/(ul|p)>/.exec((await admin.get(`/admin/teams/${team.id}`)).body)![1]!;
    expect(await members()).toContain('Lee Lead');
    expect(
      (await admin.post(`/admin/teams/${team.id}/members/remove`, { userId: a.policeLead.userId })).statusCode,
    ).toBe(303);
    expect(await members()).not.toContain('Lee Lead');
    // An analyst cannot be the reviewer; the coordinator can.
    await admin.get('/admin/teams');
    expect((await admin.post('/admin/safeguarding-reviewer', { userId: a.analyst.userId })).statusCode).toBe(400);
    expect((await admin.post('/admin/safeguarding-reviewer', { userId: a.coordinator.userId })).statusCode).toBe(303);
    // The choice applies once a second administrator approves it.
    const other = new PageClient(t.app);
    await other.actAs(await addAdministrator(t.dbs.owner, a.admin, 'other.admin@northshire.example', 'Other Admin'));
    const change = /\/admin\/role-changes\/([0-9a-f-]{36})\/approve/.exec((await other.get('/admin/users')).body)![1]!;
    expect((await other.post(`/admin/role-changes/${change}/approve`, {})).statusCode).toBe(303);
    expect((await admin.get('/admin/teams')).body).toMatch(
      /data-testid="reviewer">[^<]*is the partnership’s designated safeguarding reviewer/,
    );
    // Row-level security refuses a non-administrator's team, even bypassing the application.
    await expect(
      asActor(t.dbs.app, a.policeLead, (tx) =>
        tx
          .insertInto('team')
          .values({ partnership_id: a.policeLead.partnershipId, agency_id: a.policeLead.agencyId, name: 'Shadow team' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    expect((await (await clientFor(a.policeLead)).get('/admin/teams')).statusCode).toBe(403);
  });
});

describe('the held case: an address restricted to children’s social care and the police domestic abuse unit', () => {
  it('is recorded by children’s social care for the unit, not the whole police force', async () => {
    const social = await clientFor(a.social);
    const page = await social.get(`/restricted-details/${personId}`);
    const team = await t.dbs.owner
      .selectFrom('team')
      .select('id')
      .where('name', '=', 'Domestic Abuse Unit')
      .where('agency_id', '=', a.dau.agencyId)
      .executeTakeFirstOrThrow();
    expect(page.body, 'the unit is offered as a team').toContain(
      `name="namedTeamIds" type="checkbox" value="${team.id}"`,
    );
    expect(
      (
        await social.post(`/restricted-details/${personId}`, {
          kind: 'safe-address',
          value: ADDRESS,
          namedTeamIds: team.id,
        })
      ).statusCode,
    ).toBe(303);
    expect((await social.get(`/restricted-details/${personId}`)).body).toContain(ADDRESS);
    expect((await (await clientFor(a.dau)).get(`/restricted-details/${personId}`)).body).toContain(ADDRESS);
  });

  it('row-level security shows it to exactly the named group', async () => {
    const users = await t.dbs.owner.selectFrom('app_user').select('email').execute();
    const seeing: string[] = [];
    for (const u of users) {
      const actor = await actorByEmail(t.dbs.owner, u.email);
      const rows = await asActor(t.dbs.app, actor, (tx) =>
        sql`SELECT value FROM restricted_detail WHERE person_id = ${personId}`.execute(tx),
      );
      if (rows.rows.length) seeing.push(u.email);
    }
    expect(seeing.sort()).toEqual(['police@northshire.example', 'social.worker@northshire.example']);
  });

  it('outside the group: the page says only that details exist and whom to ask', async () => {
    const page = (await (await clientFor(a.chair)).get(`/restricted-details/${personId}`)).body;
    expect(holdsAddress(page)).toBe(false);
    expect(page).toContain('data-testid="hidden-details"');
    expect(page).toMatch(
      /contact\s+Northshire Children&#39;s Services \(named: Domestic Abuse Unit, Northshire Police\)/,
    );
  });

  it('break-glass does not reveal it', async () => {
    const housing = await clientFor(a.housing);
    await housing.get(`/break-glass/${personId}`);
    expect(
      (await housing.post(`/break-glass/${personId}`, { reason: 'Caller says she is in danger at a new address' }))
        .statusCode,
    ).toBe(303);
    expect(holdsAddress((await housing.get(`/restricted-details/${personId}`)).body)).toBe(false);
    expect(holdsAddress((await housing.get(`/people/${personId}`)).body)).toBe(false);
  });

  it('a crawl of every page, search and export as every other user never contains it', async () => {
    const users = await t.dbs.owner
      .selectFrom('app_user')
      .select(['id', 'email'])
      .where('email', 'not in', ['police@northshire.example', 'social.worker@northshire.example'])
      .execute();
    expect(users.length).toBeGreaterThanOrEqual(10);
    const ids: Record<string, string> = { person: personId, assessment: assessmentId, draft: assessmentId };
    const pages = Object.entries(ROUTE_MATRIX)
      .filter(([k, rule]) => k.startsWith('GET ') && rule.who !== 'public' && rule.who !== 'api')
      .map(([k, rule]) =>
        k
          .slice(4)
          .replace(':id', (rule.subject && ids[rule.subject]) || '00000000-0000-4000-8000-000000000000')
          .replace(':caseId', '00000000-0000-4000-8000-000000000000'),
      )
      .concat([`/people/${personId}`]);
    const leaks: string[] = [];
    for (const u of users) {
      const client = new PageClient(t.app);
      await client.actAs(u.id);
      for (const url of pages) {
        const response = await client.get(url);
        if (holdsAddress(response.body) || holdsAddress(response.rawPayload.toString('latin1')))
          leaks.push(`${u.email} ${url}`);
      }
      await client.get('/people/search');
      const search = (name: string, postcode: string) =>
        client.post('/people/search', {
          name,
          postcode,
          'dateOfBirth-day': '',
          'dateOfBirth-month': '',
          'dateOfBirth-year': '',
          identifier: '',
        });
      if (holdsAddress((await search('Robin Farrow', '')).body)) leaks.push(`${u.email} search by name`);
      // The form echoes the postcode typed; what matters is that the restricted address finds nobody.
      const byPostcode = (await search('', 'ZZ9 9ZZ')).body;
      if (byPostcode.includes(personId) || byPostcode.includes('Lantern Court'))
        leaks.push(`${u.email} search by the restricted postcode`);
    }
    expect(leaks).toEqual([]);
  }, 300_000);

  it('no API response to another agency’s record system contains it', async () => {
    const admin = await clientFor(a.admin);
    const page = await admin.get('/admin/api-credentials');
    const agencies = [...page.body.matchAll(/<option value="([0-9a-f-]{36})">([^<]+)<\/option>/g)]
      .map((m) => m[2]!)
      .filter((name) => !name.includes('Children'));
    expect(agencies).toContain('Northshire Police');
    const apiRoutes = Object.entries(ROUTE_MATRIX).filter(([, rule]) => rule.who === 'api');
    expect(apiRoutes.length).toBeGreaterThanOrEqual(3);
    const leaks: string[] = [];
    for (const agency of agencies) {
      const token = await issueApiToken(admin, agency, `${agency} crawl`);
      for (const [route] of apiRoutes) {
        const [method, path] = route.split(' ') as ['GET' | 'POST', string];
        // Each operation asked about the person as a record system would (invalid bodies save nothing).
        const response = await t.app.inject({
          method,
          url: path.replace(':id', personId),
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { payload: JSON.stringify({ personId, person: { id: personId } }) } : {}),
        });
        expect(response.statusCode, `${agency} ${route}`).toBeLessThan(500);
        if (holdsAddress(response.body)) leaks.push(`${agency} ${route}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('an approved request shows it once to the requester, and the recording agency sees that', async () => {
    const housing = await clientFor(a.housing);
    await housing.get(`/restricted-details/${personId}`);
    const short = await housing.post(`/restricted-details/${personId}/requests`, { reason: 'now' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Explain why you need to see the restricted details');
    expect(
      (
        await housing.post(`/restricted-details/${personId}/requests`, {
          reason: 'Rehousing her today: need to avoid placing near the new address',
        })
      ).statusCode,
    ).toBe(303);
    const waiting = await housing.get(`/restricted-details/${personId}`);
    expect(waiting.body).toContain('You have asked to see them');
    expect(holdsAddress(waiting.body)).toBe(false);
    const request = await t.dbs.owner
      .selectFrom('restricted_request')
      .select('id')
      .where('person_id', '=', personId)
      .where('user_id', '=', a.housing.userId)
      .executeTakeFirstOrThrow();

    // Administrators and analysts can neither ask nor decide; a police user outside the unit cannot decide.
    for (const outsider of [a.admin, a.analyst]) {
      const client = await clientFor(outsider);
      expect(
        (await client.post(`/restricted-details/${personId}/requests`, { reason: 'I would like to see it please' }))
          .statusCode,
      ).toBe(403);
      expect((await client.post(`/restricted-requests/${request.id}`, { decision: 'approve' })).statusCode).toBe(403);
    }
    const chair = await clientFor(a.chair);
    expect((await chair.get('/restricted-requests')).body).not.toContain('Rehousing her today');
    expect((await chair.post(`/restricted-requests/${request.id}`, { decision: 'approve' })).statusCode).toBe(404);
    // Nor can the requester approve their own request, even bypassing the application.
    expect(
      await asActor(t.dbs.app, a.housing, (tx) =>
        sql<{ ok: boolean }>`SELECT decide_restricted_request(${request.id}::uuid, true, '', 60) AS ok`.execute(tx),
      ).then((r) => r.rows[0]!.ok),
    ).toBe(false);

    const mailsBefore = smtp.messages.length;
    const social = await clientFor(a.social);
    const list = await social.get('/restricted-requests');
    expect(list.body).toContain('Rehousing her today');
    expect(
      (await social.post(`/restricted-requests/${request.id}`, { decision: 'approve', note: 'Agreed for rehousing' }))
        .statusCode,
    ).toBe(303);
    await expect.poll(() => smtp.messages.length).toBeGreaterThan(mailsBefore);
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toContain('social.worker@northshire.example');
    expect(mail.raw).toContain('/restricted-requests');
    expect(holdsAddress(mail.raw)).toBe(false);
    expect(mail.raw).not.toMatch(/Robin|Farrow|Harper/);

    const page = await housing.get(`/restricted-details/${personId}`);
    expect(page.body).toContain('Your request was approved');
    const first = await housing.get(`/restricted-details/${personId}/approved`);
    expect(first.body).toContain(ADDRESS);
    expect(first.headers['cache-control']).toBe('no-store');
    const second = await housing.get(`/restricted-details/${personId}/approved`);
    expect(holdsAddress(second.body)).toBe(false);
    expect(second.body).toContain('You have no approved request to use');
    // Both opens are in the person's access log (ids only, never the detail).
    const events = await t.dbs.owner
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'subject_id'])
      .where('user_id', '=', a.housing.userId)
      .where('action', '=', 'restricted-detail.view-approved')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(events.reverse().map((e) => [e.outcome, e.subject_id])).toEqual([
      ['success', personId],
      ['failure', personId],
    ]);

    const told = await social.get('/our-records-opened');
    expect(told.body).toContain('data-testid="requests-on-ours"');
    expect(told.body).toContain(a.housing.displayName);
    expect(told.body).not.toContain('Not seen');
  });

  it('captured e-mails never contain it', () => {
    for (const m of smtp.messages) expect(holdsAddress(m.raw)).toBe(false);
  });

  it('the log, at its most detailed level, never contains it', () => {
    expect(log.length, 'the crawl and the requests above were logged').toBeGreaterThan(1000);
    expect(log.filter((line) => holdsAddress(line))).toEqual([]);
  });
});

describe('break-glass is bounded', () => {
  it('only case-working roles use it; a second grant within a day waits for the reviewer; the recording agency sees grants', async () => {
    expect((await (await clientFor(a.admin)).get(`/break-glass/${personId}`)).statusCode).toBe(403);
    expect(
      (
        await (
          await clientFor(a.analyst)
        ).post(`/break-glass/${personId}`, { reason: 'Looking at the numbers for the return' })
      ).statusCode,
    ).toBe(403);
    // Row-level security refuses an analyst's grant and a grant longer than 60 minutes.
    await expect(
      asActor(t.dbs.app, a.analyst, (tx) =>
        tx
          .insertInto('break_glass_grant')
          .values({
            partnership_id: a.analyst.partnershipId,
            agency_id: a.analyst.agencyId,
            user_id: a.analyst.userId,
            person_id: personId,
            reason: 'direct insert attempt',
            expires_at: new Date(Date.now() + 60_000),
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asActor(t.dbs.app, a.health, (tx) =>
        tx
          .insertInto('break_glass_grant')
          .values({
            partnership_id: a.health.partnershipId,
            agency_id: a.health.agencyId,
            user_id: a.health.userId,
            person_id: personId,
            reason: 'direct insert attempt',
            expires_at: new Date(Date.now() + 3 * 3_600_000),
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);

    // Housing used break-glass above; a second time within a day waits for approval and opens nothing.
    const housing = await clientFor(a.housing);
    const form = await housing.get(`/break-glass/${personId}`);
    expect(form.body).toContain('data-testid="needs-approval"');
    expect(
      (await housing.post(`/break-glass/${personId}`, { reason: 'She has called again from somewhere else' })).headers
        .location,
    ).toBe('/break-glass-reviews');
    const waiting = await t.dbs.owner
      .selectFrom('break_glass_grant')
      .select(['id', 'approval'])
      .where('user_id', '=', a.housing.userId)
      .where('approval', '=', 'waiting')
      .executeTakeFirstOrThrow();
    const first = await t.dbs.owner
      .selectFrom('break_glass_grant')
      .select('id')
      .where('user_id', '=', a.housing.userId)
      .where('approval', '=', 'not-needed')
      .executeTakeFirstOrThrow();
    await t.dbs.owner
      .updateTable('break_glass_grant')
      .set({ expires_at: sql<Date>`granted_at + interval '1 second'` })
      .where('id', '=', first.id)
      .execute();
    const active = () =>
      asActor(t.dbs.app, a.housing, (tx) =>
        sql<{ a: boolean }>`SELECT break_glass_active(${personId}::uuid) AS a`.execute(tx),
      ).then((r) => r.rows[0]!.a);
    expect(await active()).toBe(false);

    // Housing has no lead: its reviewer is the partnership's designated reviewer (the coordinator).
    const coordinator = await clientFor(a.coordinator);
    const reviews = await coordinator.get('/break-glass-reviews');
    expect(reviews.body).toContain('She has called again from somewhere else');
    expect((await (await clientFor(a.policeLead)).get('/break-glass-reviews')).body).not.toContain(
      'She has called again',
    );
    expect(
      (await coordinator.post(`/break-glass-reviews/${waiting.id}/approval`, { decision: 'approve' })).statusCode,
    ).toBe(303);
    expect(await active()).toBe(true);
    const approved = await t.dbs.owner
      .selectFrom('break_glass_grant')
      .select(['granted_at', 'expires_at'])
      .where('id', '=', waiting.id)
      .executeTakeFirstOrThrow();
    expect(approved.expires_at.getTime() - approved.granted_at.getTime()).toBe(60 * 60_000);

    // The recording agency sees the grants on its record.
    const told = await (await clientFor(a.social)).get('/our-records-opened');
    expect(told.body).toContain('She has called again from somewhere else');
    expect(told.body).toContain('Caller says she is in danger at a new address');
  });

  it('grants unreviewed after 3 working days are escalated to the partnership’s reviewer', async () => {
    // A grant by the police (whose lead reviews) left for a week.
    await t.dbs.owner
      .insertInto('break_glass_grant')
      .values({
        partnership_id: a.dau.partnershipId,
        agency_id: a.dau.agencyId,
        user_id: a.dau.userId,
        person_id: personId,
        reason: 'Left unreviewed for a week',
        granted_at: sql<Date>`now() - interval '7 days'`,
        expires_at: sql<Date>`now() - interval '7 days' + interval '1 hour'`,
      } as never)
      .execute();
    const coordinator = await clientFor(a.coordinator);
    expect((await coordinator.get('/break-glass-reviews')).body).not.toContain('Left unreviewed for a week');
    const before = smtp.messages.length;
    const mailer = createMailer(t.config);
    expect(await escalateUnreviewedGrants(t.dbs.owner, mailer, t.config.publicUrl)).toBeGreaterThanOrEqual(1);
    mailer.close();
    await expect.poll(() => smtp.messages.length).toBeGreaterThan(before);
    expect(smtp.messages.at(-1)!.to).toEqual(['coordinator@northshire.example']);
    const reviews = await coordinator.get('/break-glass-reviews');
    expect(reviews.body).toContain('Left unreviewed for a week');
    expect(reviews.body).toContain('Escalated');
    // Escalated once only.
    expect(
      await escalateUnreviewedGrants(
        t.dbs.owner,
        createMailer({ smtpUrl: null, mailFrom: 'x@example.org' }),
        t.config.publicUrl,
      ),
    ).toBe(0);
  });
});

describe('consent is recorded by the holding agency about its own record', () => {
  it('a checklist by another agency for the same name and birth date goes on that agency’s own record, and its consent raises only that record', async () => {
    const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
    const recorded = await risk.recordAssessment(t.dbs.app, a.health, instrument, {
      victim: { givenName: 'Robin', familyName: 'Farrow', dateOfBirth: '1990-03-03' },
      answers: instrument.questions.map((q) => ({ questionId: q.id, answer: 'no' })),
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
    expect(recorded.personId).not.toBe(personId);
    const record = await t.dbs.owner
      .selectFrom('person')
      .select('agency_id')
      .where('id', '=', recorded.personId)
      .executeTakeFirstOrThrow();
    expect(record.agency_id).toBe(a.health.agencyId);
  });
});

describe('confidential addresses from an import', () => {
  it('become the importing agency’s restricted detail: never an address, never found by postcode', async () => {
    const token = await issueApiToken(await clientFor(a.admin), 'Northshire Police');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/import',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: {
        incidents: [
          {
            sourceId: 'CONF-1',
            type: 'crime',
            occurredOn: '2026-01-02',
            severity: 'high',
            people: [
              {
                sourceId: 'CONF-P1',
                role: 'victim',
                givenName: 'Sasha',
                familyName: 'Quill',
                dateOfBirth: '1985-05-05',
                addresses: [
                  { line: '3 Refuge Lane', town: 'Eastholm', postcode: 'ZZ8 8ZZ', confidential: true },
                  { line: '1 Old Street', town: 'Eastholm', postcode: 'ZZ7 7ZZ' },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    expect(response.body).not.toContain('Refuge Lane');
    const person = (await sql<{ id: string }>`SELECT id FROM person WHERE source_id = 'CONF-P1'`.execute(t.dbs.owner))
      .rows[0]!;
    expect(
      (
        await t.dbs.owner.selectFrom('person_address').select('postcode').where('person_id', '=', person.id).execute()
      ).map((r) => r.postcode),
    ).toEqual(['ZZ77ZZ']);
    const detail = await t.dbs.owner
      .selectFrom('restricted_detail')
      .select(['value', 'source', 'agency_id'])
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(detail).toMatchObject({ source: 'import', agency_id: a.dau.agencyId });
    expect(detail.value).toContain('3 Refuge Lane');
    for (const viewer of [a.health, a.housing]) {
      const client = await clientFor(viewer);
      await client.get('/people/search');
      const found = await client.post('/people/search', {
        name: '',
        postcode: 'ZZ8 8ZZ',
        'dateOfBirth-day': '',
        'dateOfBirth-month': '',
        'dateOfBirth-year': '',
        identifier: '',
      });
      expect(found.body).not.toContain(person.id);
      expect((await client.get(`/restricted-details/${person.id}`)).body).not.toContain('Refuge Lane');
      expect((await client.get(`/people/${person.id}`)).body).not.toContain('Refuge Lane');
    }
  });
});
