import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterPairs, UnionFind } from './cluster.ts';

describe('UnionFind', () => {
  it('joins sets', () => {
    const u = new UnionFind(5);
    u.union(0, 1);
    u.union(3, 4);
    expect(u.find(0)).toBe(u.find(1));
    expect(u.find(3)).toBe(u.find(4));
    expect(u.find(0)).not.toBe(u.find(3));
    u.union(1, 4);
    expect(u.find(0)).toBe(u.find(3));
  });
});

describe('clusterPairs', () => {
  it('makes connected components numbered by their smallest record', () => {
    expect([
      ...clusterPairs(6, [
        [4, 5],
        [1, 2],
        [2, 3],
      ]),
    ]).toEqual([0, 1, 1, 1, 4, 4]);
  });

  it('refuses a join that would put a cannot-link pair in one cluster', () => {
    // 0 and 2 are twins; 1 is a vague record that links to both.
    const clusters = clusterPairs(
      3,
      [
        [0, 1],
        [1, 2],
      ],
      [[0, 2]],
    );
    expect(clusters[0]).toBe(clusters[1]);
    expect(clusters[2]).not.toBe(clusters[0]);
  });

  it('checks constraints between whole clusters, not just the pair being joined', () => {
    const clusters = clusterPairs(
      6,
      [
        [0, 1],
        [2, 3],
        [4, 5],
        [1, 2],
        [3, 4],
      ],
      [[0, 5]],
    );
    expect(clusters[0]).toBe(clusters[3]);
    expect(clusters[5]).not.toBe(clusters[0]);
    expect(clusters[4]).toBe(clusters[5]);
  });

  it('never puts a cannot-link pair in one cluster, whatever the links and their order (property)', () => {
    const n = 8;
    const pair = fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 16 }), fc.array(pair, { maxLength: 6 }), (links, cannot) => {
        const clusters = clusterPairs(n, links, cannot);
        for (const [a, b] of cannot) if (a !== b) expect(clusters[a], `${a}-${b}`).not.toBe(clusters[b]);
        // Every link is honoured unless honouring it would break a constraint: with no constraints, components.
        if (cannot.length === 0) for (const [a, b] of links) expect(clusters[a]).toBe(clusters[b]);
      }),
      { numRuns: 500 },
    );
  });
});
