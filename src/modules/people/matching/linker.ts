import {
  DEFAULT_BLOCKING_RULES,
  DEFAULT_TRAINING_RULES,
  forEachCandidatePair,
  type BlockingRule,
  type BlockingStats,
} from './blocking.ts';
import { availableParallelism, loadavg } from 'node:os';
import { ALL_COMPARISONS, selectComparisons, type Comparison } from './comparisons.ts';
import { clusterPairs } from './cluster.ts';
import {
  estimateLambda,
  estimateM,
  estimateU,
  localLevels,
  termFrequencies,
  type TrainingSession,
} from './estimate.ts';
import { computeWeights, weightToProbability, type MatchModel, type Weights } from './model.ts';
import { prepareRecord, type PreparedRecord } from './prepare.ts';
import {
  APART_BY_DOB,
  APART_BY_NAME,
  APART_BY_SEX,
  CANNOT_LINK,
  CONFLICT,
  GENERATION_GAP,
  HOUSEHOLD,
  HOUSEHOLD_DOB_DIFFERS,
  IDENTIFIER_AGREES,
  KeptPairs,
  pairScorer,
  TOGETHER,
} from './score-pairs.ts';
import { ScoringSplit } from './score-split.ts';
import type { PersonRecord } from './record.ts';
import {
  decide,
  DEFAULT_THRESHOLDS,
  holdReason,
  validateThresholds,
  type Decision,
  type PairGuard,
  type Thresholds,
} from './thresholds.ts';

export { identifierAgrees } from './guards.ts';
export { APART_BY_DOB, APART_BY_NAME, APART_BY_SEX } from './score-pairs.ts';

export interface TrainOptions {
  comparisons?: readonly Comparison[];
  trainingRules?: readonly BlockingRule[];
  /** Random pairs for the u probabilities (default 1,000,000, fewer for small inputs). */
  uSamplePairs?: number;
  /** EM training pairs per rule beyond which pairs are sampled. */
  maxTrainingPairs?: number;
  seed?: number;
}

export interface LinkOptions extends TrainOptions {
  blockingRules?: readonly BlockingRule[];
  thresholds?: Thresholds;
  /** Use this model instead of training one (lambda is still re-estimated unless `fixedLambda`). */
  model?: MatchModel;
  fixedLambda?: boolean;
  maxBlockSize?: number;
  /**
   * Blocks with more records than this (on one side) are compared only within their
   * sub-blocks, so each record meets a bounded number of others and time grows linearly
   * (default `DEFAULT_SUB_BLOCK_ABOVE`).
   */
  subBlockAbove?: number;
  /**
   * A plain Fellegi-Sunter linkage, the baseline to measure against: the same fitted model
   * and blocking, but no twins guard, no household rule, no one-to-one assignment, no
   * bound on the address and postcode penalties and no cannot-link constraints in clustering.
   */
  plain?: boolean;
  /** In link mode, each record is linked automatically to at most one on the other side (default true). */
  oneToOne?: boolean;
  /**
   * Threads scoring candidate pairs: 1, or 2 (this one and a worker). Default 2 from
   * `SPLIT_SCORING_FROM` records when another core is free (`coreFree`). The result is the same.
   */
  scoringThreads?: 1 | 2;
}

/** Records from which scoring is split over two threads by default: below, starting a worker costs more than it saves. */
export const SPLIT_SCORING_FROM = 100_000;

/**
 * Whether the machine has a core to spare: two or more, and the 1-minute load leaving one
 * idle. On a busy machine a second thread only adds its own work (preparing its copy of
 * the records): at load 5 to 9 on two cores a million-record deduplication took 115-141 s
 * on two threads, and 91 s on one.
 */
export function coreFree(): boolean {
  const cores = availableParallelism();
  return cores > 1 && (loadavg()[0] as number) <= cores - 0.5;
}

