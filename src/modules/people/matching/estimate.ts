import { forEachCandidatePair, type BlockingRule } from './blocking.ts';
import type { Comparison } from './comparisons.ts';
import type { PreparedRecord } from './prepare.ts';
import { randomInt, seededRandom } from './random.ts';

/**
 * The level of each comparison for each pair (`pairs` holds i, j, i, j...): pair k's level
 * of comparison c is at k * comparisons.length + c (-1: missing). May be worked out on
 * another thread (`ScoringSplit.levelsOf`), with the same result.
 */
export type LevelsOf = (pairs: Int32Array, comparisons: readonly Comparison[]) => Int8Array;

/** `LevelsOf` on this thread. */
export function localLevels(left: readonly PreparedRecord[], other: readonly PreparedRecord[]): LevelsOf {
  return (pairs, comparisons) => {
    const n = comparisons.length;
    const out = new Int8Array((pairs.length / 2) * n);
    for (let k = 0; 2 * k < pairs.length; k++) {
      const a = left[pairs[2 * k] as number] as PreparedRecord;
      const b = other[pairs[2 * k + 1] as number] as PreparedRecord;
      for (let c = 0; c < n; c++) out[k * n + c] = (comparisons[c] as Comparison).compare(a, b);
    }
    return out;
  };
}

/** Smallest probability any m or u may take, so that no level gives an infinite weight. */
const FLOOR = 1e-6;

function normalise(counts: readonly number[], pseudo: number): number[] {
  const total = counts.reduce((s, x) => s + x, 0) + pseudo * counts.length;
  return counts.map((x) => Math.max(FLOOR, (x + pseudo) / total));
}

/**
 * u probabilities from pairs drawn at random (almost all of them different people):
 * for each comparison, the share of random pairs at each level.
 */
export function estimateU(
  comparisons: readonly Comparison[],
  left: readonly PreparedRecord[],
  right: readonly PreparedRecord[] | null,
  options: { samplePairs?: number; seed?: number; levels?: LevelsOf } = {},
): number[][] {
  const random = seededRandom(options.seed ?? 1);
  const other = right ?? left;
  const possible = right === null ? (left.length * (left.length - 1)) / 2 : left.length * other.length;
  const samples = Math.min(options.samplePairs ?? 1_000_000, possible);
  const counts = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const pairs = new Int32Array(samples * 2);
  for (let s = 0; s < samples; s++) {
    const i = randomInt(random, left.length);
    let j = randomInt(random, other.length);
    if (right === null && j === i) j = (j + 1) % other.length;
    pairs[2 * s] = i;
    pairs[2 * s + 1] = j;
  }
  const levels = (options.levels ?? localLevels(left, other))(pairs, comparisons);
  const n = comparisons.length;
  for (let s = 0; s < samples; s++) {
    for (let c = 0; c < n; c++) {
      const l = levels[s * n + c] as number;
      if (l >= 0) (counts[c] as number[])[l]! += 1;
    }
  }
  // A weak prior (worth PRIOR_PAIRS random pairs) keeps tiny inputs sensible; with the
  // usual million sampled pairs it makes no difference.
  return counts.map((row) => {
    const prior = initialU(row.length);
    const total = row.reduce((s, x) => s + x, 0) + PRIOR_PAIRS;
    return row.map((x, l) => Math.max(FLOOR, (x + PRIOR_PAIRS * (prior[l] as number)) / total));
  });
}

const PRIOR_PAIRS = 200;

/** A prior guess for u: random pairs rarely agree. */
export function initialU(levels: number): number[] {
  if (levels <= 1) return [1];
  return Array.from({ length: levels }, (_, l) =>
    l === 0 ? 0.01 : l === levels - 1 ? 0.99 - 0.005 * (levels - 2) : 0.005,
  );
}

/** Share of records holding each value, for comparisons with a term-frequency value. */
export function termFrequencies(
  comparisons: readonly Comparison[],
  records: readonly PreparedRecord[],
): (Map<string, number> | null)[] {
  return comparisons.map((c) => {
    const valueOf = c.termFrequencyValue;
    if (!valueOf) return null;
    const counts = new Map<string, number>();
    let total = 0;
    for (const r of records) {
      const v = valueOf(r);
      if (v === null) continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      total++;
    }
    for (const [v, n] of counts) counts.set(v, n / total);
    return counts;
  });
}

/** A starting guess for m: most matches agree exactly, few disagree. */
export function initialM(levels: number): number[] {
  if (levels <= 1) return [1];
  const partial = levels - 2;
  return Array.from({ length: levels }, (_, l) => (l === 0 ? 0.8 : l === levels - 1 ? 0.05 : 0.15 / partial));
}

export interface TrainingSession {
  rule: string;
  pairs: number;
  lambda: number;
  iterations: number;
  estimated: string[];
}

export interface EstimateMOptions {
  /** Training pairs per rule beyond which pairs are sampled (default 1,000,000). */
  maxPairsPerRule?: number;
  maxIterations?: number;
  seed?: number;
  levels?: LevelsOf;
}

/**
 * m probabilities by expectation-maximisation over blocked pairs, with u held fixed.
 * Each training rule gives one EM session; the comparisons a rule forces to agree are left
 * out of its session (their m cannot be learnt from pairs chosen for agreeing on them).
 * Each m is the mean over the sessions that estimated it.
 */
