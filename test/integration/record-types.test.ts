import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { actorByEmail } from '../support/actors.ts';
import { asActor } from '../../src/db/tenancy.ts';
import { RECORD_TYPES, recordTypeNames, type RecordTypeDeclaration } from '../../src/modules/access/record-types.ts';
import { policyProblems, recordTypePolicies, type LivePolicy } from '../../src/modules/access/rls.ts';
import { cutRecord } from '../../src/modules/access/cut.ts';
import { Viewer, viewerOf } from '../../src/modules/access/viewer.ts';
import { AuditLog } from '../../src/platform/audit.ts';
import { declaredRecordsFor, levelOnRecord } from '../../src/modules/access/service.ts';

// The declaration of record types is what the database enforces: every declared table's live row-level
// security keeps to it, and a new record type gets its policies, its cut and its audit from the declaration alone.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 300_000);
afterAll(async () => t?.close());

async function live(owner: Kysely<unknown>, table: string) {
  const rls = (
    await sql<{
      enabled: boolean;
      forced: boolean;
    }>`SELECT relrowsecurity AS enabled, relforcerowsecurity AS forced FROM pg_class WHERE relname = ${table} AND relkind = 'r'`.execute(
      owner,
    )
  ).rows[0];
  const policies = (
    await sql<LivePolicy>`SELECT policyname, cmd, roles::text AS roles, qual, with_check FROM pg_policies WHERE tablename = ${table}`.execute(
      owner,
    )
  ).rows;
  return { enabled: rls?.enabled ?? false, forced: rls?.forced ?? false, policies };
}

/** A synthetic record type of an agency about a person, with a restricted safe word; its table made as its migration would. */
async function syntheticRecordType(table: string, fields: Record<string, string>, parts: Record<string, string[]>) {
  const [summary, full] = Object.keys(parts);
  const declaration: RecordTypeDeclaration = {
    table,
    owner: 'agency_id',
    person: 'person_id',
    envelope: ['id', 'person_id', 'agency_id'],
    parts: { ...parts, 'safe-words': ['safe_word'] },
    adds: { signpost: [], 'shared-summary': [summary!], full: [full!] },
    restricted: { parts: ['safe-words'], namedBy: 'named_agency_ids' },
    writers: { kind: 'owner-agency', roles: ['practitioner'] },
    sharing: 'by-level',
  };
  const columns = Object.entries(fields).map(([name, type]) => `${name} ${type}`);
  await sql
    .raw(
      `CREATE TABLE ${table} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), partnership_id uuid NOT NULL, agency_id uuid NOT NULL, person_id uuid NOT NULL,
      ${columns.join(', ')}, safe_word text, named_agency_ids uuid[] NOT NULL DEFAULT '{}');
      ${recordTypePolicies(declaration)}`,
    )
    .execute(t.dbs.owner);
  return declaration;
}

