import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faker } from '@faker-js/faker/locale/en_GB';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { importRun, IMPORT_WAIT_ROWS, type ImportRow } from '../../src/modules/people/import-runs.ts';
import { continueImportRun, startImportRun } from '../../src/modules/people/jobs.ts';
import { importIncidents } from '../../src/modules/people/service.ts';
import { people } from '../../src/modules/people/tables.ts';

// Large extracts are imported in the background with progress shown; each incident is still whole
// or absent, a retried run never adds an incident twice, and only the sending agency sees the run.

let t: TestApp;
let police: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  police = new PageClient(t.app);
  await police.signIn('police@northshire.example');
});
afterAll(async () => t?.close());

faker.seed(404);
const line = (prefix: string, n: number, overrides: Partial<Record<'given' | 'dob', string>> = {}) =>
  [
    `${prefix}-${n}`,
    'police-call-out',
    '2026-03-01',
    'medium',
    `${prefix}P-${n}`,
    'victim',
    overrides.given ?? faker.person.firstName('female'),
    faker.person.lastName(),
    overrides.dob ?? faker.date.birthdate({ min: 18, max: 80, mode: 'age' }).toISOString().slice(0, 10),
  ].join(',');
const HEADER = 'incident_id,type,occurred_on,severity,person_id,role,given_name,family_name,date_of_birth';
const incidentsFrom = async (prefix: string) =>
  (
    await people(t.dbs.owner as never)
      .selectFrom('incident')
      .select('id')
      .where('source_id', 'like', `${prefix}-%`)
      .execute()
  ).length;
const waitUntilDone = async (read: () => Promise<{ status: string } | null>) => {
  for (let i = 0; i < 300; i++) {
    const run = await read();
    if (run && (run.status === 'done' || run.status === 'failed')) return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('import did not finish in 30 s');
};

describe('background import of a large extract', () => {
  it('a pasted extract over the limit runs in the background: progress, then the report; one bad line is reported, the rest imported', async () => {
    const rows = Array.from({ length: IMPORT_WAIT_ROWS + 30 }, (_, i) =>
      line('BG', i, i === 7 ? { dob: '2026-02-31' } : {}),
    );
    await police.get('/people/import');
    const started = await police.post('/people/import', { csv: [HEADER, ...rows].join('\n') });
    expect(started.statusCode).toBe(303);
    const location = String(started.headers.location);
    expect(location).toMatch(/^\/people\/imports\/[0-9a-f-]{36}$/);
    const id = location.split('/').pop()!;

    const first = await police.get(location);
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatch(/Import in progress|Import report/);
    const run = await waitUntilDone(async () =>
      importRun(t.dbs.app, await actorByEmail(t.dbs.owner, 'police@northshire.example'), id),
    );
    expect(run.status).toBe('done');
    const page = await police.get(location);
    expect(page.body).toContain('Import report');
    expect(page.body).toMatch(/Imported\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*129\s*</);
    expect(page.body).toContain('BG-7');
    expect(page.body).not.toContain('Import in progress');
    expect(await incidentsFrom('BG')).toBe(129);
    const stored = await t.dbs.owner
      .selectFrom('incident_import')
      .select(['pending', 'processed', 'total'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ pending: null, processed: 130, total: 130 }); // the rows sent are not kept once imported

    // Only the sending agency sees the run; another partnership, another agency and the API without a credential do not.
    const southvale = new PageClient(t.app);
    await southvale.signIn('police@southvale.example');
    expect((await southvale.get(location)).statusCode).toBe(404);
    const lead = new PageClient(t.app);
    await lead.signIn('lead.police@northshire.example');
    expect((await lead.get(location)).statusCode).toBe(200);
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    expect(await importRun(t.dbs.app, visitor, id)).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/incidents/imports/${id}` })).statusCode).toBe(401);
  });

  it('a retried run resumes after its last chunk and adds nothing twice', async () => {
    const actor = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const rows: ImportRow[] = Array.from({ length: 60 }, (_, i) => ({
      ref: `incidents.${i}`,
      raw: {
        sourceId: `RT-${i}`,
        type: 'police-call-out',
        occurredOn: '2026-03-02',
        severity: 'low',
        people: [
          {
            sourceId: `RTP-${i}`,
            role: 'victim',
            givenName: faker.person.firstName('female'),
            familyName: faker.person.lastName(),
            dateOfBirth: '1980-01-01',
          },
        ],
      },
    }));
    const id = await startImportRun(t.dbs, actor, 'user', rows);
    // As if a worker died after saving the first 30 incidents but before recording its progress.
    await importIncidents(t.dbs.app, actor, rows.slice(0, 30));
    await continueImportRun(t.dbs, id);
    const run = (await importRun(t.dbs.app, actor, id))!;
    expect(run.status).toBe('done');
    expect(run.report).toMatchObject({ imported: 30, alreadyImported: 30, rejected: 0 });
    expect(run.report.rows).toHaveLength(60);
    expect(await incidentsFrom('RT')).toBe(60);
    await continueImportRun(t.dbs, id); // a finished run is left alone
    expect(await incidentsFrom('RT')).toBe(60);
  });

  it('stops, importing nothing more, when the sender is no longer active', async () => {
    const actor = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const id = await startImportRun(t.dbs, actor, 'user', [
      {
        ref: 'incidents.0',
        raw: {
          sourceId: 'GONE-1',
          type: 'crime',
          occurredOn: '2026-03-03',
          severity: 'high',
          people: [
            {
              sourceId: 'GONEP-1',
              role: 'victim',
              givenName: 'Isla',
              familyName: 'Marchetti',
              dateOfBirth: '1993-05-05',
            },
          ],
        },
      },
    ]);
    await t.dbs.owner.updateTable('app_user').set({ active: false }).where('id', '=', actor.userId).execute();
    try {
      await continueImportRun(t.dbs, id);
    } finally {
      await t.dbs.owner.updateTable('app_user').set({ active: true }).where('id', '=', actor.userId).execute();
    }
    expect((await importRun(t.dbs.app, actor, id))?.status).toBe('failed');
    expect(await incidentsFrom('GONE')).toBe(0);
  });

  it('an agency system that asks to respond asynchronously gets 202 and a run to poll', async () => {
    const admin = new PageClient(t.app);
    await admin.signIn('admin@northshire.example');
    const token = await issueApiToken(admin, 'Northshire Police', 'Police records system');
    const hospitalToken = await issueApiToken(admin, 'Northshire General Hospital', 'Hospital system');

    const csv = [HEADER, ...Array.from({ length: 40 }, (_, i) => line('API', i))].join('\n');
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/import',
      payload: csv,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', prefer: 'respond-async' },
    });
    expect(started.statusCode).toBe(202);
    const location = String(started.headers.location);
    expect(location).toMatch(/^\/api\/v1\/incidents\/imports\/[0-9a-f-]{36}$/);
    expect(started.json()).toMatchObject({ status: 'queued', total: 40, processed: 0 });
    const poll = async () =>
      (await t.app.inject({ method: 'GET', url: location, headers: { authorization: `Bearer ${token}` } })).json() as {
        status: string;
        imported: number;
        rows?: unknown[];
      };
    const done = (await waitUntilDone(poll)) as Awaited<ReturnType<typeof poll>>;
    expect(done).toMatchObject({ status: 'done', imported: 40, processed: 40 });
    expect(done.rows).toHaveLength(40);
    expect(await incidentsFrom('API')).toBe(40);
    expect(
      (await t.app.inject({ method: 'GET', url: location, headers: { authorization: `Bearer ${hospitalToken}` } }))
        .statusCode,
    ).toBe(404);
  });
});
