import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import * as risk from '../../src/modules/risk/service.ts';
import { actorByEmail } from '../support/actors.ts';

let t: TestApp;
let personId: string;
let actors: Record<'police' | 'idva' | 'visitor' | 'policeLead' | 'healthLead' | 'southvale', Actor>;

const actorFor = (email: string): Promise<Actor> => actorByEmail(t.dbs.owner, email);
async function clientFor(actor: Actor) {
  const client = new PageClient(t.app);
  await client.actAs(actor.userId);
  return client;
}

beforeAll(async () => {
  t = await startTestApp();
  const visitor = await actorFor('health.visitor@northshire.example');
  // The health agency's domestic abuse lead, who reviews the health visitor's emergency access.
  await t.dbs.owner
    .insertInto('app_user')
    .values({
      partnership_id: visitor.partnershipId,
      agency_id: visitor.agencyId,
      email: 'lead.health@northshire.example',
      display_name: 'Hal Lead',
      role: 'agency-lead',
      password_hash: null,
      totp_secret: null,
    })
    .execute();
  actors = {
    police: await actorFor('police@northshire.example'),
    idva: await actorFor('idva@northshire.example'),
    visitor,
    policeLead: await actorFor('lead.police@northshire.example'),
    healthLead: await actorFor('lead.health@northshire.example'),
    southvale: await actorFor('police@southvale.example'),
  };
  const instrument = requireChecklist(t.app.instruments, 'police-checklist@1');
  const assessmentId = await risk.startAssessment(t.dbs.app, actors.police, instrument, {
    givenName: 'Quinn',
    familyName: 'Harrow',
    dateOfBirth: '1988-08-08',
  });
  personId = (
    await t.dbs.owner
      .selectFrom('assessment')
      .select('person_id')
      .where('id', '=', assessmentId)
      .executeTakeFirstOrThrow()
  ).person_id;
});
afterAll(async () => t?.close());

