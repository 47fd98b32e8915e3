/**
 * A synthetic household linkage set with known truth, for the linkage benchmark: families
 * (parents and children sharing surname and address), twins, a child named after a
 * parent, neighbours sharing a postcode and sometimes a surname, people who moved, and
 * each person recorded by one to four agencies with typos, nicknames, day/month swaps,
 * missing fields and married surnames. Names come from value pools passed in (the
 * benchmark uses those of the historical data), not from the given-name lists the
 * matcher uses, so that the guard is not tested on its own list. Deterministic per seed.
 */
import { NICKNAME_GROUPS } from '../../src/modules/people/matching/index.ts';
import { randomInt, seededRandom } from '../../src/modules/people/matching/random.ts';

export type Row = Record<string, string | null>;

export interface NamePools {
  female: readonly string[];
  male: readonly string[];
  surnames: readonly string[];
}

interface Person {
  id: string;
  household: string;
  role: 'parent' | 'child';
  /** People born together share a twin group. */
  twins: string | null;
  first: string;
  middle: string | null;
  surname: string;
  sex: 'f' | 'm';
  dob: string;
  house: number;
  street: string;
  postcode: string;
  town: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const STREETS = [
  'high street',
  'station road',
  'church lane',
  'mill road',
  'park avenue',
  'victoria road',
  'green lane',
  'manor way',
  'king street',
  'queens road',
  'the crescent',
  'albert road',
];
const TOWNS = ['leeds', 'bradford', 'wakefield', 'halifax', 'huddersfield', 'york', 'harrogate', 'doncaster'];

/** The relation between two people of the set: twins, parent and child, or none of those. */
export function relation(a: Row, b: Row): 'twins' | 'parent-child' | null {
  if (a.household === null || a.household !== b.household || a.person === b.person) return null;
  if (a.twins !== null && a.twins === b.twins) return 'twins';
  return a.role !== b.role ? 'parent-child' : null;
}

/** Two given names that share a nickname (EDWARD and EDGAR are both ED). */
function related(a: string, b: string): boolean {
  return NICKNAME_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

export function syntheticHouseholds(pools: NamePools, households: number, seed = 7): Row[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[randomInt(random, items.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const day = (fromYear: number, toYear: number): string => {
    const start = Date.UTC(fromYear, 0, 1);
    const span = Math.max(1, (toYear - fromYear) * 365);
    return new Date(start + randomInt(random, span) * 86_400_000).toISOString().slice(0, 10);
  };
  const addYears = (dob: string, years: number): string =>
    day(Number(dob.slice(0, 4)) + years, Number(dob.slice(0, 4)) + years + 1);
  const postcodeFor = (street: number): string => {
    // A street's houses share a postcode unit (neighbours), as in UK addressing.
    const area = ['ls', 'bd', 'wf', 'hx', 'hd', 'yo', 'hg', 'dn'][street % 8] as string;
    const n = 1 + (street % 29);
    const unit = (street * 7919) % 676;
    return `${area}${n} ${1 + (street % 9)}${LETTERS[Math.floor(unit / 26)]}${LETTERS[unit % 26]}`;
  };
  const people: Person[] = [];
  let streetNo = 0;
  let house = 0;
  let streetSurname: string | null = null;
  for (let h = 0; h < households; h++) {
    // About eight households to a street (postcode unit); neighbours sometimes share a surname.
    if (h % 8 === 0) {
      streetNo++;
      house = 0;
      streetSurname = pick(pools.surnames);
    }
    house++;
    const household = `h${h}`;
    const surname = chance(0.15) && streetSurname ? streetSurname : pick(pools.surnames);
    const street = `${STREETS[streetNo % STREETS.length]}`;
    const postcode = postcodeFor(streetNo);
    const town = TOWNS[streetNo % TOWNS.length] as string;
    const base = { household, surname, house, street, postcode, town, twins: null };
    const parents: Person[] = [];
    const mother: Person = {
      ...base,
      id: `${household}-p0`,
      role: 'parent',
      first: pick(pools.female),
      middle: chance(0.3) ? pick(pools.female) : null,
      sex: 'f',
      dob: day(1955, 1990),
    };
    parents.push(mother);
    if (chance(0.6))
      parents.push({
        ...base,
        id: `${household}-p1`,
        role: 'parent',
        first: pick(pools.male),
        middle: chance(0.3) ? pick(pools.male) : null,
        sex: 'm',
        dob: day(1950, 1990),
      });
    people.push(...parents);
    const children = randomInt(random, 4);
    const siblings: Person[] = [];
    // Brothers and sisters have names of their own (not the same one, nor two that share a
    // nickname: a record saying only ED is then either twin, and no method can tell which),
    // and, twins apart, are born at least ten months apart.
    const freeName = (name: string): boolean => siblings.every((s) => s.first !== name && !related(s.first, name));
    const freeDay = (dob: string): boolean =>
      siblings.every((s) => Math.abs(Date.parse(s.dob) - Date.parse(dob)) >= 300 * 86_400_000);
    for (let c = 0; c < children; c++) {
      const sex: 'f' | 'm' = chance(0.5) ? 'f' : 'm';
      const namesake = parents.find((p) => p.sex === sex);
      // A daughter named after her mother, a son after his father (a different birthday).
      let first = namesake && chance(0.08) ? namesake.first : pick(sex === 'f' ? pools.female : pools.male);
      for (let tries = 0; tries < 20 && !freeName(first); tries++)
        first = pick(sex === 'f' ? pools.female : pools.male);
      let dob = addYears(mother.dob, 20 + randomInt(random, 18));
      for (let tries = 0; tries < 20 && !freeDay(dob); tries++) dob = addYears(mother.dob, 20 + randomInt(random, 18));
      if (!freeName(first) || !freeDay(dob)) continue;
      const child: Person = { ...base, id: `${household}-c${c}`, role: 'child', first, middle: null, sex, dob };
      people.push(child);
      siblings.push(child);
      if (chance(0.05)) {
        // Twins: same birthday, surname and address; the same sex half the time.
        const twinSex: 'f' | 'm' = chance(0.5) ? sex : sex === 'f' ? 'm' : 'f';
        let twinFirst = pick(twinSex === 'f' ? pools.female : pools.male);
        for (let tries = 0; tries < 50 && !freeName(twinFirst); tries++)
          twinFirst = pick(twinSex === 'f' ? pools.female : pools.male);
        if (!freeName(twinFirst)) continue;
        child.twins = `${household}-t${c}`;
        const twin: Person = {
          ...base,
          id: `${household}-c${c}b`,
          role: 'child',
          twins: child.twins,
          first: twinFirst,
          middle: null,
          sex: twinSex,
          dob,
        };
        people.push(twin);
        siblings.push(twin);
      }
    }
  }
  const nicknames = (name: string): string[] =>
    NICKNAME_GROUPS.filter((g) => g.includes(name))
      .flat()
      .filter((n) => n !== name);
  const typo = (s: string): string => {
    if (s.length < 3) return s;
    const i = 1 + randomInt(random, s.length - 2);
    const kind = randomInt(random, 3);
    if (kind === 0) return s.slice(0, i) + LETTERS[randomInt(random, 26)] + s.slice(i + 1);
    if (kind === 1) return s.slice(0, i) + s.slice(i + 1);
    return s.slice(0, i - 1) + s[i] + s[i - 1] + s.slice(i + 1);
  };
  const rows: Row[] = [];
  for (const p of people) {
    const copies = 1 + randomInt(random, 4);
    // Movers: a later record at a new address (often fleeing abuse).
    const moved = chance(0.12)
      ? {
          house: 1 + randomInt(random, 60),
          street: pick(STREETS),
          postcode: postcodeFor(10_000 + randomInt(random, 5000)),
          town: pick(TOWNS),
        }
      : null;
    for (let k = 0; k < copies; k++) {
      let first = p.first;
      const roll = random();
      const options = nicknames(first);
      if (options.length > 0 && roll < 0.12) first = pick(options);
      else if (roll >= 0.12 && roll < 0.2) first = typo(first);
      else if (roll >= 0.2 && roll < 0.22) first = first.slice(0, 1);
      let surname = p.surname;
      if (chance(0.05)) surname = typo(surname);
      else if (p.sex === 'f' && p.role === 'parent' && chance(0.08)) surname = pick(pools.surnames);
      let dob: string | null = p.dob;
      const [y, m, d] = dob.split('-') as [string, string, string];
      const dobRoll = random();
      if (dobRoll < 0.04) dob = `${y}-${m}-${d.slice(0, 1)}${randomInt(random, 10)}`;
      else if (dobRoll < 0.07 && Number(d) <= 12) dob = `${y}-${d}-${m}`;
      else if (dobRoll < 0.08) dob = `${Number(y) + (chance(0.5) ? -1 : 1)}-${m}-${d}`;
      if (chance(0.05)) dob = null;
      const where = moved && k > 0 && chance(0.7) ? moved : p;
      rows.push({
        id: `r${rows.length + 1}`,
        person: p.id,
        household: p.household,
        role: p.role,
        twins: p.twins,
        first_name: chance(0.02) ? null : first,
        middle_name: p.middle !== null && chance(0.5) ? p.middle : null,
        surname: chance(0.02) ? null : surname,
        dob: dob === null ? null : `${dob.slice(8, 10)}/${dob.slice(5, 7)}/${dob.slice(0, 4)}`,
        sex: chance(0.03) ? null : p.sex,
        address: chance(0.1) ? null : `${where.house} ${where.street}`,
        postcode: chance(0.06) ? null : where.postcode.toUpperCase(),
        town: chance(0.2) ? null : where.town,
      });
    }
  }
  // Records in no particular order, as an agency extract would be.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [rows[i], rows[j]] = [rows[j] as Row, rows[i] as Row];
  }
  return rows;
}
