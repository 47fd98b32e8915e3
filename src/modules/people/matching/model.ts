import type { Comparison } from './comparisons.ts';
import type { PreparedRecord } from './prepare.ts';

/**
 * A fitted Fellegi-Sunter model. For comparison c and level l, m[c][l] is the chance of
 * that level when the two records are one person, u[c][l] when they are not; lambda is
 * the chance that two records drawn at random are one person. Term frequencies (value ->
 * share of records) adjust the weight of exact agreement on comparisons that have them.
 */
export interface MatchModel {
  comparisons: readonly Comparison[];
  m: number[][];
  u: number[][];
  lambda: number;
  termFrequencies: (ReadonlyMap<string, number> | null)[];
}

/** Per-level match weights log2(m/u), made monotone: disagreement never counts for a match. */
export interface Weights {
  level: Float64Array[];
  priorWeight: number;
  /** Per comparison: log2 m of exact agreement, and the floor of a term-frequency weight. */
  log2MExact: Float64Array;
  tfFloor: Float64Array;
}

/**
 * Largest penalty (bits) for disagreeing on where a person lives. People move, most of all
 * when fleeing abuse: a new address is weak evidence of a different person, and a fitted
 * u near 1 with m near 0 would otherwise cost up to 20 bits and make movers unlinkable.
 */
export const PENALTY_BOUNDS: Readonly<Record<string, number>> = Object.freeze({ place: 3, address: 2 });

export function computeWeights(model: MatchModel, options: { boundPenalties?: boolean } = {}): Weights {
  const bound = options.boundPenalties !== false;
  const level = model.comparisons.map((comparison, c) => {
    const m = model.m[c] as number[];
    const u = model.u[c] as number[];
    const w = Float64Array.from(m, (mi, l) => Math.log2(mi / (u[l] as number)));
    const last = w.length - 1;
    // Disagreement is never evidence for a match, and no partial agreement counts for less
    // than disagreement (a level never seen among matches would otherwise look worse).
    w[last] = Math.min(w[last] as number, 0);
    const limit = bound ? PENALTY_BOUNDS[comparison.name] : undefined;
    if (limit !== undefined) for (let l = 0; l < w.length; l++) w[l] = Math.max(w[l] as number, -limit);
    for (let l = 0; l < last; l++) w[l] = Math.max(w[l] as number, w[last] as number);
    return w;
  });
  const log2MExact = Float64Array.from(model.m, (m) => Math.log2(m[0] as number));
  const tfFloor = Float64Array.from(level, (w) => {
    let floor = 0;
    for (let l = 1; l < w.length - 1; l++) floor = Math.max(floor, w[l] as number);
    return floor;
  });
  return { level, priorWeight: Math.log2(model.lambda / (1 - model.lambda)), log2MExact, tfFloor };
}

/**
 * Weight of exact agreement on a value with the given term frequency: log2(m_exact / tf),
 * never below the weight of any partial agreement level of the same comparison.
 */
export function termFrequencyWeight(weights: Weights, c: number, frequency: number): number {
  return Math.max((weights.log2MExact[c] as number) - Math.log2(frequency), weights.tfFloor[c] as number);
}

export interface PairScore {
  /** Level index per comparison (-1 = missing). */
  levels: number[];
  /** Bayes factor in bits, before the prior. */
  evidence: number;
  /** evidence + prior: the Fellegi-Sunter match weight. */
  weight: number;
  probability: number;
}

/** Convert a match weight (log2 odds) to a probability. */
export function weightToProbability(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

/**
 * Weight in bits of comparison c at level l for a pair whose first record is `a`; exact
 * agreement on a comparison with term frequencies is weighted by the value's frequency.
 */
export function levelWeight(model: MatchModel, weights: Weights, c: number, l: number, a: PreparedRecord): number {
  if (l < 0) return 0;
  if (l === 0) {
    const tf = model.termFrequencies[c];
    const valueOf = model.comparisons[c]?.termFrequencyValue;
    if (tf && valueOf) {
      const value = valueOf(a);
      const frequency = value === null ? undefined : tf.get(value);
      if (frequency !== undefined) return termFrequencyWeight(weights, c, frequency);
    }
  }
  return (weights.level[c] as Float64Array)[l] as number;
}

/** Evidence (log2 Bayes factor) of a pair: the sum of its comparison weights. */
export function pairEvidence(
  model: MatchModel,
  weights: Weights,
  a: PreparedRecord,
  b: PreparedRecord,
  levelsOut?: number[],
): number {
  let evidence = 0;
  const comparisons = model.comparisons;
  for (let c = 0; c < comparisons.length; c++) {
    const l = (comparisons[c] as Comparison).compare(a, b);
    if (levelsOut) levelsOut[c] = l;
    if (l >= 0) evidence += levelWeight(model, weights, c, l, a);
  }
  return evidence;
}

/** Score one pair of prepared records. Symmetric: scorePair(a, b) equals scorePair(b, a). */
export function scorePair(
  model: MatchModel,
  a: PreparedRecord,
  b: PreparedRecord,
  weights = computeWeights(model),
): PairScore {
  const levels = new Array<number>(model.comparisons.length).fill(-1);
  const evidence = pairEvidence(model, weights, a, b, levels);
  const weight = evidence + weights.priorWeight;
  return { levels, evidence, weight, probability: weightToProbability(weight) };
}