describe('restricted details', () => {
  it('are visible only to the recording agency and the agencies it names', async () => {
    const police = await clientFor(actors.police);
    await police.get(`/restricted-details/${personId}`);
    const bad = await police.post(`/restricted-details/${personId}`, { kind: '', value: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select what kind of detail this is');
    const saved = await police.post(`/restricted-details/${personId}`, {
      kind: 'safe-address',
      value: '12 Synthetic Row, Nowhere NW1 0AA',
      namedAgencyIds: actors.idva.agencyId,
    });
    expect(saved.statusCode).toBe(303);

    expect((await (await clientFor(actors.idva)).get(`/restricted-details/${personId}`)).body).toContain(
      '12 Synthetic Row',
    );
    const visitorPage = (await (await clientFor(actors.visitor)).get(`/restricted-details/${personId}`)).body;
    expect(visitorPage).not.toContain('12 Synthetic Row');
    expect(visitorPage).toContain('data-testid="hidden-details"');
    expect((await (await clientFor(actors.southvale)).get(`/restricted-details/${personId}`)).statusCode).toBe(404);
  });

  it('are hidden by row-level security even when the application is bypassed', async () => {
    const rows = (actor: Actor) =>
      asActor(t.dbs.app, actor, (tx) =>
        sql`SELECT value FROM restricted_detail WHERE person_id = ${personId}`.execute(tx),
      ).then((r) => r.rows.length);
    expect(await rows(actors.police)).toBe(1);
    expect(await rows(actors.idva)).toBe(1);
    expect(await rows(actors.visitor)).toBe(0);
    expect(await rows(actors.southvale)).toBe(0);
    // Naming an agency of another partnership, or writing as another agency, is refused.
    await expect(
      asActor(t.dbs.app, actors.visitor, (tx) =>
        tx
          .insertInto('restricted_detail')
          .values({
            partnership_id: actors.visitor.partnershipId,
            agency_id: actors.police.agencyId,
            person_id: personId,
            kind: 'phone',
            value: '07000 000000',
            named_agency_ids: [],
            created_by: actors.visitor.userId,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('never appear in the audit log', async () => {
    const events = await t.dbs.owner.selectFrom('audit_event').selectAll().where('subject_id', '=', personId).execute();
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain('Synthetic Row');
  });
});

describe('break-glass', () => {
  it('gives time-limited access for a stated reason, never to restricted details, reviewed by the agency lead', async () => {
    const visitor = await clientFor(actors.visitor);
    const form = await visitor.get(`/break-glass/${personId}`);
    // Opening the form is a read about the person, in their access log.
    const formEvent = await t.dbs.owner
      .selectFrom('audit_event')
      .select(['subject_type', 'subject_id'])
      .where('request_id', '=', String(form.headers['x-request-id']))
      .executeTakeFirstOrThrow();
    expect(formEvent).toEqual({ subject_type: 'person', subject_id: personId });
    const tooShort = await visitor.post(`/break-glass/${personId}`, { reason: 'need it' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.body).toContain('Explain why you need to see more');
    const granted = await visitor.post(`/break-glass/${personId}`, {
      reason: 'Victim called from an unknown location, says she is in danger',
    });
    expect(granted.headers.location).toBe(`/people/${personId}`);
    const page = await visitor.get(`/restricted-details/${personId}`);
    expect(page.body).not.toContain('12 Synthetic Row');
    expect(page.body).toContain('data-testid="hidden-details"');
    const grant = await t.dbs.owner
      .selectFrom('break_glass_grant')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(grant.expires_at.getTime() - grant.granted_at.getTime()).toBe(60 * 60_000);

    // Expired access opens nothing again.
    await t.dbs.owner
      .updateTable('break_glass_grant')
      .set({ expires_at: new Date(grant.granted_at.getTime() + 1) })
      .where('id', '=', grant.id)
      .execute();
    expect(
      await asActor(t.dbs.app, actors.visitor, (tx) =>
        sql<{ a: boolean }>`SELECT break_glass_active(${personId}::uuid) AS a`.execute(tx),
      ).then((r) => r.rows[0]!.a),
    ).toBe(false);

    // The visitor cannot review their own access; another agency's lead does not see it; their own lead does.
    await expect(
      asActor(t.dbs.app, { ...actors.visitor, role: 'agency-lead' }, (tx) =>
        tx
          .updateTable('break_glass_grant')
          .set({ reviewed_by: actors.visitor.userId, reviewed_at: new Date(), review_outcome: 'justified' })
          .where('id', '=', grant.id)
          .executeTakeFirst(),
      ),
    ).resolves.toMatchObject({ numUpdatedRows: 0n });
    expect((await (await clientFor(actors.policeLead)).get('/break-glass-reviews')).body).not.toContain(
      'Victim called from',
    );
    const lead = await clientFor(actors.healthLead);
    const list = await lead.get('/break-glass-reviews');
    expect(list.body).toContain('Victim called from an unknown location');
    const missing = await lead.post(`/break-glass-reviews/${grant.id}`, { note: '' });
    expect(missing.statusCode).toBe(400);
    await lead.get('/break-glass-reviews');
    expect(
      (await lead.post(`/break-glass-reviews/${grant.id}`, { outcome: 'justified', note: 'Checked with the visitor' }))
        .statusCode,
    ).toBe(303);
    expect((await lead.get('/break-glass-reviews')).body).toContain('data-testid="no-grants"');
  });
});

describe('accountability', () => {
  it('shows an agency lead who has looked at a person, and refuses others', async () => {
    const log = await (await clientFor(actors.policeLead)).get(`/access-log/${personId}`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('Looked at restricted details');
    expect(log.body).toContain('Ira Advocate');
    expect((await (await clientFor(actors.police)).get(`/access-log/${personId}`)).statusCode).toBe(403);
    const report = await (await clientFor(actors.policeLead)).get(`/access-log/${personId}/report.csv`);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.body.split('\r\n')[0]).toBe('when (UTC),who,role,what,outcome');
    expect(report.body).toContain('restricted-detail.view');
    // The function behind it returns nothing to a non-lead, even called directly.
    const direct = await asActor(t.dbs.app, actors.police, (tx) =>
      sql`SELECT * FROM person_access_log(${personId}::uuid)`.execute(tx),
    );
    expect(direct.rows).toHaveLength(0);
  });

  it('alerts the agency lead to a user opening many unrelated records', async () => {
    await asActor(t.dbs.app, actors.police, async (tx) => {
      for (let i = 0; i < 30; i++)
        await sql`SELECT audit_record('assessment.view', 'assessment', gen_random_uuid()::text, 'success', 'test')`.execute(
          tx,
        );
    });
    const alerts = await (await clientFor(actors.policeLead)).get('/access-alerts');
    expect(alerts.body).toContain('Pat Constable');
    expect(alerts.body).toMatch(/<td class="govuk-table__cell govuk-table__cell--numeric">3\d<\/td>/);
    expect(alerts.body).toContain('Many records');
    expect((await (await clientFor(actors.healthLead)).get('/access-alerts')).body).not.toContain('Pat Constable');
  });
});

describe('sharing decisions and exports', () => {
  it('an export carries only what each row’s sharing level allows, never restricted details, and is audited', async () => {
    const instrument = requireChecklist(t.app.instruments, 'police-checklist@1');
    const recorded = await risk.recordAssessment(t.dbs.app, actors.police, instrument, {
      victim: { givenName: 'Quinn', familyName: 'Harrow', dateOfBirth: '1988-08-08' },
      answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < 15 ? 'yes' : 'no' })),
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
    const visitor = await clientFor(actors.visitor);
    const rowFor = (csv: string) => csv.split('\r\n').find((line) => line.startsWith(recorded.id))!;
    const before = await visitor.get('/exports/checklists.csv');
    expect(before.headers['content-type']).toContain('text/csv');
    expect(rowFor(before.body)).toBe(`${recorded.id},Northshire Police,,signpost,,,,,,`);
    expect(before.body).not.toContain('Synthetic Row');

    const lead = await clientFor(actors.policeLead);
    await lead.get(`/sharing-decisions/${personId}`);
    const bad = await lead.post(`/sharing-decisions/${personId}`, {
      agencyId: actors.visitor.agencyId,
      level: 'full',
      basis: '',
      note: 'short',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the lawful basis for sharing');
    expect(bad.body).toContain('Explain the decision in at least 10 characters');
    const ok = await lead.post(`/sharing-decisions/${personId}`, {
      agencyId: actors.visitor.agencyId,
      level: 'full',
      basis: 'risk-of-serious-harm',
      note: 'Health visitor sees the baby weekly; risk to life',
    });
    expect(ok.statusCode).toBe(303);

    const after = await visitor.get('/exports/checklists.csv');
    expect(rowFor(after.body)).toMatch(
      new RegExp(
        `^${recorded.id},Northshire Police,\\d{4}-\\d{2}-\\d{2},full,high,15,visible-high-risk.*,Quinn,Harrow,1988-08-08$`,
      ),
    );
    expect(after.body).not.toContain('Synthetic Row');
    // The XLSX is cut by the same policy: read back independently, it holds exactly the CSV's rows.
    const xlsx = await visitor.get('/exports/checklists.xlsx');
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="checklists.xlsx"');
    const [sheet] = await readXlsxFile(xlsx.rawPayload);
    const cells = sheet!.data.map((row) => row.map((cell) => (cell === null ? '' : String(cell))).join('|'));
    expect(cells.find((line) => line.startsWith(recorded.id))).toBe(rowFor(after.body).split(',').join('|'));
    expect(cells).toHaveLength(after.body.trim().split('\r\n').length);
    expect(JSON.stringify(sheet!.data)).not.toContain('Synthetic Row');
    const exports = await t.dbs.owner
      .selectFrom('audit_event')
      .select('user_id')
      .where('action', '=', 'export.checklists')
      .execute();
    expect(exports.filter((e) => e.user_id === actors.visitor.userId)).toHaveLength(3);
    // Another partnership's export has none of Northshire's checklists.
    expect((await (await clientFor(actors.southvale)).get('/exports/checklists.csv')).body).not.toContain(recorded.id);
  });
});
