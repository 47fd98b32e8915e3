import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { asActor } from '../../src/db/tenancy.ts';
import { actorByEmail } from '../support/actors.ts';
import { people } from '../../src/modules/people/tables.ts';

// A perpetrator recorded in Northshire against one victim and in Southvale against another. The
// serial-perpetrator flag counts both only when both partnerships have agreed to share perpetrator
// alerts, says no more than the other partnership's name and the number of victims, and matches
// across partnerships on exact identity only.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const nobody = '00000000-0000-0000-0000-000000000000';
async function incidentIn(
  partnershipCode: string,
  agencyName: string,
  perpetrator: { given: string; family: string; dob: string },
  victim: string,
) {
  const db = people(t.dbs.owner as never);
  const partnership = (
    await db.selectFrom('partnership').select('id').where('code', '=', partnershipCode).executeTakeFirstOrThrow()
  ).id;
  const agency = (await db.selectFrom('agency').select('id').where('name', '=', agencyName).executeTakeFirstOrThrow())
    .id;
  const own = { partnership_id: partnership, agency_id: agency };
  const person = (given: string, family: string, dob: string) =>
    db
      .insertInto('person')
      .values({ ...own, given_name: given, family_name: family, date_of_birth: dob, created_by: nobody })
      .returning('id')
      .executeTakeFirstOrThrow();
  const p = await person(perpetrator.given, perpetrator.family, perpetrator.dob);
  const v = await person(victim, 'Harland', '1990-02-02');
  const incident = await db
    .insertInto('incident')
    .values({
      ...own,
      person_id: v.id,
      occurred_on: '2026-06-01',
      kind: 'Police call-out: assault',
      severity: 'high',
      police_recorded: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('incident_involvement')
    .values([
      { ...own, incident_id: incident.id, person_id: p.id, role: 'perpetrator' },
      { ...own, incident_id: incident.id, person_id: v.id, role: 'victim' },
    ])
    .execute();
  return p.id;
}

describe('perpetrator alerts between partnerships', () => {
  it('flag a serial perpetrator across partnerships only when both agree, naming only the partnership and the count', async () => {
    const dorian = { given: 'Dorian', family: 'Vexley', dob: '1979-05-05' };
    const here = await incidentIn('northshire', 'Northshire Police', dorian, 'Aoife');
    await incidentIn('southvale', 'Southvale Police', dorian, 'Bethan');
    await incidentIn('southvale', 'Southvale Police', { ...dorian, dob: '1979-05-06' }, 'Ceri'); // a different man: another date of birth

    const police = new PageClient(t.app);
    await police.signIn('police@northshire.example');
    const flagOf = async () => {
      const page = await police.get(`/people/${here}`);
      expect(page.statusCode).toBe(200);
      return page.body.includes('Serial perpetrator') ? page.body : null;
    };
    expect(await flagOf()).toBeNull(); // one victim here; nothing shared

    const setShares = async (email: string, shares: string) => {
      const admin = new PageClient(t.app);
      await admin.signIn(email);
      await admin.get('/admin/perpetrator-signals');
      return admin.post('/admin/perpetrator-signals', shares ? { shares } : {});
    };
    const invalid = await setShares('admin@northshire.example', '');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Select yes if this partnership shares perpetrator alerts');
    expect((await setShares('admin@northshire.example', 'yes')).headers.location).toBe(
      '/admin/perpetrator-signals?saved=1',
    );
    expect(await flagOf()).toBeNull(); // Southvale has not agreed

    await setShares('admin@southvale.example', 'yes');
    const flagged = await flagOf();
    expect(flagged).toContain('against 1 victim in Southvale');
    expect(flagged).not.toContain('Bethan'); // nothing of Southvale's records but the count
    expect(flagged).not.toContain('Ceri');

    // The function answers only for the caller's own partnership's records.
    const southvalePolice = await actorByEmail(t.dbs.owner, 'police@southvale.example');
    const fromSouthvale = await asActor(
      t.dbs.app,
      southvalePolice,
      async (tx) => (await sql`SELECT * FROM perpetrator_victims_elsewhere(${[here]}::uuid[])`.execute(tx)).rows,
    );
    expect(fromSouthvale).toEqual([]);
    expect(
      await t.dbs.owner
        .selectFrom('audit_event')
        .select('id')
        .where('action', '=', 'perpetrator-signals.update')
        .where('outcome', '=', 'success')
        .execute(),
    ).toHaveLength(2);
    // The answer that did not validate changed nothing, and is recorded as a failed attempt.
    expect(
      await t.dbs.owner
        .selectFrom('audit_event')
        .select('id')
        .where('action', '=', 'perpetrator-signals.update')
        .where('outcome', '=', 'failure')
        .execute(),
    ).toHaveLength(1);

    await setShares('admin@southvale.example', 'no');
    expect(await flagOf()).toBeNull(); // withdrawn: the alert goes
  });
});