/** Blocks larger than this are split by their rule's sub-keys (see `forEachCandidatePair`). */
export const DEFAULT_SUB_BLOCK_ABOVE = 20;

export interface TrainedModel {
  model: MatchModel;
  sessions: TrainingSession[];
}

const prepared = (records: readonly (PersonRecord | PreparedRecord)[]): PreparedRecord[] =>
  records.map((r) => ('tokens' in r ? (r as PreparedRecord) : prepareRecord(r)));

/**
 * Fit the model to the data: u from random pairs, m by EM over the training rules' pairs,
 * term frequencies from all records. lambda is a placeholder until linking estimates it.
 */
export function trainModel(
  leftRecords: readonly (PersonRecord | PreparedRecord)[],
  rightRecords: readonly (PersonRecord | PreparedRecord)[] | null = null,
  options: TrainOptions = {},
  split: ScoringSplit | null = null,
): TrainedModel {
  const left = prepared(leftRecords);
  const right = rightRecords === null ? null : prepared(rightRecords);
  const comparisons = options.comparisons ?? selectComparisons(right === null ? [left] : [left, right]);
  const seed = options.seed ?? 20240601;
  // The random and training pairs may be compared on the scoring worker too.
  const levels = split?.levelsOf(localLevels(left, right ?? left));
  const u = estimateU(comparisons, left, right, {
    samplePairs: options.uSamplePairs ?? 1_000_000,
    seed,
    ...(levels ? { levels } : {}),
  });
  const { m, sessions } = estimateM(comparisons, left, right, options.trainingRules ?? DEFAULT_TRAINING_RULES, u, {
    maxPairsPerRule: options.maxTrainingPairs ?? 1_000_000,
    seed: seed + 1,
    ...(levels ? { levels } : {}),
  });
  const termFrequencyRecords = right === null ? left : left.concat(right);
  return {
    model: { comparisons, m, u, lambda: 1e-4, termFrequencies: termFrequencies(comparisons, termFrequencyRecords) },
    sessions,
  };
}

export interface ScoredPair {
  /** Index into the left records. */
  left: number;
  /** Index into the right records (or into the left ones when deduplicating). */
  right: number;
  weight: number;
  probability: number;
  decision: Decision;
  /** Given names plainly differ: never linked automatically (unless `identifierAgrees`). */
  namesConflict: boolean;
  /** A personal identifier (NHS number, PNC ID, other one-per-person id) agrees exactly. */
  identifierAgrees: boolean;
  /** Same address or postcode unit and dates of birth do not agree. */
  household: boolean;
  /** Why a pair scored at or above the link bound went to review instead (null when it did not). */
  reason: string | null;
}

export interface LinkResult {
  model: MatchModel;
  sessions: TrainingSession[];
  blocking: BlockingStats[];
  candidatePairs: number;
  /** Pairs at or above the review threshold, strongest first (including ones the name guard keeps apart). */
  pairs: ScoredPair[];
  /** Cluster number per record: left records first, then right ones. */
  clusters: Int32Array;
  /** The records as prepared for matching. */
  prepared: { left: PreparedRecord[]; right: PreparedRecord[] | null };
  /** Threads that scored the pairs (2: this one and a worker). */
  scoringThreads: 1 | 2;
  seconds: { prepare: number; train: number; score: number; cluster: number; total: number };
}

/** Two links whose weights are this close (bits) do not tell which of two people a record is. */
const AMBIGUITY_MARGIN_BITS = 2;
export const AMBIGUOUS_REASON =
  'could be either of two people held apart (twins, or a parent and child of one name): a practitioner decides';
export const ONE_TO_ONE_REASON = 'the other record is already linked to a stronger match (one-to-one)';

/**
 * Link two lists of person records (or deduplicate one when `rightRecords` is null):
 * train the model, generate candidate pairs by blocking, score them, decide each pair
 * against the thresholds, and cluster the linked pairs.
 */
