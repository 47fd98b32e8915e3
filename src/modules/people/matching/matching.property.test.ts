import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_COMPARISONS, type Comparison } from './comparisons.ts';
import { computeWeights, PENALTY_BOUNDS, scorePair } from './model.ts';
import { guardIndex, pairGuard } from './guards.ts';
import { firstNamesConflict } from './names.ts';
import { prepareRecord } from './prepare.ts';
import type { PersonRecord } from './record.ts';
import { handModel, syntheticPeople } from './test-fixtures.ts';

// Small alphabets so that random records often agree, partly agree or are nicknames.
const name = fc.constantFrom(
  'sam',
  'samuel',
  'smith',
  'smyth',
  'jon',
  'jonathan',
  'john',
  'j',
  'amy',
  'ann',
  'anne',
  'bill',
  'william',
  'lee',
  'leigh',
);
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 });
const dob = fc.constantFrom('1980-01-02', '1980-02-01', '1981-01-02', '1980-01-03', '1979-12-30', '2001-07-07');
const postcode = fc.constantFrom('LS1 4AP', 'LS1 4AQ', 'LS1 5AA', 'LS6 1AA', 'M1 1AE', '2119');
const record: fc.Arbitrary<PersonRecord> = fc.record({
  id: fc.constant('x'),
  firstName: optional(name),
  middleNames: optional(name),
  surname: optional(name),
  dob: optional(dob),
  sex: optional(fc.constantFrom('m', 'f')),
  postcode: optional(postcode),
  town: optional(fc.constantFrom('leeds', 'leds', 'york')),
  email: optional(fc.constantFrom('a@x.org', 'a@y.org', 'ab@x.org')),
  nhsNumber: optional(fc.constantFrom('9434765919', '4010232137')),
  pncId: optional(fc.constantFrom('12/34567E', '2012/0034567E', '13/1Z')),
  otherId: optional(fc.constantFrom('1234567', '1234576', '7654321')),
});

const background = syntheticPeople(200).records;
const model = handModel(background);
const weights = computeWeights(model);
const score = (a: PersonRecord, b: PersonRecord) => scorePair(model, prepareRecord(a), prepareRecord(b), weights);

describe('matching is symmetric', () => {
  it('score(a, b) equals score(b, a)', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        const ab = score(a, b);
        const ba = score(b, a);
        expect(ab.levels).toEqual(ba.levels);
        expect(ab.weight).toBe(ba.weight);
        expect(ab.probability).toBe(ba.probability);
        expect(firstNamesConflict(prepareRecord(a), prepareRecord(b))).toBe(
          firstNamesConflict(prepareRecord(b), prepareRecord(a)),
        );
      }),
      { numRuns: 400 },
    );
  });
});

/** Fields, and a value guaranteed to disagree with anything the generators produce. */
const DISAGREE: Record<string, Partial<PersonRecord>> = {
  firstName: { firstName: 'zebedee' },
  surname: { surname: 'quixote' },
  dob: { dob: '1901-10-20' },
  place: { postcode: 'ZE1 0AA', town: 'lerwick' },
  sex: {},
  email: { email: 'zz@qq.net' },
  nhsNumber: { nhsNumber: '4010232137' },
  pncId: { pncId: '13/1Z' },
  otherId: { otherId: '9999999' },
};

describe('a disagreeing field never raises the weight', () => {
  it('holds for every comparison', () => {
    const byName = new Map(ALL_COMPARISONS.map((c, i) => [c.name, i] as const));
    fc.assert(
      fc.property(record, record, fc.constantFrom(...Object.keys(DISAGREE)), (a, b, field) => {
        let change: Partial<PersonRecord> = DISAGREE[field] ?? {};
        if (field === 'sex') change = { sex: a.sex === 'm' ? 'f' : 'm' };
        if (field === 'nhsNumber' && a.nhsNumber === '4010232137') change = { nhsNumber: '9434765919' };
        if (field === 'pncId' && a.pncId === '13/1Z') change = { pncId: '12/34567E' };
        const changed = { ...b, ...change };
        const c = byName.get(field) as number;
        const level = (ALL_COMPARISONS[c] as Comparison).compare(prepareRecord(a), prepareRecord(changed));
        fc.pre(level === -1 || level === (ALL_COMPARISONS[c] as Comparison).levels.length - 1);
        expect(score(a, changed).weight).toBeLessThanOrEqual(score(a, b).weight + 1e-9);
      }),
      { numRuns: 600 },
    );
  });

  it('disagreement weighs no more than a missing value or any agreement level', () => {
    for (const w of weights.level) {
      const last = w[w.length - 1] as number;
      expect(last).toBeLessThanOrEqual(0);
      for (const x of w) expect(x).toBeGreaterThanOrEqual(last);
    }
  });
});

describe('the guards', () => {
  const guardOf = (a: PersonRecord, b: PersonRecord) => {
    const model = handModel(background);
    const pa = prepareRecord(a);
    const pb = prepareRecord(b);
    const score = scorePair(model, pa, pb);
    return pairGuard(pa, pb, model.comparisons, guardIndex(model.comparisons), score.levels);
  };
  it('are symmetric: guard(a, b) equals guard(b, a)', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        expect(guardOf(a, b)).toEqual(guardOf(b, a));
      }),
      { numRuns: 300 },
    );
  });
  it('a bounded penalty: disagreeing on address or postcode never costs more than its bound', () => {
    const weights = computeWeights(handModel(background));
    ALL_COMPARISONS.forEach((c, i) => {
      const bound = PENALTY_BOUNDS[c.name];
      if (bound !== undefined)
        for (const w of weights.level[i] as Float64Array) expect(w).toBeGreaterThanOrEqual(-bound);
    });
  });
});
