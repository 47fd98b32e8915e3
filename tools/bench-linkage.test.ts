import { afterEach, describe, expect, it } from 'vitest';
import { linkageDataDir, syntheticLinkage, toMarkdown } from './bench-linkage.ts';

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

  it('prints a Markdown table', () => {
    const md = toMarkdown([{ dataset: 'x', records: 25000, precision: 0.99, recall: 0.98, f1: 0.985, seconds: 12.34, review: 1234, guarded: 56 }]);
    expect(md.split('\n')).toEqual([
      '| dataset | records | precision | recall | F1 | seconds | pairs for review | held apart by the guard |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      '| x | 25,000 | 0.9900 | 0.9800 | 0.9850 | 12.3 | 1,234 | 56 |',
    ]);
  });
});
