import { afterEach, describe, expect, it } from 'vitest';
import { linkageDataDir, syntheticLinkage, toMarkdown } from './bench-linkage.ts';
import { relation, syntheticHouseholds } from './synthetic/households.ts';

const source = Array.from({ length: 200 }, (_, k) => ({
  first_name: ['anne', 'robert', 'samuel', 'mary', 'sir', 'william'][k % 6] as string,
  surname: ['smith', 'okafor', 'nowak', 'brown', 'patel'][k % 5] as string,
  gender: k % 2 === 0 ? 'female' : 'male',
  postcode_fake: ['ls1 4ap', 'm1 1ae', 'b15 2tt', 'not a postcode'][k % 4] as string,
}));

describe('syntheticLinkage', () => {
  it('is deterministic for a seed and has the requested sizes', () => {
    const a = syntheticLinkage(source, 300, 9);
    const b = syntheticLinkage(source, 300, 9);
    expect(a).toEqual(b);
    expect(a.left).toHaveLength(300);
    expect(a.right).toHaveLength(300);
    expect(syntheticLinkage(source, 300, 10)).not.toEqual(a);
  });

  it('records most left people again on the right, and never uses titles as names', () => {
    const { left, right } = syntheticLinkage(source, 500, 1);
    const people = new Set(left.map((r) => r.person));
    const shared = right.filter((r) => people.has(r.person)).length;
    expect(shared).toBeGreaterThan(350);
    expect(shared).toBeLessThan(450);
    expect(left.some((r) => r.first_name === 'sir')).toBe(false);
    expect(left.every((r) => r.postcode !== 'not a postcode')).toBe(true);
  });
});

describe('benchmark plumbing', () => {
  const saved = process.env.LINKAGE_DATA_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.LINKAGE_DATA_DIR;
    else process.env.LINKAGE_DATA_DIR = saved;
  });

  it('takes the data directory from LINKAGE_DATA_DIR, else ../shared/data/linkage', () => {
    process.env.LINKAGE_DATA_DIR = '/tmp/somewhere';
    expect(linkageDataDir()).toBe('/tmp/somewhere');
    delete process.env.LINKAGE_DATA_DIR;
    expect(linkageDataDir()).toMatch(/shared\/data\/linkage$/);
  });

  it('prints a Markdown table with the baseline beside ours', () => {
    const q = {
      precision: 0.99,
      recall: 0.98,
      f1: 0.985,
      linkPrecision: 0.999,
      seconds: 12.34,
      twinsLinked: 0,
      parentChildLinked: 1,
    };
    const md = toMarkdown([
      { dataset: 'x', records: 25000, ...q, review: 1234, guarded: 56, baseline: { ...q, f1: 0.9, twinsLinked: 7 } },
    ]);
    expect(md.split('\n')[2]).toBe(
      '| x | 25,000 | 0.9850 | 0.9000 | 0.9990 | 0.9990 | 0.9800 | 0 / 1 | 7 / 1 | 12.3 | 1,234 | 56 |',
    );
  });
});

describe('syntheticHouseholds', () => {
  const pools = {
    female: ['anne', 'mary', 'grace', 'hope', 'samantha'],
    male: ['robert', 'samuel', 'luke', 'tom'],
    surnames: ['smith', 'okafor', 'nowak', 'brown', 'patel'],
  };
  it('is deterministic, with families, twins and their truth', () => {
    const a = syntheticHouseholds(pools, 300, 3);
    expect(syntheticHouseholds(pools, 300, 3)).toEqual(a);
    const people = new Set(a.map((r) => r.person));
    expect(a.length).toBeGreaterThan(people.size);
    expect(a.some((r) => r.twins !== null)).toBe(true);
    expect(a.some((r) => r.role === 'child')).toBe(true);
    const twinRows = a.filter((r) => r.twins !== null);
    const pair = twinRows.find((r) => twinRows.some((s) => s.twins === r.twins && s.person !== r.person));
    expect(pair).toBeDefined();
    const other = twinRows.find((s) => s.twins === pair!.twins && s.person !== pair!.person)!;
    expect(relation(pair!, other)).toBe('twins');
  });
});
