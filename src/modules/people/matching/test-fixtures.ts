/** Shared fixtures for the matching tests (imported by *.test.ts only). */
import { ALL_COMPARISONS } from './comparisons.ts';
import { initialM, termFrequencies } from './estimate.ts';
import type { MatchModel } from './model.ts';
import { prepareRecord } from './prepare.ts';
import { randomInt, seededRandom } from './random.ts';
import type { PersonRecord } from './record.ts';

/**
 * A hand-set model over every comparison: matches mostly agree, random pairs mostly
 * disagree; term frequencies from `records`.
 */
export function handModel(records: readonly PersonRecord[]): MatchModel {
  const prepared = records.map(prepareRecord);
  return {
    comparisons: ALL_COMPARISONS,
    m: ALL_COMPARISONS.map((c) => initialM(c.levels.length)),
    u: ALL_COMPARISONS.map((c) => {
      const n = c.levels.length;
      return Array.from({ length: n }, (_, l) => (l === n - 1 ? 1 - 0.02 * (n - 1) : 0.02));
    }),
    lambda: 1e-4,
    termFrequencies: termFrequencies(ALL_COMPARISONS, prepared),
  };
}

const FIRST = [
  'amy',
  'beth',
  'carl',
  'dan',
  'eve',
  'fred',
  'gail',
  'hugh',
  'ian',
  'jon',
  'kate',
  'liam',
  'mia',
  'ned',
  'olga',
  'pat',
  'ravi',
  'sara',
  'tom',
  'una',
];
const LAST = [
  'smith',
  'jones',
  'patel',
  'khan',
  'brown',
  'taylor',
  'wilson',
  'evans',
  'okafor',
  'nowak',
  'murphy',
  'hughes',
  'price',
  'ahmed',
  'clarke',
];
const POSTCODES = [
  'LS1 4AP',
  'LS6 2QT',
  'M1 1AE',
  'M14 5RB',
  'B15 2TT',
  'SW1A 2AA',
  'NE1 7RU',
  'CF10 3AT',
  'BS1 5TR',
  'L3 8EN',
];

/** A person and two agency records of them (the second with a few errors), from a seed. */
export function syntheticPeople(count: number, seed = 7): { records: PersonRecord[]; person: string[] } {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[randomInt(random, xs.length)] as T;
  const records: PersonRecord[] = [];
  const person: string[] = [];
  for (let p = 0; p < count; p++) {
    const first = pick(FIRST) + (p % 7 === 0 ? '' : pick(['', 'a', 'e', 'o', 'y', 'ie', 'n']));
    const surname = pick(LAST) + (p % 3 === 0 ? '' : pick(['', 's', 'er', 'ton', 'ley', 'son']));
    const dob = `${1950 + randomInt(random, 60)}-${String(1 + randomInt(random, 12)).padStart(2, '0')}-${String(1 + randomInt(random, 28)).padStart(2, '0')}`;
    const postcode = pick(POSTCODES);
    const sex = random() < 0.5 ? 'f' : 'm';
    records.push({ id: `a${p}`, firstName: first, surname, dob, postcode, sex });
    person.push(`p${p}`);
    const copy: PersonRecord = { id: `b${p}`, firstName: first, surname, dob, postcode, sex };
    const roll = random();
    if (roll < 0.15) copy.firstName = first.slice(0, -1) + 'x';
    else if (roll < 0.25) copy.dob = dob.slice(0, 8) + String((Number(dob.slice(8)) % 28) + 1).padStart(2, '0');
    else if (roll < 0.35) copy.postcode = null;
    records.push(copy);
    person.push(`p${p}`);
  }
  return { records, person };
}
