import { firstNameComparison } from './comparisons.ts';
import { guardIndex, pairGuard } from './guards.ts';
import { levelWeight, pairEvidence, type MatchModel, type Weights } from './model.ts';
import type { PreparedRecord } from './prepare.ts';
import type { PairGuard } from './thresholds.ts';

export const CONFLICT = 1;
export const IDENTIFIER_AGREES = 2;
export const CANNOT_LINK = 4;
export const HOUSEHOLD = 8;
export const HOUSEHOLD_DOB_DIFFERS = 16;
export const GENERATION_GAP = 32;
export const TOGETHER = 64;

/** What keeps two records of one address apart: their given names, their dates of birth, their sexes. */
export const APART_BY_NAME = 1;
export const APART_BY_DOB = 2;
export const APART_BY_SEX = 4;

const NO_GUARD: PairGuard = { namesConflict: false, identifierAgrees: false, household: false };

/**
 * Candidate pairs worth keeping, as growable parallel arrays: the records, the evidence,
 * the guard's flags and, for a pair held apart (`CANNOT_LINK`), the evidence of everything
 * but what holds it apart (`rest`) and what does (`apartBy`).
 */
export class KeptPairs {
  left: Int32Array;
  right: Int32Array;
  evidence: Float64Array;
  rest: Float64Array;
  flags: Uint8Array;
  apartBy: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.evidence = new Float64Array(capacity);
    this.rest = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.apartBy = new Uint8Array(capacity);
  }

  /** The same arrays, cut to their length (for sending to another thread). */
  static from(
    fields: Pick<KeptPairs, 'left' | 'right' | 'evidence' | 'rest' | 'flags' | 'apartBy' | 'length'>,
  ): KeptPairs {
    const kept = new KeptPairs(0);
    Object.assign(kept, fields);
    return kept;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.left.length) return;
    let capacity = Math.max(1024, this.left.length * 2);
    while (capacity < this.length + n) capacity *= 2;
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.left = grow(this.left);
    this.right = grow(this.right);
    this.evidence = grow(this.evidence);
    this.rest = grow(this.rest);
    this.flags = grow(this.flags);
    this.apartBy = grow(this.apartBy);
  }

  push(i: number, j: number, evidence: number, flags: number, rest: number, apartBy: number): void {
    this.reserve(1);
    const k = this.length++;
    this.left[k] = i;
    this.right[k] = j;
    this.evidence[k] = evidence;
    this.flags[k] = flags;
    this.rest[k] = rest;
    this.apartBy[k] = apartBy;
  }

  append(other: KeptPairs): void {
    this.reserve(other.length);
    const n = other.length;
    this.left.set(other.left.subarray(0, n), this.length);
    this.right.set(other.right.subarray(0, n), this.length);
    this.evidence.set(other.evidence.subarray(0, n), this.length);
    this.rest.set(other.rest.subarray(0, n), this.length);
    this.flags.set(other.flags.subarray(0, n), this.length);
    this.apartBy.set(other.apartBy.subarray(0, n), this.length);
    this.length += n;
  }
}

/**
 * Score candidate pair (i, j) and keep it in `out` when it has positive evidence, or when
 * it is held apart (a look-alike: everything but the given name points to one person; or
 * everything but the date of birth does, and the dates say two people of one household).
 */
export function pairScorer(
  model: MatchModel,
  weights: Weights,
  left: readonly PreparedRecord[],
  other: readonly PreparedRecord[],
  plain: boolean,
): (i: number, j: number, out: KeptPairs) => void {
  const firstNameIndex = model.comparisons.indexOf(firstNameComparison);
  const dobIndex = model.comparisons.findIndex((c) => c.name === 'dob');
  const gIndex = guardIndex(model.comparisons);
  const levels = new Array<number>(model.comparisons.length).fill(-1);
  return (i, j, out) => {
    const a = left[i] as PreparedRecord;
    const b = other[j] as PreparedRecord;
    const evidence = pairEvidence(model, weights, a, b, levels);
    const firstLevel = firstNameIndex >= 0 ? (levels[firstNameIndex] as number) : -1;
    // The evidence of every comparison except the given name.
    const rest = evidence - levelWeight(model, weights, firstNameIndex, firstLevel, a);
    if (evidence <= 0 && rest <= 0) return;
    const guard = plain ? NO_GUARD : pairGuard(a, b, model.comparisons, gIndex, levels);
    const conflict = guard.namesConflict;
    const sharedId = guard.identifierAgrees;
    // Everything but the given name points to one person: keep the pair so that clustering
    // can refuse to join the two.
    const lookAlike = conflict && !sharedId && rest > 0;
    // Everything but the date of birth points to one person, and the dates say two: a parent
    // and a namesake child, or two members of one household.
    const dobLevel = dobIndex >= 0 ? (levels[dobIndex] as number) : -1;
    const restDob = evidence - levelWeight(model, weights, dobIndex, dobLevel, a);
    const apart =
      restDob > 0 &&
      !sharedId &&
      guard.together === true &&
      (guard.generationGap === true || guard.householdDobDiffers === true);
    if (evidence > 0 || lookAlike || apart) {
      const flags =
        (conflict ? CONFLICT : 0) |
        (sharedId ? IDENTIFIER_AGREES : 0) |
        (lookAlike || apart ? CANNOT_LINK : 0) |
        (guard.household ? HOUSEHOLD : 0) |
        (guard.householdDobDiffers ? HOUSEHOLD_DOB_DIFFERS : 0) |
        (guard.generationGap ? GENERATION_GAP : 0) |
        (guard.together ? TOGETHER : 0);
      const held = lookAlike || apart;
      out.push(
        i,
        j,
        evidence,
        flags,
        held ? Math.max(lookAlike ? rest : 0, apart ? restDob : 0) : 0,
        held
          ? (lookAlike ? APART_BY_NAME : 0) |
              (apart && guard.generationGap === true ? APART_BY_DOB : 0) |
              (apart && guard.householdDobDiffers === true ? APART_BY_SEX : 0)
          : 0,
      );
    }
  };
}
