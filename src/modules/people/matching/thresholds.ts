/**
 * Decision bounds on the match probability. At or above `link` a pair is suggested for
 * linking (shown as linked, reversible); from `review` up to `link` it goes to the
 * practitioner review queue; below `review` the records are treated as different people.
 */
export interface Thresholds {
  link: number;
  review: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({ link: 0.99, review: 0.5 });

export type Decision = 'link' | 'review' | 'distinct';

export function validateThresholds(t: Thresholds): Thresholds {
  if (!(t.review > 0 && t.review <= t.link && t.link < 1)) {
    throw new RangeError(`thresholds must satisfy 0 < review <= link < 1 (got review ${t.review}, link ${t.link})`);
  }
  return t;
}

/** Rules that may hold a pair back from an automatic link. */
export interface PairGuard {
  /** Given names plainly differ (twins; a parent and child). */
  namesConflict: boolean;
  /** A personal identifier (NHS number, PNC ID, the caller's one-per-person id) agrees exactly. */
  identifierAgrees: boolean;
  /** Same address or postcode unit, and dates of birth do not agree (household members, neighbours). */
  household?: boolean;
  /** Same address or postcode unit and both dates of birth given but not agreeing: two people of one household. */
  householdDobDiffers?: boolean;
  /** Dates of birth a generation apart (a parent and child): never linked automatically without an identifier. */
  generationGap?: boolean;
  /** Same address or postcode unit. */
  together?: boolean;
}

/**
 * Decide what to do with a scored pair. A pair whose given names plainly differ, or two
 * records at one address whose dates of birth do not agree, is never linked
 * automatically: at or above the review bound it goes to a practitioner, with the reason
 * (see `holdReason`; with `reviewHeld: false` a pair whose given names differ is instead
 * treated as two people). Unless a personal identifier agrees exactly: twins and household
 * members do not share those, so then the pair is decided on its probability like any other.
 */
export function decide(
  probability: number,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
  guard: PairGuard = { namesConflict: false, identifierAgrees: false },
  options: { reviewHeld?: boolean } = {},
): Decision {
  if (probability < thresholds.review) return 'distinct';
  if (guard.generationGap === true && !guard.identifierAgrees) return 'review';
  if (!guard.identifierAgrees && guard.namesConflict) return options.reviewHeld === false ? 'distinct' : 'review';
  if (!guard.identifierAgrees && guard.household === true) return 'review';
  return probability >= thresholds.link ? 'link' : 'review';
}

/** Why a pair at or above the link bound was sent to review instead, for the practitioner; null if it was not held. */
export function holdReason(guard: PairGuard): string | null {
  if (guard.identifierAgrees) return null;
  if (guard.generationGap === true) return 'dates of birth a generation apart: may be a parent and child';
  if (guard.namesConflict) return 'given names differ: may be twins or a parent and child';
  if (guard.household === true)
    return 'same address or postcode but dates of birth do not agree: may be another member of the household or a neighbour';
  return null;
}
