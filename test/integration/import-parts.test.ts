import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faker } from '@faker-js/faker/locale/en_GB';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { actorByEmail } from '../support/actors.ts';
import { importIncidents } from '../../src/modules/people/service.ts';

// An extract imported a part at a time (a few statements for many rows) gives exactly what importing it a
// row at a time gives: the same incidents, people reused, rejections and the same links with the same
// statuses, including look-alikes held apart through links made earlier in the same part, and the same
// worklist items, repeat flags and school notices (a victim's third incident in a part raises the escalation).

let whole: TestApp;
let rowByRow: TestApp;
beforeAll(async () => {
  [whole, rowByRow] = await Promise.all([startTestApp(), startTestApp()]);
}, 300_000);
afterAll(async () => Promise.all([whole?.close(), rowByRow?.close()]));

/** Rows drawn from few names, so people recur, nearly recur (typos, swapped dates), and twins share a surname. */
function extract(count: number) {
  faker.seed(2026);
  const families = Array.from({ length: 12 }, () => ({
    surname: faker.person.lastName(),
    born: faker.date.birthdate({ min: 18, max: 60, mode: 'age' }).toISOString().slice(0, 10),
  }));
  const given = ['Chloe', 'Sophie', 'Amy', 'Jade', 'Tyler', 'Liam', 'Ryan', 'Kieran'];
  const person = (n: number) => {
    const family = families[n % families.length]!;
    const name = given[(n * 7) % given.length]!;
    const typo = n % 5 === 0 ? name.slice(0, -1) : name;
    const [y, m, d] = family.born.split('-');
    const born = n % 9 === 0 && Number(d) <= 12 ? `${y}-${d}-${m}` : family.born;
    return { sourceId: `P-${n % 40}`, givenName: typo, familyName: family.surname, dateOfBirth: born };
  };
  return Array.from({ length: count }, (_, i) => ({
    ref: `incidents.${i}`,
    raw:
      i % 17 === 16
        ? { sourceId: `I-${i}`, type: 'not-a-type' }
        : {
            sourceId: `I-${i % 11 === 10 ? i - 1 : i}`,
            type: 'police-call-out',
            occurredOn: '2026-03-02',
            severity: 'medium',
            people: [
              { ...person(i), role: 'victim' },
              { ...person(i + 3), sourceId: `Q-${i % 30}`, role: 'perpetrator' },
              { ...person(i * 5), sourceId: `R-${i}`, role: 'child' },
            ],
          },
  }));
}

async function outcome(t: TestApp, options: { partSize?: number; rowByRow?: boolean }) {
  const actor = await actorByEmail(t.dbs.owner, 'police@northshire.example');
  const report = await importIncidents(t.dbs.app, actor, extract(120), options);
  const links = await sql<{ a: string; b: string; status: string }>`
    SELECT pa.source_id AS a, pb.source_id AS b, l.status FROM person_link l
    JOIN person pa ON pa.id = l.person_a JOIN person pb ON pb.id = l.person_b
    WHERE pa.source_id IS NOT NULL AND pb.source_id IS NOT NULL`.execute(t.dbs.owner);
  const counts = await sql<{ people: number; incidents: number }>`
    SELECT (SELECT count(*)::int FROM person WHERE agency_id = ${actor.agencyId}) AS people,
           (SELECT count(*)::int FROM incident WHERE agency_id = ${actor.agencyId}) AS incidents`.execute(t.dbs.owner);
  const items = await sql<{ line: string }>`
    SELECT concat_ws(' ', w.kind, i.source_id, p.source_id, w.for_lead, w.for_coordinator, w.status) AS line
    FROM worklist_item w JOIN incident i ON i.id = w.subject_id JOIN person p ON p.id = w.person_id
    WHERE i.agency_id = ${actor.agencyId}
    UNION ALL
    SELECT concat_ws(' ', 'repeat', i.source_id, f.last_marac_on) FROM marac_repeat_flag f JOIN incident i ON i.id = f.source_id
    WHERE f.source = 'incident' AND i.agency_id = ${actor.agencyId}
    UNION ALL
    SELECT concat_ws(' ', 'school-notice', i.source_id) FROM school_notice_due d JOIN incident i ON i.id = d.incident_id
    WHERE i.agency_id = ${actor.agencyId}`.execute(t.dbs.owner);
  return {
    rows: report.rows.map(({ incidentId: _id, ...row }) => row),
    items: items.rows.map((r) => r.line).sort(),
    links: links.rows.map((l) => `${[l.a, l.b].sort().join('~')} ${l.status}`).sort(),
    counts: counts.rows[0],
  };
}

describe('an extract imported a part at a time', () => {
  it('gives what importing it a row at a time, each row matched on its own, gives', async () => {
    const [parts, rows] = await Promise.all([outcome(whole, { partSize: 200 }), outcome(rowByRow, { rowByRow: true })]);
    expect(parts.rows.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
    expect(parts.rows.filter((r) => r.status === 'already-imported').length).toBeGreaterThan(0);
    expect(parts.links.length).toBeGreaterThan(20);
    expect(parts.links.some((l) => l.endsWith('review'))).toBe(true);
    expect(parts.rows).toEqual(rows.rows);
    expect(parts.counts).toEqual(rows.counts);
    expect(parts.links).toEqual(rows.links);
    expect(parts.items.some((i) => i.startsWith('criterion-without-referral'))).toBe(true);
    expect(parts.items).toEqual(rows.items);
  });
});
