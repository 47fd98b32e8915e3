/** Pairwise quality measures against known truth (evaluation only; never used by the model). */
export interface Metrics {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

function metrics(predicted: number, truePositives: number, actual: number): Metrics {
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = actual === 0 ? 1 : truePositives / actual;
  return {
    truePositives,
    falsePositives: predicted - truePositives,
    falseNegatives: actual - truePositives,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/**
 * Pairwise precision, recall and F1 of a clustering. `truth[i]` names the person record i
 * belongs to (null: unknown, counted as a person of its own). With `side` (0 = left,
 * 1 = right) only left-right pairs count, as in linkage; without it every pair counts, as
 * in deduplication.
 */
export function evaluateClusters(
  clusterOf: ArrayLike<number>,
  truth: readonly (string | null)[],
  side: ArrayLike<number> | null = null,
): Metrics {
  const pairsIn = (counts: Map<string | number, [number, number]>): number => {
    let total = 0;
    for (const [l, r] of counts.values()) total += side === null ? (l * (l - 1)) / 2 : l * r;
    return total;
  };
  const byCluster = new Map<string | number, [number, number]>();
  const byTruth = new Map<string | number, [number, number]>();
  const byBoth = new Map<string | number, [number, number]>();
  const bump = (map: Map<string | number, [number, number]>, key: string | number, s: number): void => {
    const entry = map.get(key) ?? map.set(key, [0, 0]).get(key)!;
    entry[s as 0 | 1] += 1;
  };
  for (let i = 0; i < truth.length; i++) {
    const s = side === null ? 0 : (side[i] as number);
    const t = truth[i] ?? `\u0000${i}`;
    const c = clusterOf[i] as number;
    bump(byCluster, c, s);
    bump(byTruth, t, s);
    bump(byBoth, `${c}\u0001${t}`, s);
  }
  return metrics(pairsIn(byCluster), pairsIn(byBoth), pairsIn(byTruth));
}

/** Pairwise measures of a list of predicted pairs (record indices into `truth`). */
export function evaluatePairs(
  pairs: Iterable<readonly [number, number]>,
  truth: readonly (string | null)[],
  side: ArrayLike<number> | null = null,
): Metrics {
  let predicted = 0;
  let tp = 0;
  const seen = new Set<string>();
  for (const [a, b] of pairs) {
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    predicted++;
    if (truth[a] != null && truth[a] === truth[b]) tp++;
  }
  const counts = new Map<string, [number, number]>();
  truth.forEach((t, i) => {
    if (t == null) return;
    const e = counts.get(t) ?? counts.set(t, [0, 0]).get(t)!;
    e[(side === null ? 0 : side[i]) as 0 | 1] += 1;
  });
  let actual = 0;
  for (const [l, r] of counts.values()) actual += side === null ? (l * (l - 1)) / 2 : l * r;
  return metrics(predicted, tp, actual);
}
