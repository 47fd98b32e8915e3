import type { Comparison } from './comparisons.ts';
import { computeWeights, levelWeight, scorePair, type MatchModel } from './model.ts';
import { guardIndex, pairGuard } from './guards.ts';
import { prepareRecord, type PreparedRecord } from './prepare.ts';
import type { PersonRecord } from './record.ts';
import { decide, DEFAULT_THRESHOLDS, holdReason, type Decision, type Thresholds } from './thresholds.ts';

export interface PairExplanation {
  weight: number;
  probability: number;
  decision: Decision;
  namesConflict: boolean;
  /** Same address or postcode unit, dates of birth not agreeing. */
  household: boolean;
  /** Why a pair scored at or above the link bound is not linked automatically (null if it is, or scores lower). */
  reason: string | null;
  /** The prior (bits): the chance two records drawn at random are one person. */
  prior: number;
  /** Per comparison: the level reached (null = a value missing) and its weight in bits. */
  comparisons: { name: string; level: string | null; weight: number }[];
}

/**
 * Score two records with a fitted model and say why: the level and weight of each
 * comparison, so that a practitioner reviewing a suggested match sees the evidence.
 */
export function explainPair(
  model: MatchModel,
  a: PersonRecord | PreparedRecord,
  b: PersonRecord | PreparedRecord,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): PairExplanation {
  const pa = 'tokens' in a ? (a as PreparedRecord) : prepareRecord(a);
  const pb = 'tokens' in b ? (b as PreparedRecord) : prepareRecord(b);
  const weights = computeWeights(model);
  const score = scorePair(model, pa, pb, weights);
  const guard = pairGuard(pa, pb, model.comparisons, guardIndex(model.comparisons), score.levels);
  const comparisons = model.comparisons.map((c: Comparison, i) => {
    const l = score.levels[i] as number;
    return {
      name: c.name,
      level: l < 0 ? null : (c.levels[l] as string),
      weight: levelWeight(model, weights, i, l, pa),
    };
  });
  return {
    weight: score.weight,
    probability: score.probability,
    decision: decide(score.probability, thresholds, guard),
    namesConflict: guard.namesConflict,
    household: guard.household === true,
    reason: score.probability >= thresholds.link ? holdReason(guard) : null,
    prior: weights.priorWeight,
    comparisons,
  };
}
