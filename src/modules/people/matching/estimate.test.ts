import { describe, expect, it } from 'vitest';
import { BLOCK_ON } from './blocking.ts';
import { dobComparison, firstNameComparison, placeComparison, surnameComparison } from './comparisons.ts';
import { estimateLambda, estimateM, estimateU, termFrequencies } from './estimate.ts';
import { prepareRecord } from './prepare.ts';
import { syntheticPeople } from './test-fixtures.ts';

const { records } = syntheticPeople(400, 11);
const prepared = records.map(prepareRecord);
const comparisons = [firstNameComparison, surnameComparison, dobComparison, placeComparison];

describe('estimateU', () => {
  it('gives probabilities that sum to one, mostly disagreement, and is repeatable', () => {
    const u = estimateU(comparisons, prepared, null, { samplePairs: 20_000, seed: 3 });
    for (const row of u) {
      expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
      expect(row[row.length - 1]).toBeGreaterThan(0.5);
      for (const x of row) expect(x).toBeGreaterThan(0);
    }
    expect(estimateU(comparisons, prepared, null, { samplePairs: 20_000, seed: 3 })).toEqual(u);
  });
});

describe('estimateM', () => {
  it('learns from blocked pairs that matches mostly agree', () => {
    const u = estimateU(comparisons, prepared, null, { samplePairs: 20_000 });
    const { m, sessions } = estimateM(comparisons, prepared, null, [BLOCK_ON.dob, BLOCK_ON.fullNameExact], u);
    expect(sessions.map((s) => s.rule)).toEqual(['date of birth', 'first name + surname']);
    // dob is estimated only by the names session, names only by the dob session
    expect(sessions[0]?.estimated).not.toContain('dob');
    expect(sessions[1]?.estimated).not.toContain('firstName');
    for (const row of m) expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    const exactFirst = m[0]?.[0] as number;
    const exactDob = m[2]?.[0] as number;
    expect(exactFirst).toBeGreaterThan(0.6);
    expect(exactDob).toBeGreaterThan(0.6);
    expect(m[0]?.at(-1) as number).toBeLessThan(0.2);
  });
});

describe('termFrequencies', () => {
  it('gives a common surname a larger share than a rare one', () => {
    const tf = termFrequencies(
      [surnameComparison],
      [
        ...Array.from({ length: 9 }, (_, k) => prepareRecord({ id: `s${k}`, surname: 'Smith' })),
        prepareRecord({ id: 'r', surname: 'Okonkwo' }),
      ],
    )[0];
    expect(tf?.get('smith')).toBeCloseTo(0.9);
    expect(tf?.get('okonkwo')).toBeCloseTo(0.1);
  });
});

describe('estimateLambda', () => {
  it('finds the share of matches among all pairs', () => {
    // 100 pairs with overwhelming evidence among 1,000,000 pairs: lambda about 1e-4
    const lambda = estimateLambda(new Array(100).fill(40), 1_000_000);
    expect(lambda).toBeGreaterThan(0.9e-4);
    expect(lambda).toBeLessThan(1.1e-4);
  });
});