export function linkRecords(
  leftRecords: readonly (PersonRecord | PreparedRecord)[],
  rightRecords: readonly (PersonRecord | PreparedRecord)[] | null = null,
  options: LinkOptions = {},
): LinkResult {
  const t0 = performance.now();
  const thresholds = validateThresholds({ ...(options.thresholds ?? DEFAULT_THRESHOLDS) });
  const records = leftRecords.length + (rightRecords?.length ?? 0);
  const threads = options.scoringThreads ?? (records >= SPLIT_SCORING_FROM && coreFree() ? 2 : 1);
  const isRaw = (rs: readonly (PersonRecord | PreparedRecord)[] | null): rs is readonly PersonRecord[] | null =>
    rs === null || rs.every((r) => !('tokens' in r));
  // A worker prepares its own copy of the records while they are prepared and the model is
  // fitted here; it needs them as given (prepared records are scored on this thread).
  const split =
    threads === 2 && isRaw(leftRecords) && isRaw(rightRecords) ? new ScoringSplit(leftRecords, rightRecords) : null;
  const left = prepared(leftRecords);
  const right = rightRecords === null ? null : prepared(rightRecords);
  const t1 = performance.now();
  try {
    return linkPrepared(left, right, options, thresholds, split, t0, t1);
  } finally {
    split?.close();
  }
}

