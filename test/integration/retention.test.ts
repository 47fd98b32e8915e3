import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import * as risk from '../../src/modules/risk/service.ts';

let t: TestApp;
let police: Actor;
const people: Record<'old' | 'recent', string> = { old: '', recent: '' };

beforeAll(async () => {
  t = await startTestApp();
  const u = await t.dbs.owner
    .selectFrom('app_user')
    .select(['id', 'partnership_id', 'agency_id', 'role', 'display_name'])
    .where('email', '=', 'police@northshire.example')
    .executeTakeFirstOrThrow();
  police = {
    userId: u.id,
    partnershipId: u.partnership_id,
    agencyId: u.agency_id,
    role: u.role,
    displayName: u.display_name,
  };
  const instrument = requireChecklist(t.app.instruments, 'police-checklist@1');
  for (const [key, familyName] of [
    ['old', 'Longago'],
    ['recent', 'Lately'],
  ] as const) {
    const recorded = await risk.recordAssessment(t.dbs.app, police, instrument, {
      victim: { givenName: 'Rowan', familyName, dateOfBirth: '1970-03-03' },
      answers: instrument.questions.map((q) => ({ questionId: q.id, answer: 'no', comment: 'Said nothing more' })),
      judgement: {
        victimView: 'Worried about the children',
        judgementLevel: null,
        judgementReason: null,
        consentToShare: 'given',
        childrenInHousehold: 1,
      },
      referToMarac: false,
      referralReason: null,
    });
    people[key] = recorded.personId;
  }
  // Everything else the service may hold about the old person, to be cleared with her record.
  await sql`UPDATE person SET middle_names = 'Ysolde', nhs_number = '9434765919', pnc_id = '12/345678K', source_id = 'NP-OLD-1' WHERE id = ${people.old}`.execute(
    t.dbs.owner,
  );
  await sql`INSERT INTO person_alias (partnership_id, agency_id, person_id, given_name, family_name) VALUES (${police.partnershipId}, ${police.agencyId}, ${people.old}, 'Roisin', 'Longago-Maiden')`.execute(
    t.dbs.owner,
  );
  await sql`INSERT INTO person_address (partnership_id, agency_id, person_id, line, town, postcode) VALUES (${police.partnershipId}, ${police.agencyId}, ${people.old}, '1 Synthetic Row', 'Northtown', 'NS11AA')`.execute(
    t.dbs.owner,
  );
  await sql`INSERT INTO incident (partnership_id, agency_id, person_id, occurred_on, kind, severity, police_recorded, summary) VALUES (${police.partnershipId}, ${police.agencyId}, ${people.old}, now() - interval '8 years', 'Police call-out', 'low', true, 'Neighbour heard shouting at 1 Synthetic Row')`.execute(
    t.dbs.owner,
  );
  await asActor(t.dbs.app, police, (tx) =>
    tx
      .insertInto('restricted_detail')
      .values({
        partnership_id: police.partnershipId,
        agency_id: police.agencyId,
        person_id: people.old,
        kind: 'phone',
        value: '07700 900999',
        named_agency_ids: [],
        created_by: police.userId,
      })
      .execute(),
  );
  // Eight years without activity.
  await sql`UPDATE person SET created_at = now() - interval '8 years' WHERE id = ${people.old}`.execute(t.dbs.owner);
  await sql`UPDATE assessment SET completed_on = (now() - interval '8 years')::date WHERE person_id = ${people.old}`.execute(
    t.dbs.owner,
  );
});
afterAll(async () => t?.close());