export function estimateM(
  comparisons: readonly Comparison[],
  left: readonly PreparedRecord[],
  right: readonly PreparedRecord[] | null,
  rules: readonly BlockingRule[],
  u: readonly (readonly number[])[],
  options: EstimateMOptions = {},
): { m: number[][]; sessions: TrainingSession[] } {
  const sums = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const sessionsPerComparison = new Array<number>(comparisons.length).fill(0);
  const sessions: TrainingSession[] = [];
  const random = seededRandom(options.seed ?? 2);
  for (const rule of rules) {
    const active = comparisons
      .map((c, i) => i)
      .filter((i) => !(rule.fixes ?? []).includes((comparisons[i] as Comparison).name));
    if (active.length === 0) continue;
    const radix: number[] = [];
    let base = 1;
    for (const c of active) {
      radix.push(base);
      base *= (comparisons[c] as Comparison).levels.length + 1;
    }
    // Count comparison patterns: EM runs on the counts, not on the pairs.
    let total = 0;
    forEachCandidatePair(left, right, [rule], () => total++);
    const rate = Math.min(1, (options.maxPairsPerRule ?? 1_000_000) / Math.max(total, 1));
    // The sampled pairs first, then their levels (perhaps on two threads), then the patterns in order.
    let sampled = new Int32Array(1024);
    let pairs = 0;
    forEachCandidatePair(left, right, [rule], (i, j) => {
      if (rate < 1 && random() >= rate) return;
      if (2 * pairs === sampled.length) {
        const grown = new Int32Array(sampled.length * 2);
        grown.set(sampled);
        sampled = grown;
      }
      sampled[2 * pairs] = i;
      sampled[2 * pairs + 1] = j;
      pairs++;
    });
    const activeComparisons = active.map((c) => comparisons[c] as Comparison);
    const levels = (options.levels ?? localLevels(left, right ?? left))(
      sampled.subarray(0, 2 * pairs),
      activeComparisons,
    );
    const patterns = new Map<number, number>();
    for (let p = 0; p < pairs; p++) {
      let code = 0;
      for (let k = 0; k < active.length; k++)
        code += ((levels[p * active.length + k] as number) + 1) * (radix[k] as number);
      patterns.set(code, (patterns.get(code) ?? 0) + 1);
    }
    if (pairs < 50) continue;
    const decoded = [...patterns].map(([code, count]) => ({
      count,
      levels: active.map(
        (_, k) =>
          (Math.floor(code / (radix[k] as number)) %
            ((comparisons[active[k] as number] as Comparison).levels.length + 1)) -
          1,
      ),
    }));
    const m = active.map((c) => initialM((comparisons[c] as Comparison).levels.length));
    const logU = active.map((c) => (u[c] as number[]).map(Math.log));
    let lambda = 0.5;
    let iterations = 0;
    for (; iterations < (options.maxIterations ?? 50); iterations++) {
      const logM = m.map((row) => row.map(Math.log));
      const acc = active.map((c) => new Array<number>((comparisons[c] as Comparison).levels.length).fill(0));
      let matchTotal = 0;
      for (const { count, levels } of decoded) {
        let lm = Math.log(lambda);
        let lu = Math.log(1 - lambda);
        for (let k = 0; k < levels.length; k++) {
          const l = levels[k] as number;
          if (l < 0) continue;
          lm += (logM[k] as number[])[l] as number;
          lu += (logU[k] as number[])[l] as number;
        }
        const p = 1 / (1 + Math.exp(lu - lm));
        const w = p * count;
        matchTotal += w;
        for (let k = 0; k < levels.length; k++) {
          const l = levels[k] as number;
          if (l >= 0) (acc[k] as number[])[l]! += w;
        }
      }
      let change = Math.abs(matchTotal / pairs - lambda);
      lambda = Math.min(1 - 1e-9, Math.max(1e-9, matchTotal / pairs));
      for (let k = 0; k < active.length; k++) {
        const next = normalise(acc[k] as number[], 1e-3);
        next.forEach((v, l) => (change = Math.max(change, Math.abs(v - ((m[k] as number[])[l] as number)))));
        m[k] = next;
      }
      if (change < 1e-5) break;
    }
    active.forEach((c, k) => {
      (m[k] as number[]).forEach((v, l) => ((sums[c] as number[])[l]! += v));
      sessionsPerComparison[c]! += 1;
    });
    sessions.push({
      rule: rule.name,
      pairs,
      lambda,
      iterations,
      estimated: active.map((c) => (comparisons[c] as Comparison).name),
    });
  }
  const m = comparisons.map((c, i) => {
    const n = sessionsPerComparison[i] as number;
    return n === 0 ? initialM(c.levels.length) : (sums[i] as number[]).map((s) => s / n);
  });
  return { m, sessions };
}

/**
 * The chance that two records drawn at random are one person, by EM on the candidate
 * pairs' evidence (log2 Bayes factors) with m and u fixed. Pairs outside the candidates
 * are taken as non-matches.
 */
export function estimateLambda(evidence: ArrayLike<number>, totalPairs: number, iterations = 100): number {
  let lambda = 1e-4;
  const ratios = Float64Array.from({ length: evidence.length }, (_, i) => Math.pow(2, -(evidence[i] as number)));
  for (let it = 0; it < iterations; it++) {
    const odds = (1 - lambda) / lambda;
    let expected = 0;
    for (let i = 0; i < ratios.length; i++) expected += 1 / (1 + odds * (ratios[i] as number));
    const next = Math.min(0.5, Math.max(1 / (totalPairs * 10), expected / totalPairs));
    if (Math.abs(next - lambda) < lambda * 1e-6) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return lambda;
}
