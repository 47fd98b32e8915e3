import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { people as typed } from '../../src/modules/people/tables.ts';
import { syntheticNhsNumber } from '../../tools/synthetic/people.ts';

let t: TestApp;
let police: PageClient;
let southvale: PageClient;
let policeToken: string;
let hospitalToken: string;
let southvaleToken: string;

async function issueToken(adminEmail: string, agencyName: string): Promise<string> {
  const admin = new PageClient(t.app);
  await admin.signIn(adminEmail);
  return issueApiToken(admin, agencyName);
}

beforeAll(async () => {
  t = await startTestApp();
  police = new PageClient(t.app);
  await police.signIn('police@northshire.example');
  southvale = new PageClient(t.app);
  await southvale.signIn('police@southvale.example');
  policeToken = await issueToken('admin@northshire.example', 'Northshire Police');
  hospitalToken = await issueToken('admin@northshire.example', 'Northshire General Hospital');
  southvaleToken = await issueToken('admin@southvale.example', 'Southvale Police');
});
afterAll(async () => t?.close());

const db = () => typed(t.dbs.owner as never);
/** As a lead of the record-holding agency would at /sharing-decisions: Northshire Police may see that agency's full record. */
async function sharePersonWithPolice(personId: string, holder: string) {
  const police = await db()
    .selectFrom('agency')
    .select(['id', 'partnership_id'])
    .where('name', '=', 'Northshire Police')
    .executeTakeFirstOrThrow();
  const discloser = await db().selectFrom('agency').select('id').where('name', '=', holder).executeTakeFirstOrThrow();
  const recorder = await db()
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', 'admin@northshire.example')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('sharing_decision')
    .values({
      partnership_id: police.partnership_id,
      person_id: personId,
      agency_id: police.id,
      level: 'full',
      basis: 'risk-of-serious-harm',
      note: 'Test: police need the full picture to safeguard',
      recorded_by: recorder.id,
      recorded_by_agency_id: discloser.id,
    })
    .execute();
}
const personBySource = async (sourceId: string) =>
  (await db().selectFrom('person').select('id').where('source_id', '=', sourceId).executeTakeFirstOrThrow()).id;
const linkBetween = async (x: string, y: string) =>
  db()
    .selectFrom('person_link')
    .selectAll()
    .where('person_a', '=', x < y ? x : y)
    .where('person_b', '=', x < y ? y : x)
    .executeTakeFirst();
const auditCount = async (action: string, subjectId?: string) => {
  let q = t.dbs.owner.selectFrom('audit_event').select('id').where('action', '=', action);
  if (subjectId) q = q.where('subject_id', '=', subjectId);
  return (await q.execute()).length;
};
const counts = async () => ({
  people: (await db().selectFrom('person').select('id').execute()).length,
  incidents: (await db().selectFrom('incident').select('id').execute()).length,
  involvements: (await t.dbs.owner.selectFrom('incident_involvement').select('incident_id').execute()).length,
});
const importJson = (token: string | null, body: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents/import',
    payload: body as object,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

const incident = (sourceId: string, people: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  sourceId,
  type: 'police-call-out',
  occurredOn: '2026-01-10',
  severity: 'medium',
  people,
  ...extra,
});
const person = (sourceId: string, extra: Record<string, unknown> = {}) => ({
  sourceId,
  role: 'victim',
  givenName: 'Nadia',
  familyName: 'Okonkwo-Reyes',
  dateOfBirth: '1990-06-15',
  sex: 'female',
  ...extra,
});