describe('retention', () => {
  it('lists only records past the partnership’s period, and validates the period', async () => {
    const admin = new PageClient(t.app);
    await admin.signIn('admin@northshire.example');
    const page = await admin.get('/admin/retention');
    expect(page.body).toContain(people.old);
    expect(page.body).not.toContain(people.recent);
    expect(page.body).not.toContain('Longago');
    const bad = await admin.post('/admin/retention/period', { months: '10' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('between 12 and 1,200 months');
    await admin.get('/admin/retention');
    await admin.post('/admin/retention/period', { months: '120' });
    expect((await admin.get('/admin/retention')).body).not.toContain(people.old); // ten years now
    await admin.post('/admin/retention/period', { months: '72' });
  });

  it('anonymises them, removes free text and restricted details, and audits by id only', async () => {
    await expect(
      asActor(t.dbs.app, police, (tx) => sql`SELECT apply_retention(${[people.old]}::uuid[])`.execute(tx)),
    ).rejects.toThrow(/only an administrator/);
    const admin = new PageClient(t.app);
    await admin.signIn('admin@northshire.example');
    await admin.get('/admin/retention');
    expect((await admin.post('/admin/retention/apply', {})).statusCode).toBe(400); // nothing reviewed, nothing done
    // Only what was reviewed, and still due: a recent record slipped into the form is left alone.
    const applied = await admin.post('/admin/retention/apply', { reviewed: [people.old, people.recent] });
    expect(applied.headers.location).toBe('/admin/retention?applied=1');
    const old = await t.dbs.owner
      .selectFrom('person')
      .select(['given_name', 'family_name', 'date_of_birth', 'anonymised_at'])
      .where('id', '=', people.old)
      .executeTakeFirstOrThrow();
    expect(old).toMatchObject({ given_name: 'Removed', family_name: 'Removed', date_of_birth: '1900-01-02' });
    expect(old.anonymised_at).not.toBeNull();
    const assessment = await t.dbs.owner
      .selectFrom('assessment')
      .select(['answers', 'victim_view', 'level'])
      .where('person_id', '=', people.old)
      .executeTakeFirstOrThrow();
    expect(assessment).toEqual({ answers: [], victim_view: null, level: 'standard' });
    expect(
      await t.dbs.owner.selectFrom('restricted_detail').select('id').where('person_id', '=', people.old).execute(),
    ).toHaveLength(0);
    // Nothing personal is left keyed to her record.
    const left = (
      await sql<{ row: string }>`SELECT concat_ws('|', p.middle_names, p.nhs_number, p.pnc_id, p.source_id,
        (SELECT string_agg(given_name || ' ' || family_name, ',') FROM person_alias WHERE person_id = p.id),
        (SELECT string_agg(concat_ws(' ', line, town, postcode), ',') FROM person_address WHERE person_id = p.id),
        (SELECT string_agg(summary, ',') FROM incident WHERE person_id = p.id)) AS row FROM person p WHERE p.id = ${people.old}`.execute(
        t.dbs.owner,
      )
    ).rows[0]!.row;
    expect(left).toBe('');
    expect(
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM incident WHERE person_id = ${people.old}`.execute(
          t.dbs.owner,
        )
      ).rows[0]!.n,
    ).toBe(1); // the fact of the incident stays for statistics
    const recent = await t.dbs.owner
      .selectFrom('person')
      .select('family_name')
      .where('id', '=', people.recent)
      .executeTakeFirstOrThrow();
    expect(recent.family_name).toBe('Lately');
    const events = await t.dbs.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'retention.anonymise')
      .execute();
    expect(events.map((e) => e.subject_id)).toEqual([people.old]);
    expect(JSON.stringify(events)).not.toMatch(/Longago|Rowan|07700/);
    expect((await admin.get('/admin/retention')).body).toContain('No records are past retention');
  });

  it('asks each module to anonymise its own rows, through functions only the owner may call', async () => {
    const registered = await sql<{ module: string; anonymise: string }>`
      SELECT module, anonymise::text AS anonymise FROM retention_anonymiser ORDER BY module`.execute(t.dbs.owner);
    expect(registered.rows.map((r) => r.module)).toEqual(['access', 'marac', 'people', 'risk']);
    for (const r of registered.rows) expect(r.anonymise).toBe(`anonymise_person_${r.module}(uuid)`);
    // The application role can neither read the list nor call a module's anonymiser directly.
    await expect(
      asActor(t.dbs.app, police, (tx) => sql`SELECT module FROM retention_anonymiser`.execute(tx)),
    ).rejects.toThrow();
    await expect(
      asActor(t.dbs.app, police, (tx) => sql`SELECT anonymise_person_people(${people.recent}::uuid)`.execute(tx)),
    ).rejects.toThrow();
  });
});
