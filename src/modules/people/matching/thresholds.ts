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

/**
 * Decide what to do with a scored pair. A pair whose given names plainly differ (twins, a
 * parent and child) is treated as two people, however much else agrees, unless a personal
 * identifier (NHS number, PNC ID, or the caller's own one-per-person id) agrees exactly:
 * twins do not share those, so then the pair is decided on its probability like any other.
 */
export function decide(
  probability: number,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
  guard: { namesConflict: boolean; identifierAgrees: boolean } = { namesConflict: false, identifierAgrees: false },
): Decision {
  if (guard.namesConflict && !guard.identifierAgrees) return 'distinct';
  if (probability >= thresholds.link) return 'link';
  if (probability >= thresholds.review) return 'review';
  return 'distinct';
}
