import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faker } from '@faker-js/faker/locale/en_GB';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import readXlsxFile from 'read-excel-file/node';
import { sql } from 'kysely';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import { actorByEmail } from '../support/actors.ts';
import '../../src/modules/marac/tables.ts';

// The quarterly MARAC data return, checked against an independent count: case-level data is
// generated here (with discussions and referrals either side of the quarter's edges), the
// expected figures are counted straight from what was generated, and both must agree with the CSV
// the coordinator downloads.

let t: TestApp;
let coordinator: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  coordinator = new PageClient(t.app);
  await coordinator.signIn('coordinator@northshire.example');
});
afterAll(async () => t?.close());

interface Generated {
  heldOn: string;
  held: boolean;
  isRepeat: boolean;
  children: number;
  sex: 'female' | 'male' | 'other' | 'not-known';
  bme: boolean | null;
  lgbt: boolean | null;
  disabled: boolean | null;
  dateOfBirth: string;
}

const QUARTER = { year: 2025, quarter: 3, from: '2025-07-01', to: '2025-09-30' };
const iso = (d: Date) => d.toISOString().slice(0, 10);
/** Years completed between two ISO dates, counted with Date arithmetic rather than the app's own function. */
const is16or17 = (dob: string, on: string) => {
  const sixteenth = new Date(`${dob}T00:00:00Z`);
  sixteenth.setUTCFullYear(sixteenth.getUTCFullYear() + 16);
  const eighteenth = new Date(`${dob}T00:00:00Z`);
  eighteenth.setUTCFullYear(eighteenth.getUTCFullYear() + 18);
  const day = new Date(`${on}T00:00:00Z`);
  return day >= sixteenth && day < eighteenth;
};

