import { describe, expect, it } from 'vitest';
import { BLOCK_ON, DEFAULT_BLOCKING_RULES, forEachCandidatePair } from './blocking.ts';
import { prepareRecord } from './prepare.ts';

const people = [
  { id: '1', firstName: 'Jon', surname: 'Smith', dob: '1980-01-02', postcode: 'LS1 4AP' },
  { id: '2', firstName: 'Jonathan', surname: 'Smyth', dob: '1980-01-02', postcode: 'LS1 4AP' },
  { id: '3', firstName: 'Amy', surname: 'Khan', dob: '1975-05-05', postcode: 'M1 1AE' },
  { id: '4', firstName: 'Amy', surname: 'Khan', dob: null, postcode: null },
  { id: '5', firstName: 'Zed', surname: 'Nowak', dob: '2001-02-03', postcode: 'B15 2TT' },
].map(prepareRecord);

describe('forEachCandidatePair', () => {
  it('deduplication: pairs i < j, each pair once, across all rules', () => {
    const seen: string[] = [];
    forEachCandidatePair(people, null, DEFAULT_BLOCKING_RULES, (i, j) => seen.push(`${i}-${j}`));
    expect(new Set(seen).size).toBe(seen.length);
    for (const p of seen) {
      const [i, j] = p.split('-').map(Number) as [number, number];
      expect(i).toBeLessThan(j);
    }
    expect(seen).toContain('0-1'); // same date of birth
    expect(seen).toContain('2-3'); // same names, no date of birth
    expect(seen.some((p) => p.includes('4'))).toBe(false); // Zed Nowak shares nothing
  });

  it('linkage: pairs across the two lists only', () => {
    const seen: string[] = [];
    forEachCandidatePair(people.slice(0, 3), people.slice(3), DEFAULT_BLOCKING_RULES, (i, j) => seen.push(`${i}-${j}`));
    expect(seen).toEqual(['2-0']);
  });

  it('reports pairs per rule and skips oversized blocks', () => {
    const many = Array.from({ length: 30 }, (_, k) =>
      prepareRecord({ id: String(k), dob: '1980-01-01', firstName: `n${k}` }),
    );
    const stats = forEachCandidatePair(many, null, [BLOCK_ON.dob], () => {}, { maxBlockSize: 10 });
    expect(stats).toEqual([{ rule: 'date of birth', pairs: 0, skippedBlocks: 1 }]);
    const all = forEachCandidatePair(many, null, [BLOCK_ON.dob], () => {});
    expect(all[0]?.pairs).toBe((30 * 29) / 2);
  });
});
