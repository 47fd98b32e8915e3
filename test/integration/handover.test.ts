import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/modules/handover/tables.ts';
import '../../src/modules/referrals/tables.ts';
import '../../src/modules/worklists/tables.ts';
import type { Actor } from '../../src/db/tenancy.ts';
import { actorByEmail } from '../support/actors.ts';
import { PageClient } from '../support/http-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Handover: a worker's allocated referrals and worklist items move to a colleague in the same agency
// with a note (by the worker, their lead or the administrator), and nothing stays with a deactivated user.

let t: TestApp;
let officer: Actor;
let colleague: Actor;
let lead: Actor;
let person = '';

beforeAll(async () => {
  t = await startTestApp();
  officer = await actorByEmail(t.dbs.owner, 'police@northshire.example');
  lead = await actorByEmail(t.dbs.owner, 'lead.police@northshire.example');
  await t.dbs.owner
    .insertInto('app_user')
    .values({
      partnership_id: officer.partnershipId,
      agency_id: officer.agencyId,
      email: 'police.two@northshire.example',
      display_name: 'Second Police Officer',
      role: 'practitioner',
    })
    .execute();
  colleague = await actorByEmail(t.dbs.owner, 'police.two@northshire.example');
  person = (
    await t.dbs.owner
      .insertInto('person')
      .values({
        partnership_id: officer.partnershipId,
        agency_id: officer.agencyId,
        given_name: 'Morgan',
        family_name: 'Lakeside',
        date_of_birth: '1985-02-02',
        created_by: officer.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 120_000);

afterAll(async () => t?.close());

const client = async (actor: Actor) => {
  const c = new PageClient(t.app);
  await c.actAs(actor.userId);
  return c;
};

/** Work allocated to `owner` by name: an accepted referral to their agency and an open worklist item. */
async function workFor(owner: Actor) {
  const health = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
  const referral = await sql<{ id: string }>`INSERT INTO referral (partnership_id, agency_id, to_agency_id, service,
      person_id, risk_level, reason, consent_status, shared_level, status, referred_by, due_at, allocated_user_id,
      decided_by, decided_at)
    VALUES (${owner.partnershipId}, ${health.agencyId}, ${owner.agencyId}, 'other', ${person}, 'medium', 'Synthetic reason',
      'given', 'shared-summary', 'accepted', ${health.userId}, now() + interval '1 day', ${owner.userId}, ${lead.userId}, now())
    RETURNING id`.execute(t.dbs.owner);
  const item = await t.dbs.owner
    .insertInto('worklist_item')
    .values({
      partnership_id: owner.partnershipId,
      agency_id: owner.agencyId,
      owner_user_id: owner.userId,
      kind: 'incident-without-checklist',
      subject_type: 'incident',
      subject_id: randomUUID(),
      person_id: person,
      due_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { referral: referral.rows[0]!.id, item: item.id };
}

const ownerOf = async (work: { referral: string; item: string }) => ({
  referral: (
    await t.dbs.owner
      .selectFrom('referral')
      .select('allocated_user_id')
      .where('id', '=', work.referral)
      .executeTakeFirstOrThrow()
  ).allocated_user_id,
  item: await t.dbs.owner
    .selectFrom('worklist_item')
    .select(['owner_user_id', 'for_lead'])
    .where('id', '=', work.item)
    .executeTakeFirstOrThrow(),
});

describe('handover', () => {
  it('moves a worker’s open work to a colleague in the same agency with a note, refusing bad input whole', async () => {
    const work = await workFor(officer);
    const me = await client(officer);
    const page = await me.get('/handover');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 allocated referral and 1 worklist item');
    expect(page.body).toContain('Second Police Officer');
    expect(page.body).not.toContain('Health Visitor');

    const empty = await me.post('/handover', { toUserId: '', note: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('href="#toUserId"');
    expect(empty.body).toContain('href="#note"');
    const health = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const otherAgency = await me.post('/handover', { toUserId: health.userId, note: 'Please pick this up' });
    expect(otherAgency.statusCode).toBe(400);
    expect(otherAgency.body).toContain('Select a colleague in the same agency');
    expect((await ownerOf(work)).referral).toBe(officer.userId);

    const done = await me.post('/handover', { toUserId: colleague.userId, note: 'Victim prefers calls after 6pm' });
    expect(done.statusCode).toBe(303);
    expect(await ownerOf(work)).toEqual({
      referral: colleague.userId,
      item: { owner_user_id: colleague.userId, for_lead: false },
    });
    const kept = await t.dbs.owner
      .selectFrom('handover')
      .selectAll()
      .where('from_user_id', '=', officer.userId)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({
      to_user_id: colleague.userId,
      made_by: officer.userId,
      note: 'Victim prefers calls after 6pm',
      referrals: 1,
      worklist_items: 1,
    });
    expect((await me.get('/handover')).body).toContain('0 allocated referrals and 0 worklist items');
  });

  it('lets the agency lead hand over a worker’s work, and no one else’s', async () => {
    const boss = await client(lead);
    const page = await boss.get(`/handover/users/${colleague.userId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 allocated referral and 1 worklist item');
    const idva = await actorByEmail(t.dbs.owner, 'idva@northshire.example');
    expect((await boss.get(`/handover/users/${idva.userId}`)).statusCode).toBe(404);
    expect((await boss.post(`/handover/users/${idva.userId}`, { toUserId: lead.userId, note: 'x' })).statusCode).toBe(
      404,
    );
    // A practitioner hands over only their own work.
    expect((await (await client(officer)).get(`/handover/users/${colleague.userId}`)).statusCode).toBe(403);
    expect(
      (await boss.post(`/handover/users/${colleague.userId}`, { toUserId: officer.userId, note: 'Back to you' }))
        .statusCode,
    ).toBe(303);
    const count = await t.dbs.owner
      .selectFrom('referral')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('allocated_user_id', '=', officer.userId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('sends the administrator to the handover before deactivating a user who still owns work', async () => {
    const admin = await client(await actorByEmail(t.dbs.owner, 'admin@northshire.example'));
    await admin.get(`/admin/users/${officer.userId}/edit`);
    const form = { displayName: officer.displayName, agencyId: officer.agencyId, role: 'practitioner', active: 'no' };
    const refused = await admin.post(`/admin/users/${officer.userId}`, form);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`/admin/users/${officer.userId}/handover?deactivating=1`);
    const stillActive = await t.dbs.owner
      .selectFrom('app_user')
      .select('active')
      .where('id', '=', officer.userId)
      .executeTakeFirstOrThrow();
    expect(stillActive.active).toBe(true);
    const page = await admin.get(String(refused.headers.location));
    expect(page.body).toContain('still owns open work');
    const handed = await admin.post(String(refused.headers.location), {
      toUserId: colleague.userId,
      note: 'Officer leaving the force',
    });
    expect(handed.statusCode).toBe(303);
    expect((await admin.get(String(handed.headers.location))).body).toContain('Deactivate them now');
    await admin.get(`/admin/users/${officer.userId}/edit`);
    expect((await admin.post(`/admin/users/${officer.userId}`, form)).statusCode).toBe(303);
    const after = await t.dbs.owner
      .selectFrom('app_user')
      .select('active')
      .where('id', '=', officer.userId)
      .executeTakeFirstOrThrow();
    expect(after.active).toBe(false);
  });

  it('leaves nothing with a user deactivated any other way: it goes to the agency lead’s list', async () => {
    const work = await workFor(colleague);
    await t.dbs.owner.updateTable('app_user').set({ active: false }).where('id', '=', colleague.userId).execute();
    expect(await ownerOf(work)).toEqual({ referral: lead.userId, item: { owner_user_id: null, for_lead: true } });
    const open = await sql<{ n: string }>`SELECT count(*) AS n FROM worklist_item
      WHERE owner_user_id = ${colleague.userId} AND status = 'open'`.execute(t.dbs.owner);
    expect(Number(open.rows[0]!.n)).toBe(0);
  });
});

describe('deactivating a user whose agency has no lead', () => {
  let refuge: { agencyId: string; workers: Actor[] };
  beforeAll(async () => {
    const agency = await t.dbs.owner
      .insertInto('agency')
      .values({ partnership_id: officer.partnershipId, name: 'Northshire Refuge Service', kind: 'refuge-voluntary' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const workers: Actor[] = [];
    for (const n of [1, 2]) {
      await t.dbs.owner
        .insertInto('app_user')
        .values({
          partnership_id: officer.partnershipId,
          agency_id: agency.id,
          email: `refuge.${n}@northshire.example`,
          display_name: `Refuge Worker ${n}`,
          role: 'practitioner',
        })
        .execute();
      workers.push(await actorByEmail(t.dbs.owner, `refuge.${n}@northshire.example`));
    }
    refuge = { agencyId: agency.id, workers };
  });

  const deactivate = (actor: Actor) =>
    t.dbs.owner.updateTable('app_user').set({ active: false }).where('id', '=', actor.userId).execute();
  const itemOf = (id: string) =>
    t.dbs.owner
      .selectFrom('worklist_item')
      .select(['owner_user_id', 'for_lead', 'for_coordinator', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('gives the referrals to the MARAC coordinator (with no reviewer designated) and the items to the coordinator’s list', async () => {
    await sql`DELETE FROM safeguarding_reviewer WHERE partnership_id = ${officer.partnershipId}`.execute(t.dbs.owner);
    const work = await workFor(refuge.workers[0]!);
    await deactivate(refuge.workers[0]!); // refused with an error before: no lead to take the referral
    const coordinator = await actorByEmail(t.dbs.owner, 'coordinator@northshire.example');
    expect((await ownerOf(work)).referral).toBe(coordinator.userId);
    expect(await itemOf(work.item)).toEqual({
      owner_user_id: null,
      for_lead: false,
      for_coordinator: true,
      status: 'open',
    });
    // The coordinator finds the item on their worklist, through row-level security.
    const page = await (await client(coordinator)).get('/worklist');
    expect(page.statusCode).toBe(200);
    const seen = await sql<{ n: string }>`SELECT count(*) AS n FROM worklist_item WHERE id = ${work.item}`.execute(
      t.dbs.owner,
    );
    expect(Number(seen.rows[0]!.n)).toBe(1);
    const note = await t.dbs.owner
      .selectFrom('handover')
      .select(['to_user_id', 'referrals', 'worklist_items'])
      .where('from_user_id', '=', refuge.workers[0]!.userId)
      .executeTakeFirstOrThrow();
    expect(note).toEqual({ to_user_id: coordinator.userId, referrals: 1, worklist_items: 1 });
  });

  it('gives the referrals to the partnership’s safeguarding reviewer where one is designated', async () => {
    const reviewer = await actorByEmail(t.dbs.owner, 'lead.police@northshire.example');
    await sql`INSERT INTO safeguarding_reviewer (partnership_id, user_id, designated_by)
      VALUES (${reviewer.partnershipId}, ${reviewer.userId}, ${reviewer.userId})
      ON CONFLICT (partnership_id) DO UPDATE SET user_id = EXCLUDED.user_id`.execute(t.dbs.owner);
    const work = await workFor(refuge.workers[1]!);
    await deactivate(refuge.workers[1]!);
    expect((await ownerOf(work)).referral).toBe(reviewer.userId);
    const left = await sql<{ n: string }>`SELECT
        (SELECT count(*) FROM referral WHERE allocated_user_id = ANY(${refuge.workers.map((w) => w.userId)}::uuid[]))
      + (SELECT count(*) FROM worklist_item WHERE owner_user_id = ANY(${refuge.workers.map((w) => w.userId)}::uuid[])
          AND status = 'open') AS n`.execute(t.dbs.owner);
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