describe('quarterly MARAC data return', () => {
  it('agrees with an independent count on generated case-level data', async () => {
    faker.seed(5050);
    const db = t.dbs.owner;
    const p = await db
      .selectFrom('partnership')
      .select('id')
      .where('code', '=', 'northshire')
      .executeTakeFirstOrThrow();
    const agencies = await db.selectFrom('agency').select(['id', 'name']).where('partnership_id', '=', p.id).execute();
    const team = agencies.find((a) => a.name.includes('Partnership Team'))!;
    const chair = await db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'chair@northshire.example')
      .executeTakeFirstOrThrow();
    const nobody = '00000000-0000-0000-0000-000000000000';

    // Meetings: held ones inside the quarter (first and last day too), held ones just outside, and a scheduled one inside.
    const meetingDates = [
      { on: '2025-07-01', held: true },
      { on: '2025-08-14', held: true },
      { on: '2025-09-30', held: true },
      { on: '2025-06-30', held: true },
      { on: '2025-10-01', held: true },
      { on: '2025-09-02', held: false },
    ];
    const generated: Generated[] = [];
    for (const m of meetingDates) {
      const meeting = await db
        .insertInto('marac_meeting')
        .values({
          partnership_id: p.id,
          agency_id: team.id,
          held_on: m.on,
          chair_user_id: chair.id,
          capacity: 60,
          status: m.held ? 'held' : 'scheduled',
          created_by: nobody,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const n = faker.number.int({ min: 5, max: 25 });
      for (let i = 0; i < n; i++) {
        // Some victims are 16 or 17 on the meeting day, some turn 16 or 18 within days of it.
        const young = faker.number.int({ min: 0, max: 2 }) === 0;
        const dob = young
          ? iso(
              faker.date.between({
                from: `${Number(m.on.slice(0, 4)) - 19}-01-01`,
                to: `${Number(m.on.slice(0, 4)) - 15}-12-31`,
              }),
            )
          : iso(faker.date.birthdate({ min: 19, max: 80, mode: 'age', refDate: new Date(`${m.on}T00:00:00Z`) }));
        const g: Generated = {
          heldOn: m.on,
          held: m.held,
          isRepeat: faker.datatype.boolean(0.3),
          children: faker.number.int({ min: 0, max: 5 }),
          sex: faker.helpers.weightedArrayElement([
            { value: 'female' as const, weight: 85 },
            { value: 'male' as const, weight: 10 },
            { value: 'other' as const, weight: 2 },
            { value: 'not-known' as const, weight: 3 },
          ]),
          bme: faker.helpers.arrayElement([true, false, false, null]),
          lgbt: faker.helpers.arrayElement([true, false, false, false, null]),
          disabled: faker.helpers.arrayElement([true, false, false, null]),
          dateOfBirth: dob,
        };
        generated.push(g);
        const person = await db
          .insertInto('person')
          .values({
            partnership_id: p.id,
            agency_id: team.id,
            given_name: faker.person.firstName(),
            family_name: faker.person.lastName(),
            date_of_birth: g.dateOfBirth,
            created_by: nobody,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const c = await db
          .insertInto('marac_case')
          .values({
            partnership_id: p.id,
            agency_id: team.id,
            person_id: person.id,
            opened_by: nobody,
            risk_level: 'high',
            is_repeat: g.isRepeat,
            children_in_household: g.children,
            consent_status: 'given',
            lawful_basis: null,
            summary: null,
            first_referral_at: new Date(`${m.on}T09:00:00Z`),
            victim_sex: g.sex,
            victim_bme: g.bme,
            victim_lgbt: g.lgbt,
            victim_disabled: g.disabled,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('marac_meeting_case')
          .values({
            meeting_id: meeting.id,
            case_id: c.id,
            partnership_id: p.id,
            position: i + 1,
            is_repeat: g.isRepeat,
            children_in_household: g.children,
          })
          .execute();
      }
    }

    // Referrals from many agencies, some either side of the quarter (at midday, so no time zone moves them across a day).
    const referralPerson = await db
      .insertInto('person')
      .values({
        partnership_id: p.id,
        agency_id: team.id,
        given_name: 'Generated',
        family_name: 'Referral',
        date_of_birth: '1990-01-01',
        created_by: nobody,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const referrals: { agency: string; on: string }[] = [];
    for (let i = 0; i < 120; i++) {
      const agency = faker.helpers.arrayElement(agencies);
      const on = iso(faker.date.between({ from: '2025-06-20T00:00:00Z', to: '2025-10-10T00:00:00Z' }));
      referrals.push({ agency: agency.name, on });
      await db
        .insertInto('marac_referral')
        .values({
          partnership_id: p.id,
          referring_agency_id: agency.id,
          person_id: referralPerson.id,
          criteria_met: '[]',
          reason: 'generated',
          referred_by: nobody,
          referred_at: new Date(`${on}T12:00:00Z`),
        } as never)
        .execute();
    }
    await coordinator.get('/marac/return');
    await coordinator.post('/marac/population', { adultWomen: '87500', bmePercent: '14.5' });

    // The independent count.
    const inQuarter = generated.filter((g) => g.held && g.heldOn >= QUARTER.from && g.heldOn <= QUARTER.to);
    const count = (f: (g: Generated) => boolean) => inQuarter.filter(f).length;
    const referralsIn = referrals.filter((r) => r.on >= QUARTER.from && r.on <= QUARTER.to);
    const byAgency = new Map<string, number>();
    for (const r of referralsIn) byAgency.set(r.agency, (byAgency.get(r.agency) ?? 0) + 1);
    const expected: Record<string, string> = {
      'cases discussed': String(inQuarter.length),
      'cases per 10,000 adult women': String(Math.round((inQuarter.length / 87500) * 10000 * 100) / 100),
      'repeat cases': String(count((g) => g.isRepeat)),
      'children in the households': String(inQuarter.reduce((n, g) => n + g.children, 0)),
      'male victims': String(count((g) => g.sex === 'male')),
      'black and minority ethnic victims': String(count((g) => g.bme === true)),
      'LGBT victims': String(count((g) => g.lgbt === true)),
      'disabled victims': String(count((g) => g.disabled === true)),
      'victims aged 16-17': String(count((g) => is16or17(g.dateOfBirth, g.heldOn))),
      'referrals received': String(referralsIn.length),
      ...Object.fromEntries([...byAgency].map(([name, n]) => [`referrals from ${name}`, String(n)])),
    };
    expect(inQuarter.length).toBeGreaterThan(10);
    expect(Number(expected['victims aged 16-17'])).toBeGreaterThan(0);
    expect(referralsIn.length).toBeLessThan(referrals.length); // some fell outside, so the edges were tested

    const csv = await coordinator.get(`/marac/return.csv?year=${QUARTER.year}&quarter=${QUARTER.quarter}`);
    expect(csv.statusCode).toBe(200);
    const rows = new Map(
      csv.body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => {
          const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
          return [cells[0]!, cells[1]!];
        }),
    );
    for (const [measure, value] of Object.entries(expected)) expect(rows.get(measure), measure).toBe(value);
    expect(
      [...rows.keys()].filter(
        (k) =>
          k.startsWith('referrals from ') &&
          k !== 'referrals from the police' &&
          k !== 'referrals from partner agencies',
      ),
    ).toHaveLength(byAgency.size);
    // The BME share is set against the area's own 14.5%, counted here independently.
    const bmeShare = (count((g) => g.bme === true) / inQuarter.length) * 100;
    expect(csv.body).toContain(
      `black and minority ethnic victims,${expected['black and minority ethnic victims']},${Math.round(bmeShare * 10) / 10},at least the area's 14.5%,${bmeShare < 14.5 ? 'below' : 'within'}\r\n`,
    );

    // The XLSX holds the same table as the CSV, read back with an independent reader.
    const xlsx = await coordinator.get(`/marac/return.xlsx?year=${QUARTER.year}&quarter=${QUARTER.quarter}`);
    const [sheet] = await readXlsxFile(xlsx.rawPayload);
    const csvRows = csv.body
      .trim()
      .split('\r\n')
      .map((line) =>
        line
          .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
          .slice(0, 5)
          .map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')),
      );
    expect(sheet!.data.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))).toEqual(csvRows);
    const events = await t.dbs.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'marac-return.export')
      .execute();
    expect(events).toHaveLength(2);

    // The partnership analyst reads the same return, without the population form and without any case.
    const analyst = new PageClient(t.app);
    await analyst.signIn('analyst@northshire.example');
    expect((await analyst.get(`/marac/return.csv?year=${QUARTER.year}&quarter=${QUARTER.quarter}`)).body).toBe(
      csv.body,
    );
    const analystPage = await analyst.get(`/marac/return?year=${QUARTER.year}&quarter=${QUARTER.quarter}`);
    expect(analystPage.body).toMatch(new RegExp(`data-testid="cases">${inQuarter.length}<`));
    expect(analystPage.body).not.toContain('action="/marac/population"');
    expect((await analyst.post('/marac/population', { adultWomen: '1' })).statusCode).toBe(403);
    expect((await analyst.get('/marac/cases')).statusCode).toBe(403);
    // Bypassing the pages: the counting functions answer a practitioner with nothing, and give the analyst no case rows.
    const actorOf = (email: string) => actorByEmail(t.dbs.owner, email);
    const countedRows = (actor: Actor) =>
      asActor(
        t.dbs.app,
        actor,
        async (tx) =>
          (await sql`SELECT * FROM marac_return_discussions(${QUARTER.from}::date, ${'2025-10-01'}::date)`.execute(tx))
            .rows,
      );
    expect(await countedRows(await actorOf('police@northshire.example'))).toEqual([]);
    const analystRows = await countedRows(await actorOf('analyst@northshire.example'));
    expect(analystRows).toHaveLength(inQuarter.length);
    expect(Object.keys(analystRows[0] as object).sort()).toEqual([
      'age_at_meeting',
      'children',
      'held_on',
      'is_repeat',
      'victim_bme',
      'victim_disabled',
      'victim_lgbt',
      'victim_sex',
    ]);
    expect(
      await asActor(t.dbs.app, await actorOf('analyst@northshire.example'), (tx) =>
        tx.selectFrom('marac_case').select('id').execute(),
      ),
    ).toEqual([]);

    const page = await coordinator.get(`/marac/return?year=${QUARTER.year}&quarter=${QUARTER.quarter}`);
    expect(page.body).toMatch(new RegExp(`data-testid="cases">${inQuarter.length}<`));
    expect(page.body).toMatch(new RegExp(`data-testid="repeats">${expected['repeat cases']}<`));
  });
});
