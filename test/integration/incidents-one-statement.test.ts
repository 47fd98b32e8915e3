import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { actorByEmail } from '../support/actors.ts';
import type { Database } from '../../src/db/schema.ts';

// Incidents recorded in one statement (an import part) set off what recording them one at a time, in the
// same order, sets off: the escalation raised by the incident that reaches the threshold, not the first of
// them; a repeat flag only for incidents after the last MARAC; one criterion item per person, from the first
// incident meeting one; cumulative concern raised by the first incident bringing in a second agency, about
// the latest incident up to it; support contacts classified as such; the same school notices.

let t: TestApp;
let partnership: string;
let police: string;
let health: string;
let user: string;
beforeAll(async () => {
  t = await startTestApp();
  const officer = await actorByEmail(t.dbs.owner, 'police@northshire.example');
  const nurse = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
  [partnership, police, health, user] = [officer.partnershipId, officer.agencyId, nurse.agencyId, officer.userId];
}, 300_000);
afterAll(async () => t?.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

// The incidents recorded, in order: each person's interleaved with the others'.
const recorded: { source: string; person: string; type: string; days: number }[] = [
  { source: 'esc-1', person: 'escalating', type: 'police-call-out', days: 50 },
  { source: 'rep-1', person: 'repeat', type: 'police-call-out', days: 150 },
  { source: 'con-1', person: 'concern', type: 'police-call-out', days: 90 },
  { source: 'esc-2', person: 'escalating', type: 'police-call-out', days: 40 },
  { source: 'sup-1', person: 'supported', type: 'idva-contact', days: 35 },
  { source: 'rep-2', person: 'repeat', type: 'police-call-out', days: 60 },
  { source: 'con-2', person: 'concern', type: 'police-call-out', days: 10 },
  { source: 'esc-3', person: 'escalating', type: 'police-call-out', days: 30 },
  { source: 'rep-3', person: 'repeat', type: 'police-call-out', days: 30 },
  { source: 'sup-2', person: 'supported', type: 'police-call-out', days: 20 },
  { source: 'esc-4', person: 'escalating', type: 'police-call-out', days: 20 },
];

/** One set of people (family name `world`), recorded in one statement or one at a time; returns what it set off. */
async function record(world: string, oneStatement: boolean) {
  return t.dbs.owner.transaction().execute(async (tx) => {
    const person = async (givenName: string, agency: string) =>
      (
        await tx
          .insertInto('person')
          .values({
            partnership_id: partnership,
            agency_id: agency,
            given_name: givenName,
            family_name: world,
            date_of_birth: '1988-04-04',
            created_by: user,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const ids: Record<string, string> = {};
    for (const name of ['escalating', 'repeat', 'concern', 'supported']) ids[name] = await person(name, police);
    // The concern's person is also known to health, a match a practitioner has confirmed, with a contact there.
    const healthRecord = await person('concern', health);
    const [a, b] = [ids.concern!, healthRecord].sort();
    await tx
      .insertInto('person_link')
      .values({
        partnership_id: partnership,
        person_a: a!,
        person_b: b!,
        probability: 0.99,
        weight: 12,
        status: 'confirmed',
      })
      .execute();
    await insertIncidents(
      tx,
      world,
      [{ source: 'health-1', person: healthRecord, type: 'health-contact', days: 200 }],
      health,
    );
    await tx
      .insertInto('last_marac')
      .values({ person_id: ids.repeat!, partnership_id: partnership, discussed_on: daysAgo(100) })
      .execute();

    const rows = recorded.map((r) => ({ ...r, person: ids[r.person]! }));
    if (oneStatement) await insertIncidents(tx, world, rows, police);
    else for (const row of rows) await insertIncidents(tx, world, [row], police);
    return outcome(tx, world);
  });
}

async function insertIncidents(
  tx: Kysely<Database>,
  world: string,
  rows: { source: string; person: string; type: string; days: number }[],
  agency: string,
) {
  await tx
    .insertInto('incident')
    .values(
      rows.map((r) => ({
        partnership_id: partnership,
        agency_id: agency,
        person_id: r.person,
        source_id: `${world}-${r.source}`,
        contact_type: r.type,
        kind: r.type,
        occurred_on: daysAgo(r.days),
        severity: 'medium' as const,
        police_recorded: r.type === 'police-call-out',
      })),
    )
    .execute();
}

/** What the incidents of one world set off, named by the incidents' and people's labels rather than ids. */
async function outcome(tx: Kysely<Database>, world: string) {
  const items = await sql<{ line: string }>`
    SELECT concat_ws(' ', w.kind, i.source_id, p.given_name, a.name, w.for_lead, w.for_coordinator, w.status,
      (w.due_at - w.created_at)::text) AS line
    FROM worklist_item w JOIN incident i ON i.id = w.subject_id JOIN person p ON p.id = w.person_id
      JOIN agency a ON a.id = w.agency_id
    WHERE p.family_name = ${world}`.execute(tx);
  const flags = await sql<{ line: string }>`
    SELECT concat_ws(' ', i.source_id, p.given_name, f.last_marac_on) AS line
    FROM marac_repeat_flag f JOIN incident i ON i.id = f.source_id JOIN person p ON p.id = f.person_id
    WHERE f.source = 'incident' AND p.family_name = ${world}`.execute(tx);
  const incidents = await sql<{ line: string }>`
    SELECT concat_ws(' ', i.source_id, i.is_abuse, d.incident_id IS NOT NULL) AS line
    FROM incident i JOIN person p ON p.id = i.person_id LEFT JOIN school_notice_due d ON d.incident_id = i.id
    WHERE p.family_name = ${world}`.execute(tx);
  const named = (rows: { line: string }[]) => rows.map((r) => r.line.replaceAll(`${world}-`, '')).sort();
  return { items: named(items.rows), flags: named(flags.rows), incidents: named(incidents.rows) };
}

describe('incidents recorded in one statement', () => {
  it('set off what recording them one at a time sets off', async () => {
    const one = await record('Onebyone', false);
    const all = await record('Together', true);
    expect(all).toEqual(one);

    // What recording them one at a time gives, so the comparison is not between two empty lists.
    const criteria = one.items.filter((i) => i.startsWith('criterion-without-referral'));
    expect(criteria.map((i) => i.split(' ').slice(1, 3).join(' ')).sort()).toEqual([
      'esc-3 escalating',
      'esc-3 escalating',
      'rep-2 repeat',
      'rep-2 repeat',
    ]);
    expect(one.items.filter((i) => i.startsWith('cumulative-concern')).map((i) => i.split(' ')[1])).toEqual(['con-1']);
    expect(one.flags.map((f) => f.split(' ')[0])).toEqual(['rep-2', 'rep-3']);
    expect(one.incidents).toContain('sup-1 f f');
    expect(one.items.some((i) => i.includes('sup-1'))).toBe(false);
    // Both lists (the agency's and its lead's) for each abuse incident, health's contact before among them.
    expect(one.items.filter((i) => i.startsWith('incident-without-checklist')).length).toBe(2 * 11);
  });
});