describe('POST /api/v1/incidents/import', () => {
  it('refuses a request without a valid agency credential, and a malformed batch', async () => {
    expect((await importJson(null, { incidents: [] })).statusCode).toBe(401);
    expect((await importJson(`${policeToken.slice(0, -2)}xx`, { incidents: [] })).statusCode).toBe(401);
    const empty = await importJson(policeToken, { incidents: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().problems[0].path).toBe('incidents');
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/import',
      payload: '{nope',
      headers: { authorization: `Bearer ${policeToken}`, 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('imports good rows, reports each bad row with its problems, and never half-saves a row', async () => {
    const before = await counts();
    const response = await importJson(policeToken, {
      incidents: [
        incident(
          'T-1',
          [
            person('TP-1', {
              nhsNumber: syntheticNhsNumber(77),
              addresses: [{ line: '1 High St', town: 'Northby', postcode: 'ns5 1aa', from: '2020-01-01' }],
            }),
            person('TP-2', {
              role: 'perpetrator',
              givenName: 'Victor',
              familyName: 'Hale',
              dateOfBirth: '1987-02-02',
              sex: 'male',
            }),
          ],
          { relationships: [{ person: 'TP-1', related: 'TP-2', kind: 'partner' }] },
        ),
        // Bad: the second person's NHS number fails its check digit; the first person must not be saved either.
        incident('T-2', [
          person('TP-3', { givenName: 'Wendy' }),
          person('TP-4', { nhsNumber: '9434765918', role: 'witness' }),
        ]),
        incident('T-3', [person('TP-5', { dateOfBirth: '1990-02-30' })], { severity: 'extreme' }),
        incident('T-4', [person('TP-6')], { relationships: [{ person: 'TP-6', related: 'TP-9', kind: 'partner' }] }),
      ],
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ imported: 1, alreadyImported: 0, rejected: 3 });
    expect(report.rows[0]).toMatchObject({ ref: 'incidents.0', sourceId: 'T-1', status: 'imported', newPeople: 2 });
    expect(report.rows[1].problems).toEqual([
      { path: 'people.1.nhsNumber', message: 'NHS number is not valid (check digit)' },
    ]);
    expect(report.rows[2].problems.map((p: { path: string }) => p.path)).toEqual(['severity', 'people.0.dateOfBirth']);
    expect(report.rows[3].problems).toEqual([
      { path: 'relationships.0.related', message: 'No person TP-9 in this incident' },
    ]);
    const after = await counts();
    expect(after.people).toBe(before.people + 2);
    expect(after.incidents).toBe(before.incidents + 1);
    expect(
      await db().selectFrom('person').select('id').where('source_id', '=', 'TP-3').executeTakeFirst(),
    ).toBeUndefined();
    const stored = await db()
      .selectFrom('person')
      .selectAll()
      .where('source_id', '=', 'TP-1')
      .executeTakeFirstOrThrow();
    expect(stored.nhs_number).toBe(syntheticNhsNumber(77));
    const address = await t.dbs.owner
      .selectFrom('person_address')
      .selectAll()
      .where('person_id', '=', stored.id)
      .executeTakeFirstOrThrow();
    expect(address.postcode).toBe('NS51AA');
    expect(
      await t.dbs.owner.selectFrom('relationship').select('kind').where('person_id', '=', stored.id).execute(),
    ).toEqual([{ kind: 'partner' }]);
    expect(await auditCount('incident.import')).toBeGreaterThan(0);
  });

  it('is idempotent by the source system’s id: a re-import adds nothing', async () => {
    const body = {
      incidents: [
        incident('T-10', [
          person('TP-10', { givenName: 'Imogen', familyName: 'Fairweather', dateOfBirth: '1975-09-09' }),
        ]),
      ],
    };
    expect((await importJson(policeToken, body)).json()).toMatchObject({ imported: 1 });
    const before = await counts();
    const again = await importJson(policeToken, body);
    expect(again.json()).toMatchObject({ imported: 0, alreadyImported: 1, rejected: 0 });
    expect(again.json().rows[0].status).toBe('already-imported');
    expect(await counts()).toEqual(before);
    // A new incident about a person the agency sent before reuses that record.
    await importJson(policeToken, {
      incidents: [
        incident('T-11', [
          person('TP-10', { givenName: 'Imogen', familyName: 'Fairweather', dateOfBirth: '1975-09-09' }),
        ]),
      ],
    });
    expect((await counts()).people).toBe(before.people);
  });

  it('takes the same extract as CSV (text/csv), one line per person', async () => {
    const csv = [
      'incident_id,type,occurred_on,severity,person_id,role,given_name,family_name,date_of_birth,sex,postcode,related_person_id,relationship',
      'C-1,crime,2026-02-01,high,CP-1,victim,Beatrix,Lindqvist,1993-03-03,female,NS6 2AB,CP-2,partner',
      'C-1,crime,2026-02-01,high,CP-2,perpetrator,Oscar,Lindqvist,1991-01-01,male,NS6 2AB,,',
      'C-2,crime,2026-13-01,high,CP-3,victim,Bad,Date,1993-03-03,female,,,',
    ].join('\n');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/import',
      payload: csv,
      headers: { authorization: `Bearer ${policeToken}`, 'content-type': 'text/csv' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ imported: 1, rejected: 1 });
    expect(response.json().rows[0].ref).toBe('lines 2, 3');
    expect(response.json().rows[1]).toMatchObject({ ref: 'line 4' });
    expect(response.json().rows[1].problems).toContainEqual({ path: 'occurredOn', message: 'Enter a real date' });
    const noHeader = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/import',
      payload: 'a,b\n1,2',
      headers: { authorization: `Bearer ${policeToken}`, 'content-type': 'text/csv' },
    });
    expect(noHeader.statusCode).toBe(400);
  });

  it('matches a new record only against its own partnership', async () => {
    const nadia = await personBySource('TP-1');
    const response = await importJson(southvaleToken, {
      incidents: [incident('S-1', [person('SP-1', { nhsNumber: syntheticNhsNumber(77) })])],
    });
    expect(response.json()).toMatchObject({ imported: 1 });
    expect(response.json().rows[0]).toMatchObject({ suggestedLinks: 0, linksToReview: 0 });
    const southRecord = await personBySource('SP-1');
    expect(await linkBetween(nadia, southRecord)).toBeUndefined();
  });
});

describe('matching and links', () => {
  it('links a near-certain match from another agency as a suggestion, and queues an uncertain one', async () => {
    const response = await importJson(hospitalToken, {
      incidents: [
        incident(
          'H-1',
          [person('HP-1', { givenName: 'Nadia', familyName: 'Okonkwo Reyes', nhsNumber: syntheticNhsNumber(77) })],
          { type: 'a-and-e-attendance', occurredOn: '2026-03-01', severity: 'high' },
        ),
      ],
    });
    expect(response.json().rows[0]).toMatchObject({ status: 'imported', suggestedLinks: 1 });
    const link = await linkBetween(await personBySource('TP-1'), await personBySource('HP-1'));
    expect(link).toMatchObject({ status: 'suggested' });
    expect(link!.probability).toBeGreaterThanOrEqual(0.99);
    // Both records are unchanged: a link is a row of its own.
    expect(
      (await db().selectFrom('person').select('family_name').where('source_id', '=', 'HP-1').executeTakeFirstOrThrow())
        .family_name,
    ).toBe('Okonkwo Reyes');

    const queue = await police.get('/people/matches');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('data-testid="review-queue"');
    // The police's own record by name; the hospital's only as a signpost (need to know: see need-to-know.test.ts).
    expect(queue.body).toContain('Kelly Marsh (7 March 1988, Northshire Police)');
    expect(queue.body).toContain('A record held by Northshire General Hospital (not shared with your agency)');
    expect(queue.body).not.toContain('Kelly Hartley');
  });

  it('keeps twins apart through the service, and refuses to confirm a link that would join them', async () => {
    const chloe = await personBySource('NP-P-5505');
    const sophie = await personBySource('NP-P-5506');
    expect(await linkBetween(chloe, sophie)).toBeUndefined();
    // A third, vague record ("C Price", same birthday and address) may link to one twin, but a practitioner cannot join both.
    const response = await importJson(hospitalToken, {
      incidents: [
        incident(
          'H-TW',
          [
            person('HP-TW', {
              givenName: 'Sophie',
              familyName: 'Price',
              dateOfBirth: '2001-02-03',
              addresses: [{ postcode: 'NS2 7QT' }],
            }),
          ],
          { type: 'a-and-e-attendance' },
        ),
      ],
    });
    expect(response.json().rows[0].status).toBe('imported');
    const third = await personBySource('HP-TW');
    expect(await linkBetween(third, chloe)).toBeUndefined();
    const withSophie = await linkBetween(third, sophie);
    expect(withSophie?.status).toBe('suggested');
    // Force a review link between the third record and Chloe, as a wrong suggestion might: confirming it is refused.
    const forced = await t.dbs.owner
      .insertInto('person_link')
      .values({
        partnership_id: (
          await db().selectFrom('person').select('partnership_id').where('id', '=', chloe).executeTakeFirstOrThrow()
        ).partnership_id,
        person_a: third < chloe ? third : chloe,
        person_b: third < chloe ? chloe : third,
        probability: 0.7,
        weight: 1,
        status: 'review',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await police.get(`/people/matches/${forced.id}`);
    const refused = await police.post(`/people/matches/${forced.id}`, { decision: 'confirm' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('twins, or a parent and child');
    expect((await linkBetween(third, chloe))?.status).toBe('review');
  });

  it('shows the evidence for a pair, and a practitioner confirms, sees one chronology, and undoes the link', async () => {
    const kelly = await personBySource('NP-P-5501');
    const hartley = await personBySource('GH-MRN-40021');
    const link = (await linkBetween(kelly, hartley))!;
    expect(link.status).toBe('review');

    const before = await police.get(`/people/${kelly}`);
    expect(before.body).not.toContain('A&amp;E attendance');
    const page = await police.get(`/people/matches/${link.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="explanation"');
    expect(page.body).toContain('Date of birth');
    expect(await auditCount('person-link.view', link.id)).toBe(1);

    const missing = await police.post(`/people/matches/${link.id}`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose whether these records are the same person');

    const confirmed = await police.post(`/people/matches/${link.id}`, { decision: 'confirm' });
    expect(confirmed.statusCode).toBe(303);
    const signposted = await police.get(String(confirmed.headers.location));
    expect(signposted.body).toContain('Link confirmed');
    // Linked, but without a basis the police see only that the hospital holds records (need to know).
    expect(signposted.body).toMatch(
      /Northshire General Hospital<\/strong> holds 1 record and 1 chronology entry that your agency has no basis to see/,
    );
    expect(signposted.body).not.toContain('A&amp;E attendance');
    await sharePersonWithPolice(kelly, 'Northshire General Hospital');
    const joined = await police.get(String(confirmed.headers.location));
    expect(joined.body).toContain('A&amp;E attendance');
    expect(joined.body).toContain('Northshire General Hospital');
    expect(joined.body).toContain('Crime recorded');
    expect(joined.body).toContain('Cumulative concern');
    expect(await linkBetween(kelly, hartley)).toMatchObject({ status: 'confirmed' });
    expect(await auditCount('person-link.confirm', link.id)).toBe(1);
    const again = await police.post(`/people/matches/${link.id}`, { decision: 'confirm' });
    expect(again.statusCode).toBe(409);

    const undone = await police.post(`/people/matches/${link.id}`, { decision: 'unlink' });
    expect(undone.statusCode).toBe(303);
    const apart = await police.get(String(undone.headers.location));
    expect(apart.body).toContain('Link undone');
    expect([kelly, hartley].map((id) => `/people/${id}?decided=unlink`)).toContain(undone.headers.location);
    const kellyAlone = await police.get(`/people/${kelly}`);
    expect(kellyAlone.body).not.toContain('A&amp;E attendance');
    expect(kellyAlone.body).toContain('Crime recorded');
    expect(await linkBetween(kelly, hartley)).toMatchObject({ status: 'unlinked' });
    expect(await auditCount('person-link.unlink', link.id)).toBe(1);
    // The hospital's record was never touched.
    expect(
      (await db().selectFrom('person').select('family_name').where('id', '=', hartley).executeTakeFirstOrThrow())
        .family_name,
    ).toBe('Hartley');
  });

  it('records a rejection', async () => {
    const imogen = await importJson(hospitalToken, {
      incidents: [
        incident(
          'H-R',
          [person('HP-R', { givenName: 'Imogen', familyName: 'Fairwether', dateOfBirth: '1975-09-19', sex: null })],
          { type: 'a-and-e-attendance' },
        ),
      ],
    });
    expect(imogen.json().rows[0].status).toBe('imported');
    const link = await linkBetween(await personBySource('TP-10'), await personBySource('HP-R'));
    if (!link)
      return expect.unreachable(
        'expected a possible match for a one-letter surname typo and a one-digit birthday typo',
      );
    const rejected = await police.post(`/people/matches/${link.id}`, { decision: 'reject' });
    expect(rejected.statusCode).toBe(303);
    expect((await linkBetween(await personBySource('TP-10'), await personBySource('HP-R')))?.status).toBe('rejected');
  });
});

describe('the person page and household', () => {
  it('shows one chronology with the source agency on every entry, flags with reasons, and is audited once', async () => {
    const darren = await personBySource('NP-P-5502');
    const response = await police.get(`/people/${darren}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('moj-timeline');
    expect(response.body).toContain('Serial perpetrator');
    expect(response.body).toContain('against 2 different victims');
    expect((response.body.match(/moj-timeline__byline/g) ?? []).length).toBe(
      (response.body.match(/moj-timeline__item/g) ?? []).length,
    );
    expect(await auditCount('person.view', darren)).toBe(1);
    const kelly = await police.get(`/people/${await personBySource('NP-P-5501')}`);
    expect(kelly.body).toContain('Repeat victim');
    const withGp = await personBySource('NP-P-5507');
    expect(await police.get(`/people/${withGp}`).then((r) => r.body)).not.toContain('GP disclosure');
    await sharePersonWithPolice(await personBySource('CHT-P-9912'), 'Northshire Community Health Trust');
    expect(await police.get(`/people/${withGp}`).then((r) => r.body)).toContain('GP disclosure');
  });

  it('shows the household with the children', async () => {
    const kelly = await personBySource('NP-P-5501');
    const response = await police.get(`/people/${kelly}/household`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/data-testid="children"[\s\S]*Tyler Marsh/);
    expect(response.body).toMatch(/data-testid="adults"[\s\S]*Darren Cole/);
    expect(await auditCount('household.view', kelly)).toBe(1);
  });

  it('shows nothing of another partnership, refuses administrators, and 404s a bad id', async () => {
    const kelly = await personBySource('NP-P-5501');
    expect((await southvale.get(`/people/${kelly}`)).statusCode).toBe(404);
    expect((await southvale.get(`/people/${kelly}/household`)).statusCode).toBe(404);
    const link = (await linkBetween(kelly, await personBySource('GH-MRN-40021')))!;
    expect((await southvale.get(`/people/matches/${link.id}`)).statusCode).toBe(404);
    await southvale.get('/people/search');
    expect((await southvale.post(`/people/matches/${link.id}`, { decision: 'confirm' })).statusCode).toBe(404);
    expect((await police.get('/people/not-a-uuid')).statusCode).toBe(404);
    const admin = new PageClient(t.app);
    await admin.signIn('admin@northshire.example');
    expect((await admin.get(`/people/${kelly}`)).statusCode).toBe(403);
    expect((await new PageClient(t.app).get(`/people/${kelly}`)).statusCode).toBe(303);
  });
});

describe('search', () => {
  it('searches by POST, tolerating typos, by name, date of birth, postcode and identifier', async () => {
    const form = await police.get('/people/search');
    expect(form.body).toContain('method="post" action="/people/search"');
    const byName = await police.post('/people/search', { name: 'Kely Marsch' });
    expect(byName.statusCode).toBe(200);
    expect(byName.body).toMatch(/data-testid="results"[\s\S]*Kelly Marsh/);
    const bySurnameSound = await police.post('/people/search', { name: 'Darren Coal' });
    expect(bySurnameSound.body).toContain('Darren Cole');
    const byDob = await police.post('/people/search', {
      'dateOfBirth-day': '7',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '1988',
    });
    expect(byDob.body).toContain('Kelly Marsh');
    // The hospital's Kelly Hartley: the police have no basis to see her record, so only that the hospital holds one.
    expect(byDob.body).toMatch(/data-testid="results"[\s\S]*Northshire General Hospital/);
    expect(byDob.body).not.toContain('Hartley');
    const byBoth = await police.post('/people/search', {
      name: 'Kelly Hartley',
      'dateOfBirth-day': '7',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '1988',
    });
    expect(byBoth.body).toMatch(/data-testid="results"[\s\S]*result-level-signpost[\s\S]*Northshire General Hospital/);
    expect(byBoth.body).not.toMatch(/data-testid="results"[\s\S]*Darren Cole/);
    expect((await police.post('/people/search', { postcode: 'ns1 4ab' })).body).toContain('Kelly Marsh');
    expect((await police.post('/people/search', { identifier: '85/0123456J' })).body).toContain('Darren Cole');
    expect(
      (
        await police.post('/people/search', {
          identifier: syntheticNhsNumber(77).replace(/(\d{3})(\d{3})(\d{4})/, '$1 $2 $3'),
        })
      ).body,
    ).toContain('Nadia');
  });

  it('explains bad input and finds nothing of another partnership', async () => {
    await police.get('/people/search');
    const nothing = await police.post('/people/search', {});
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('Enter a name, date of birth, postcode or identifier');
    const badDate = await police.post('/people/search', {
      name: 'Kelly',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1988',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Date of birth must be a real date');
    expect(badDate.body).toContain('value="Kelly"');
    await southvale.get('/people/search');
    const other = await southvale.post('/people/search', { name: 'Kelly Marsh' });
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain('0 records found');
    const searches = await t.dbs.owner
      .selectFrom('audit_event')
      .select(['subject_type', 'subject_id'])
      .where('action', '=', 'person.search')
      .execute();
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.every((s) => s.subject_id === null)).toBe(true);
  });
});

describe('CSV import page', () => {
  it('imports pasted CSV with a per-row report, and explains a bad header', async () => {
    await police.get('/people/import');
    const bad = await police.post('/people/import', { csv: 'just,some,columns\n1,2,3' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The header line lacks the columns');
    const csv =
      'incident_id,type,occurred_on,severity,person_id,role,given_name,family_name,date_of_birth\nPG-1,police-call-out,2026-04-01,low,PGP-1,victim,Harriet,Oduya,1999-09-09\nPG-2,police-call-out,2026-04-01,low,PGP-2,victim,,Oduya,1999-09-09';
    const report = await police.post('/people/import', { csv });
    expect(report.statusCode).toBe(200);
    expect(report.body).toMatch(/Imported[\s\S]*1/);
    expect(report.body).toContain('line 3');
    expect(report.body).toContain('givenName: Enter a name');
    const again = await police.post('/people/import', { csv });
    expect(again.body).toContain('already imported');
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM incident WHERE source_id = 'PG-1'`.execute(
      t.dbs.owner,
    );
    expect(rows.rows[0]!.n).toBe(1);
    const admin = new PageClient(t.app);
    await admin.signIn('analyst@northshire.example');
    expect((await admin.get('/people/import')).statusCode).toBe(403);
  });
});

describe('who decides', () => {
  it('lets an analyst see a possible match but not decide it', async () => {
    const analyst = new PageClient(t.app);
    await analyst.signIn('analyst@northshire.example');
    const link = (await linkBetween(await personBySource('NP-P-5507'), await personBySource('CHT-P-9912')))!;
    const page = await analyst.get(`/people/matches/${link.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Save decision');
    await analyst.get('/people/search');
    expect((await analyst.post(`/people/matches/${link.id}`, { decision: 'confirm' })).statusCode).toBe(403);
    expect((await linkBetween(await personBySource('NP-P-5507'), await personBySource('CHT-P-9912')))?.status).toBe(
      'suggested',
    );
  });
});
