/** Union-find (disjoint sets) with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x] as number] as number;
      x = p[x] as number;
    }
    return x;
  }

  /** Join the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number);
    return ra;
  }
}

/**
 * Connected components of accepted pairs, for deduplication: records joined by a chain of
 * links form one cluster. `links` should come strongest first. Two clusters are not joined
 * when that would put together a pair listed in `cannotLink` (twins must not be merged
 * through a third, vaguer record). Returns a cluster number per record (the smallest
 * record index in the cluster).
 */
export function clusterPairs(
  n: number,
  links: Iterable<readonly [number, number]>,
  cannotLink: Iterable<readonly [number, number]> = [],
): Int32Array {
  const sets = new UnionFind(n);
  const forbidden = new Map<number, number[]>();
  for (const [a, b] of cannotLink) {
    if (a === b) continue;
    (forbidden.get(a) ?? forbidden.set(a, []).get(a)!).push(b);
    (forbidden.get(b) ?? forbidden.set(b, []).get(b)!).push(a);
  }
  for (const [a, b] of links) {
    const ra = sets.find(a);
    const rb = sets.find(b);
    if (ra === rb) continue;
    const fa = forbidden.get(ra);
    const fb = forbidden.get(rb);
    const [small, otherRoot] = (fa?.length ?? 0) <= (fb?.length ?? 0) ? [fa, rb] : [fb, ra];
    if (small && small.some((x) => sets.find(x) === otherRoot)) continue;
    const root = sets.union(ra, rb);
    if (fa || fb) {
      const [larger, smaller] = (fa?.length ?? 0) >= (fb?.length ?? 0) ? [fa ?? [], fb ?? []] : [fb ?? [], fa ?? []];
      for (const x of smaller) larger.push(x);
      forbidden.delete(ra);
      forbidden.delete(rb);
      forbidden.set(root, larger);
    }
  }
  const smallest = new Int32Array(n).fill(-1);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = sets.find(i);
    if (smallest[r] === -1) smallest[r] = i;
    out[i] = smallest[r] as number;
  }
  return out;
}