function linkPrepared(
  left: PreparedRecord[],
  right: PreparedRecord[] | null,
  options: LinkOptions,
  thresholds: Thresholds,
  split: ScoringSplit | null,
  t0: number,
  t1: number,
): LinkResult {
  const trained: TrainedModel = options.model
    ? { model: options.model, sessions: [] }
    : trainModel(left, right, options, split);
  const model: MatchModel = { ...trained.model };
  const plain = options.plain === true;
  const weights: Weights = computeWeights(model, { boundPenalties: !plain });
  const t2 = performance.now();

  const other = right ?? left;
  const score = pairScorer(model, weights, left, other, plain);
  // A worker knows only the comparisons it can name.
  const splitting = split !== null && model.comparisons.every((c) => ALL_COMPARISONS.includes(c));
  if (splitting) split.start(model, plain, score);
  let store = new KeptPairs();
  let candidates = 0;
  const blocking = forEachCandidatePair(
    left,
    right,
    options.blockingRules ?? DEFAULT_BLOCKING_RULES,
    splitting
      ? (i, j) => {
          candidates++;
          split.add(i, j);
        }
      : (i, j) => {
          candidates++;
          score(i, j, store);
        },
    { maxBlockSize: options.maxBlockSize ?? 5000, subBlockAbove: options.subBlockAbove ?? DEFAULT_SUB_BLOCK_ABOVE },
  );
  if (splitting) store = split.finish();
  const totalPairs = right === null ? (left.length * (left.length - 1)) / 2 : left.length * right.length;
  if (!(options.model && options.fixedLambda)) {
    const positive: number[] = [];
    for (let k = 0; k < store.length; k++)
      if ((store.evidence[k] as number) > 0) positive.push(store.evidence[k] as number);
    model.lambda = estimateLambda(positive, Math.max(totalPairs, 1));
  }
  const prior = Math.log2(model.lambda / (1 - model.lambda));
  // Two records whose given names differ but which would otherwise be linked (twins, a
  // parent and child at one address) must not end up in one cluster through third records.
  const linkWeight = Math.log2(thresholds.link / (1 - thresholds.link));
  const pairs: ScoredPair[] = [];
  const cannotLink: [number, number][] = [];
  // Of those, the ones at one address: twins, a parent and a namesake child.
  const sharingAnAddress: [number, number, number][] = [];
  const offset = right === null ? 0 : left.length;
  for (let k = 0; k < store.length; k++) {
    const flags = store.flags[k] as number;
    const i = store.left[k] as number;
    const j = store.right[k] as number;
    const weight = (store.evidence[k] as number) + prior;
    if (flags & CANNOT_LINK) {
      const restWeight = (store.rest[k] as number) + prior;
      if (restWeight >= linkWeight) {
        cannotLink.push([i, j + offset]);
        if (flags & TOGETHER) sharingAnAddress.push([i, j + offset, store.apartBy[k] as number]);
      }
    }
    const probability = weightToProbability(weight);
    if (probability < thresholds.review) continue;
    const guard: PairGuard = {
      namesConflict: (flags & CONFLICT) !== 0,
      identifierAgrees: (flags & IDENTIFIER_AGREES) !== 0,
      household: (flags & HOUSEHOLD) !== 0,
      householdDobDiffers: (flags & HOUSEHOLD_DOB_DIFFERS) !== 0,
      generationGap: (flags & GENERATION_GAP) !== 0,
    };
    const decision = decide(probability, thresholds, guard);
    pairs.push({
      left: i,
      right: j,
      weight,
      probability,
      decision,
      namesConflict: guard.namesConflict,
      identifierAgrees: guard.identifierAgrees,
      household: guard.household === true,
      reason: probability >= thresholds.link && decision !== 'link' ? holdReason(guard) : null,
    });
  }
  pairs.sort((p, q) => q.weight - p.weight);
  if (right !== null && !plain && options.oneToOne !== false) {
    // Each record stands for one person, so it is linked automatically to at most one record
    // of the other file: the strongest; the others go to review.
    const takenLeft = new Uint8Array(left.length);
    const takenRight = new Uint8Array(right.length);
    for (const p of pairs) {
      if (p.decision !== 'link') continue;
      if (takenLeft[p.left] || takenRight[p.right]) {
        p.decision = 'review';
        p.reason = ONE_TO_ONE_REASON;
        continue;
      }
      takenLeft[p.left] = 1;
      takenRight[p.right] = 1;
    }
  }
  const recordAt = (node: number): PreparedRecord =>
    (node < offset || right === null ? left[node] : right[node - offset]) as PreparedRecord;
  if (!plain) holdAmbiguous(pairs, sharingAnAddress, recordAt, offset);
  const t3 = performance.now();
  // Links backed by a shared identifier are tried first, then the rest strongest first; every
  // join, including those, is refused when it would put a cannot-link pair in one cluster.
  const linked = pairs.filter((p) => p.decision === 'link');
  const links = [...linked.filter((p) => p.identifierAgrees), ...linked.filter((p) => !p.identifierAgrees)].map(
    (p) => [p.left, p.right + offset] as const,
  );
  const clusters = clusterPairs(left.length + (right?.length ?? 0), links, cannotLink);
  const t4 = performance.now();
  const s = (ms: number): number => ms / 1000;
  return {
    model,
    sessions: trained.sessions,
    blocking,
    candidatePairs: candidates,
    pairs,
    clusters,
    prepared: { left, right },
    scoringThreads: splitting ? 2 : 1,
    seconds: { prepare: s(t1 - t0), train: s(t2 - t1), score: s(t3 - t2), cluster: s(t4 - t3), total: s(t4 - t0) },
  };
}

/**
 * A record linked to two records of one address that are held apart (twins; a father and
 * his namesake son), and that lacks the very field telling those two apart, could be either
 * person: "B. SMITH, 04/02/2007" or a record with no given name at the twins' address, or
 * "NEWTON BARKING" with no date of birth where father and son share the name. Linking it to
 * whichever scored higher would be a guess, so all its automatic links go to review with the
 * reason (a copy of it is just as ambiguous, and linking the two copies would join the twins).
 */
