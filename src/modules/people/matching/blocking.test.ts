import { describe, expect, it } from 'vitest';
import {
  BLOCK_ON,
  DEFAULT_BLOCKING_RULES,
  forEachCandidatePair,
  IntPairNumbers,
  type BlockingRule,
} from './blocking.ts';
import { prepareRecord } from './prepare.ts';
import { syntheticPeople } from './test-fixtures.ts';

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
    // Over the limit the block is split by its sub-keys first; all thirty share them, so it is skipped.
    expect(stats).toEqual([{ rule: 'date of birth', pairs: 0, skippedBlocks: 1, splitBlocks: 1 }]);
    const all = forEachCandidatePair(many, null, [BLOCK_ON.dob], () => {});
    expect(all[0]?.pairs).toBe((30 * 29) / 2);
  });

  it('splits a block over the sub-block size by its sub-keys: pairs that share any one are compared, once', () => {
    const letters = 'abcdefghij';
    // 40 people born on one day: given names aname..jname, surnames XU and YO alternating.
    const many = Array.from({ length: 40 }, (_, k) =>
      prepareRecord({
        id: String(k),
        dob: '1980-01-01',
        firstName: `${letters[k % 10]}name`,
        surname: k % 2 ? 'xu' : 'yo',
      }),
    );
    const seen: [number, number][] = [];
    const [stats] = forEachCandidatePair(many, null, [BLOCK_ON.dob], (i, j) => seen.push([i, j]), {
      subBlockAbove: 20,
    });
    // The date-of-birth rule's sub-keys: surname sound, given-name sound, postcode district.
    const shares = (i: number, j: number): boolean =>
      many[i]!.surnamePhonetic === many[j]!.surnamePhonetic || many[i]!.firstPhonetic === many[j]!.firstPhonetic;
    expect(new Set(many.map((r) => r.firstPhonetic)).size).toBeGreaterThan(5);
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) for (let j = i + 1; j < 40; j++) if (shares(i, j)) expected.push(`${i}-${j}`);
    expect(seen.map(([i, j]) => `${i}-${j}`).sort()).toEqual(expected.sort());
    expect(stats).toMatchObject({ splitBlocks: 1, pairs: expected.length });
    // Without splitting, the same block is compared whole.
    const [whole] = forEachCandidatePair(many, null, [BLOCK_ON.dob], () => {});
    expect(whole?.pairs).toBe((40 * 39) / 2);
  });

  it('a pair in a block one rule skips is still found by a later rule', () => {
    const many = Array.from({ length: 12 }, (_, k) =>
      prepareRecord({ id: String(k), dob: '1980-01-01', firstName: 'ann', surname: k < 2 ? 'rare' : `s${k}` }),
    );
    const seen: string[] = [];
    forEachCandidatePair(many, null, [BLOCK_ON.dob, BLOCK_ON.fullNameExact], (i, j) => seen.push(`${i}-${j}`), {
      maxBlockSize: 5,
    });
    expect(seen).toEqual(['0-1']);
  });

  it('time grows linearly: with sub-blocking, ten times the records give about ten times the pairs', () => {
    const make = (n: number) =>
      Array.from({ length: n }, (_, k) =>
        prepareRecord({
          id: String(k),
          dob: `19${50 + (k % 40)}-0${1 + (k % 9)}-1${k % 10}`,
          firstName: `f${k % 97}`,
          surname: `s${k % 89}`,
          postcode: `LS${k % 7} 1AA`,
        }),
      );
    const count = (n: number): number => {
      let pairs = 0;
      forEachCandidatePair(make(n), null, DEFAULT_BLOCKING_RULES, () => pairs++, { subBlockAbove: 32 });
      return pairs;
    };
    const small = count(2_000);
    const large = count(20_000);
    expect(large / small).toBeLessThan(15);
  });

  it('keys numbered from their fields give the very pairs, in the same order, as the key strings', () => {
    const records = syntheticPeople(3000).records.map(prepareRecord);
    const asStrings: BlockingRule[] = DEFAULT_BLOCKING_RULES.map(({ parts: _, ...rule }) => rule);
    const run = (rules: readonly BlockingRule[], l: typeof records, r: typeof records | null) => {
      const seen: number[] = [];
      const stats = forEachCandidatePair(l, r, rules, (i, j) => seen.push(i, j), { subBlockAbove: 4 });
      return { seen, stats };
    };
    const dedup = run(DEFAULT_BLOCKING_RULES, records, null);
    expect(dedup.seen.length).toBeGreaterThan(1000);
    expect(dedup).toEqual(run(asStrings, records, null));
    const [l, r] = [records.slice(0, 1800), records.slice(1800)];
    expect(run(DEFAULT_BLOCKING_RULES, l, r)).toEqual(run(asStrings, l, r));
  });
});

describe('IntPairNumbers', () => {
  it('numbers pairs in the order first seen, through growing', () => {
    const ids = new IntPairNumbers();
    for (let k = 0; k < 10_000; k++) expect(ids.numberOf(k % 100, Math.floor(k / 100))).toBe(k);
    expect(ids.numberOf(5, 0)).toBe(5);
    expect(ids.get(99, 99)).toBe(9999);
    expect(ids.get(100, 0)).toBe(-1);
    expect(ids.size).toBe(10_000);
  });
});