describe('record types', () => {
  it('every declared table’s row-level security keeps to its declaration', async () => {
    for (const name of recordTypeNames) {
      const declaration: RecordTypeDeclaration = RECORD_TYPES[name];
      if (!declaration.table) continue;
      expect(policyProblems(declaration, await live(t.dbs.owner as Kysely<unknown>, declaration.table)), name).toEqual(
        [],
      );
    }
  });

  it('a new record type gets row-level security, its cut and its audit from the declaration alone', async () => {
    // Its migration: the table, and the policies generated from the declaration.
    const contact = await syntheticRecordType(
      'synthetic_idva_contact',
      { contacted_on: 'date NOT NULL', kind: 'text NOT NULL', notes: 'text' },
      { contact: ['contacted_on', 'kind'], notes: ['notes'] },
    );
    expect(policyProblems(contact, await live(t.dbs.owner as Kysely<unknown>, 'synthetic_idva_contact'))).toEqual([]);

    const idva = await actorByEmail(t.dbs.owner, 'idva@northshire.example');
    const housing = await actorByEmail(t.dbs.owner, 'housing@northshire.example');
    const southvale = await actorByEmail(t.dbs.owner, 'police@southvale.example');
    const person = (
      await t.dbs.owner
        .selectFrom('person')
        .select('id')
        .where('partnership_id', '=', idva.partnershipId)
        .executeTakeFirstOrThrow()
    ).id;
    const insert = (actor: typeof idva, agencyId: string) =>
      asActor(t.dbs.app, actor, (tx) =>
        sql`
      INSERT INTO synthetic_idva_contact (partnership_id, agency_id, person_id, contacted_on, kind, notes, safe_word)
      VALUES (${actor.partnershipId}, ${agencyId}, ${person}, '2026-01-02', 'phone', 'Synthetic note', 'bluebell')`.execute(
          tx,
        ),
      );
    await insert(idva, idva.agencyId);
    // Written in another agency's name: refused by the database.
    await expect(insert(housing, idva.agencyId)).rejects.toMatchObject({ code: '42501' });
    const read = (actor: typeof idva) =>
      asActor(t.dbs.app, actor, (tx) =>
        sql<Record<string, unknown>>`SELECT * FROM synthetic_idva_contact`.execute(tx),
      ).then((r) => r.rows);
    expect(await read(southvale)).toHaveLength(0);
    const [row] = await read(housing);

    // The cut: a signpost gives the ids; a shared summary the contact; full the notes; the safe word only to the named group.
    expect(Object.keys(cutRecord(contact, row!, 'signpost')!).sort()).toEqual(['agency_id', 'id', 'person_id']);
    expect(cutRecord(contact, row!, 'shared-summary')).toMatchObject({ kind: 'phone' });
    expect(cutRecord(contact, row!, 'shared-summary')).not.toHaveProperty('notes');
    expect(cutRecord(contact, row!, 'full')).toMatchObject({ notes: 'Synthetic note' });
    expect(cutRecord(contact, row!, 'full')).not.toHaveProperty('safe_word');
    expect(cutRecord(contact, row!, 'full', true)).toMatchObject({ safe_word: 'bluebell' });

    // The audit: a read of it is in the person's access log, by the column the declaration names.
    const request = { actor: housing, id: 'record-type-test' };
    viewerOf(request).sawRecords(contact, [row]);
    await new AuditLog(t.dbs.app).record(request, {
      action: 'synthetic-contact.view',
      subjectType: 'synthetic-contact',
      subjectId: String(row!.id),
    });
    const lead = await actorByEmail(t.dbs.owner, 'lead.police@northshire.example');
    const log = await asActor(t.dbs.app, lead, (tx) =>
      sql<{ action: string }>`SELECT action FROM person_access_log(${person}::uuid)`.execute(tx),
    );
    expect(log.rows.map((r) => r.action)).toContain('synthetic-contact.view');
    expect(new Viewer(housing).take()).toEqual([]);
  });

  it('a record type with nothing beyond its declaration is read and written through the gate without code of its own', async () => {
    const order = await syntheticRecordType(
      'synthetic_protective_order',
      { kind: 'text NOT NULL', made_on: 'date NOT NULL', terms: 'text' },
      { order: ['kind', 'made_on'], terms: ['terms'] },
    );
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    const housing = await actorByEmail(t.dbs.owner, 'housing@northshire.example');
    const lead = await actorByEmail(t.dbs.owner, 'lead.police@northshire.example');
    const southvale = await actorByEmail(t.dbs.owner, 'police@southvale.example');
    const person = (
      await t.dbs.owner
        .selectFrom('person')
        .select('id')
        .where('partnership_id', '=', police.partnershipId)
        .where('agency_id', '=', police.agencyId)
        .executeTakeFirstOrThrow()
    ).id;
    const storeOf = (actor: typeof police) => declaredRecordsFor(t.dbs.app, new Viewer(actor), order);

    const id = await storeOf(police).add(person, {
      kind: 'non-molestation',
      made_on: '2026-03-04',
      terms: 'Synthetic terms',
      safe_word: 'heron',
    });
    // Only the declared fields are written, never the agency or the person by the caller's say-so.
    await expect(
      storeOf(police).add(person, { kind: 'x', made_on: '2026-03-04', agency_id: housing.agencyId }),
    ).rejects.toThrow(/Not declared/);
    // The declaration's writers only: the database refuses the agency lead (not a writer) and another partnership.
    await expect(storeOf(lead).add(person, { kind: 'x', made_on: '2026-03-04' })).rejects.toMatchObject({
      code: '42501',
    });
    expect(await storeOf(southvale).about(person)).toEqual([]);

    // Its own agency sees it whole but for the restricted part; another agency at the level the policy gives it.
    const [own] = await storeOf(police).about(person);
    expect(own).toMatchObject({ id, kind: 'non-molestation', terms: 'Synthetic terms' });
    expect(own).not.toHaveProperty('safe_word');
    const level = await levelOnRecord(t.dbs.app, housing, person, police.agencyId);
    const row = {
      id,
      person_id: person,
      agency_id: police.agencyId,
      kind: 'non-molestation',
      terms: 'Synthetic terms',
    };
    const seen = await storeOf(housing).about(person);
    expect(seen.map((r) => Object.keys(r).sort())).toEqual(
      level === 'none' ? [] : [Object.keys(cutRecord(order, { ...row, made_on: own!.made_on }, level)!).sort()],
    );

    // The read names the person for the request's audit event.
    const viewer = new Viewer(housing);
    await declaredRecordsFor(t.dbs.app, viewer, order).about(person);
    expect(viewer.take()).toEqual([person]);
  });
});