function holdAmbiguous(
  pairs: ScoredPair[],
  apartPairs: readonly (readonly [number, number, number])[],
  record: (node: number) => PreparedRecord,
  offset: number,
): void {
  if (apartPairs.length === 0) return;
  const apart = new Map<string, number>();
  for (const [x, y, why] of apartPairs) {
    const key = x < y ? `${x}|${y}` : `${y}|${x}`;
    apart.set(key, (apart.get(key) ?? 0) | why);
  }
  const linksOf = new Map<number, ScoredPair[]>();
  const add = (node: number, p: ScoredPair): void => {
    const list = linksOf.get(node);
    if (list) list.push(p);
    else linksOf.set(node, [p]);
  };
  for (const p of pairs) {
    if (p.decision !== 'link') continue;
    add(p.left, p);
    add(p.right + offset, p);
  }
  const lacks = (r: PreparedRecord, a: PreparedRecord, b: PreparedRecord, why: number): boolean =>
    ((why & APART_BY_NAME) !== 0 && (r.first === null || (r.first !== a.first && r.first !== b.first))) ||
    ((why & APART_BY_DOB) !== 0 && r.dob === null) ||
    ((why & APART_BY_SEX) !== 0 && r.sex === null);
  const ambiguous: number[] = [];
  for (const [node, list] of linksOf) {
    if (list.length < 2) continue;
    const otherEnd = (p: ScoredPair): number => (p.left === node ? p.right + offset : p.left);
    search: for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const px = list[x] as ScoredPair;
        const py = list[y] as ScoredPair;
        // It sides plainly with one of them: not ambiguous, and clustering keeps it away from the other.
        if (Math.abs(px.weight - py.weight) > AMBIGUITY_MARGIN_BITS) continue;
        const a = otherEnd(px);
        const b = otherEnd(py);
        const why = apart.get(a < b ? `${a}|${b}` : `${b}|${a}`);
        if (why !== undefined && lacks(record(node), record(a), record(b), why)) {
          ambiguous.push(node);
          break search;
        }
      }
    }
  }
  for (const node of ambiguous) {
    for (const p of linksOf.get(node) as ScoredPair[]) {
      p.decision = 'review';
      p.reason = AMBIGUOUS_REASON;
    }
  }
  holdOneSided(pairs, apartPairs, record, offset);
}

/**
 * The same doubt when the record is linked to only one of the two: a record with no given
 * name at the address of twins who share a birthday, linked to one twin because the other
 * twin's records happened to score lower (or were in another block), is still either of
 * them. Only a record that lacks the field outright (no given name, or only the initial
 * both share; no date of birth; no sex) is held: one that has it can side with one of them.
 */
export function holdOneSided(
  pairs: ScoredPair[],
  apartPairs: readonly (readonly [number, number, number])[],
  record: (node: number) => PreparedRecord,
  offset: number,
): void {
  const apartFrom = new Map<number, [number, number][]>();
  const add = (node: number, other: number, why: number): void => {
    const list = apartFrom.get(node);
    if (list) list.push([other, why]);
    else apartFrom.set(node, [[other, why]]);
  };
  for (const [x, y, why] of apartPairs) {
    add(x, y, why);
    add(y, x, why);
  }
  const lacks = (r: PreparedRecord, linked: PreparedRecord, other: PreparedRecord, why: number): boolean =>
    ((why & APART_BY_NAME) !== 0 &&
      (r.first === null || (r.first.length === 1 && linked.first?.[0] === r.first && other.first?.[0] === r.first))) ||
    ((why & APART_BY_DOB) !== 0 && r.dob === null) ||
    ((why & APART_BY_SEX) !== 0 && r.sex === null);
  for (const p of pairs) {
    if (p.decision !== 'link' || p.identifierAgrees) continue;
    const a = p.left;
    const b = p.right + offset;
    const doubtful = (node: number, linked: number): boolean =>
      (apartFrom.get(linked) ?? []).some(
        ([other, why]) => other !== node && lacks(record(node), record(linked), record(other), why),
      );
    if (doubtful(a, b) || doubtful(b, a)) {
      p.decision = 'review';
      p.reason = AMBIGUOUS_REASON;
    }
  }
}
