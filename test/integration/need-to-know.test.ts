import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { people as typed } from '../../src/modules/people/tables.ts';
import '../../src/modules/access/tables.ts';

// Need to know beyond the person page: search results and the possible matches a
// practitioner reviews show another agency's record only at the viewer's sharing level.

let t: TestApp;
let police: PageClient;
const db = () => typed(t.dbs.owner as never);
const personBySource = async (sourceId: string) => (await db().selectFrom('person').select('id').where('source_id', '=', sourceId).executeTakeFirstOrThrow()).id;
const agencyId = async (name: string) => (await t.dbs.owner.selectFrom('agency').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

/** As the hospital's lead would at /sharing-decisions: what Northshire Police may see of this record. */
async function recordDecision(personId: string, level: 'shared-summary' | 'full') {
  const p = await t.dbs.owner.selectFrom('agency').select(['id', 'partnership_id']).where('name', '=', 'Northshire Police').executeTakeFirstOrThrow();
  const recorder = await t.dbs.owner.selectFrom('app_user').select(['id', 'agency_id']).where('email', '=', 'admin@northshire.example').executeTakeFirstOrThrow();
  await t.dbs.owner.insertInto('sharing_decision').values({ partnership_id: p.partnership_id, person_id: personId, agency_id: p.id, level, basis: 'risk-of-serious-harm',
    note: `Test: police may see the ${level}`, recorded_by: recorder.id, recorded_by_agency_id: recorder.agency_id }).execute();
}
const section = (body: string, testid: string) => new RegExp(`data-testid="${testid}"[\\s\\S]*?</table>`).exec(body)?.[0] ?? '';

let hartley: string;
beforeAll(async () => {
  t = await startTestApp();
  police = new PageClient(t.app);
  await police.signIn('police@northshire.example');
  hartley = await personBySource('GH-MRN-40021');
  // A restricted detail the hospital holds: never in a list, whatever the level.
  const hospital = await agencyId('Northshire General Hospital');
  const partnership = (await db().selectFrom('person').select('partnership_id').where('id', '=', hartley).executeTakeFirstOrThrow()).partnership_id;
  await t.dbs.owner.insertInto('restricted_detail').values({ partnership_id: partnership, agency_id: hospital, person_id: hartley, kind: 'safe-address', value: '9 Hidden Mews, Refugeton', named_agency_ids: [], created_by: hospital }).execute();
});
afterAll(async () => t?.close());

describe('person search at the viewer’s sharing level', () => {
  it('shows another agency’s record only as a signpost until a basis is recorded, then in full; restricted details never', async () => {
    await police.get('/people/search');
    const search = () => police.post('/people/search', { 'dateOfBirth-day': '7', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1988' });

    const signpost = section((await search()).body, 'results');
    // The police's own record in full; the hospital's: only that it holds a matching record.
    expect(signpost).toContain('Kelly Marsh');
    expect(signpost).toContain('Northshire General Hospital');
    expect(signpost).toContain('data-testid="result-level-signpost"');
    expect(signpost).toContain(`href="/people/${hartley}"`);
    expect(signpost).not.toContain('Hartley');
    expect(signpost.match(/7 March 1988/g)).toHaveLength(1);

    await recordDecision(hartley, 'shared-summary');
    const summary = section((await search()).body, 'results');
    expect(summary).toContain('data-testid="result-level-shared-summary"');
    expect(summary).not.toContain('Hartley');

    await recordDecision(hartley, 'full');
    const full = section((await search()).body, 'results');
    expect(full).toContain('Kelly Hartley');
    expect(full.match(/7 March 1988/g)).toHaveLength(2);
    expect(full).not.toContain('result-level-signpost');
    expect(full).not.toContain('Hidden Mews');
  });
});

describe('reviewing a possible match at the viewer’s sharing level', () => {
  it('shows the evidence, and another agency’s record only at the level its agency allows', async () => {
    // A fresh pair (the hospital's record above now has a decision): the GP's "Jon Smyth" and the police's "Jonathan Smith".
    const smith = await personBySource('NP-P-5507');
    const smyth = await personBySource('CHT-P-9912');
    const link = await db().selectFrom('person_link').select(['id', 'status']).where('person_a', '=', smith < smyth ? smith : smyth).where('person_b', '=', smith < smyth ? smyth : smith).executeTakeFirstOrThrow();

    const page = await police.get(`/people/matches/${link.id}`);
    expect(page.statusCode).toBe(200);
    // The engine's comparison: which fields agree, partly agree or differ, and by how much.
    const evidence = section(page.body, 'explanation');
    expect(evidence).toContain('Date of birth');
    expect(evidence).toContain('Last name');
    expect(page.body).toContain('Jonathan Smith');
    expect(page.body).toContain('22 Station Road');
    expect(page.body).toContain('data-testid="withheld-record"');
    expect(page.body).toContain('Northshire Community Health Trust');
    expect(page.body).not.toContain('Smyth');
    expect(page.body).not.toContain('22 Station Rd,');

    const queue = await police.get('/people/matches');
    expect(queue.body).toContain('Jonathan Smith (1 December 1979, Northshire Police)');
    expect(queue.body).toContain('A record held by Northshire Community Health Trust (not shared with your agency)');
    expect(queue.body).not.toContain('Smyth');

    await recordDecision(smyth, 'full');
    const shared = await police.get(`/people/matches/${link.id}`);
    expect(shared.body).toContain('Jon Smyth');
    expect(shared.body).toContain('22 Station Rd,');
    expect(shared.body).not.toContain('data-testid="withheld-record"');
    expect((await police.get('/people/matches')).body).toContain('Jon Smyth (1 December 1979, Northshire Community Health Trust)');
  });
});
