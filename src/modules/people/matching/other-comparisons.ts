import { jaroWinklerAtLeast, withinOneEdit } from './string-similarity.ts';

/** Agreement of two normalised sexes; null when either is missing. */
export function compareSex(a: string | null, b: string | null): 'same' | 'different' | null {
  if (a === null || b === null) return null;
  return a === b ? 'same' : 'different';
}

export const TEXT_LEVELS = ['exact', 'similar', 'shared-words', 'different'] as const;
export type TextLevel = (typeof TEXT_LEVELS)[number];

/**
 * Free text such as a town or an address line: exact; similar spelling (Jaro-Winkler
 * >= 0.9); at least half the words shared; otherwise different.
 */
export function compareText(a: string | null, b: string | null): TextLevel | null {
  if (a === null || b === null) return null;
  if (a === b) return 'exact';
  if (jaroWinklerAtLeast(a, b, 0.9) >= 0.9) return 'similar';
  const wa = a.split(' ');
  const wb = b.split(' ');
  let shared = 0;
  for (const w of wa) if (wb.includes(w)) shared++;
  if (shared > 0 && shared * 2 >= Math.min(wa.length, wb.length)) return 'shared-words';
  return 'different';
}

export const EMAIL_LEVELS = ['exact', 'same-user', 'similar-user', 'different'] as const;
export type EmailLevel = (typeof EMAIL_LEVELS)[number];

/** E-mail addresses: exact; same part before the @; similar part before the @. */
export function compareEmail(a: string | null, b: string | null): EmailLevel | null {
  if (a === null || b === null) return null;
  if (a === b) return 'exact';
  const ua = a.split('@')[0] ?? a;
  const ub = b.split('@')[0] ?? b;
  if (ua === ub) return 'same-user';
  if (jaroWinklerAtLeast(ua, ub, 0.88) >= 0.88) return 'similar-user';
  return 'different';
}

export const IDENTIFIER_LEVELS = ['exact', 'one-typo', 'different'] as const;
export type IdentifierLevel = (typeof IDENTIFIER_LEVELS)[number];

/**
 * Identifiers. With `allowTypo` (identifiers without a check digit) one changed or
 * transposed character is a partial agreement; identifiers with check digits are
 * validated before they get here and agree only exactly.
 */
export function compareIdentifier(a: string | null, b: string | null, allowTypo: boolean): IdentifierLevel | null {
  if (a === null || b === null) return null;
  if (a === b) return 'exact';
  if (allowTypo && a.length === b.length && withinOneEdit(a, b)) return 'one-typo';
  return 'different';
}
