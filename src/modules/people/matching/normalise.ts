/** Normalisation of raw field values before comparison. Pure and locale-independent. */

/** Honorifics, ranks and connecting words that are not names ("Sir", "1st", "of"). */
export const NON_NAME_TOKENS: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'rev', 'revd', 'reverend', 'fr', 'father',
  'sir', 'dame', 'lady', 'lord', 'baron', 'baroness', 'baronet', 'bt', 'earl', 'count', 'countess',
  'duke', 'duchess', 'viscount', 'marquess', 'marquis',
  'hon', 'honourable', 'capt', 'captain', 'col', 'colonel', 'gen', 'general', 'maj',
  'lt', 'sgt', 'st', 'saint', 'jr', 'jnr', 'junior', 'sr', 'snr', 'senior', 'esq',
  'of', 'the', 'and', 'van', 'von', 'der', 'den', 'la', 'le', 'du', 'da', 'di',
  'ii', 'iii', 'iv', 'vi', 'vii', 'viii', 'ix', 'x',
  // post-nominals
  'frs', 'kc', 'qc', 'mp', 'obe', 'mbe', 'cbe', 'kbe', 'dbe', 'phd', 'rn', 'ra', 'bart',
]);

/** Lower case, accents removed, anything but letters, digits, spaces and hyphens dropped. */
export function cleanText(value: string | null | undefined): string {
  if (value == null) return '';
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Name tokens: split on spaces, hyphens and dots; numbers and ordinals ("2nd") and
 * honorifics removed; stray digits inside a name (a typing slip) dropped.
 */
export function nameTokens(value: string | null | undefined): string[] {
  const cleaned = cleanText(value?.replace(/\./g, ' '));
  if (cleaned === '') return [];
  const tokens: string[] = [];
  for (const raw of cleaned.split(/[\s-]+/)) {
    if (/^\d+(st|nd|rd|th)?$/.test(raw)) continue;
    const t = raw.replace(/\d/g, '');
    if (t.length > 0 && !NON_NAME_TOKENS.has(t)) tokens.push(t);
  }
  return tokens;
}

/**
 * A date of birth as eight characters YYYYMMDD (not checked as a calendar date, so a
 * mistyped month still compares character by character), or null if unreadable.
 */
export function normaliseDob(value: string | null | undefined): string | null {
  if (value == null) return null;
  const v = value.trim();
  let m = /^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})(?:[T ].*)?$/.exec(v);
  if (m) return `${m[1]}${m[2]}${m[3]}`;
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(v);
  if (m) return `${m[3]}${(m[2] ?? '').padStart(2, '0')}${(m[1] ?? '').padStart(2, '0')}`;
  return null;
}

/** "m" or "f" from the usual spellings, otherwise null. */
export function normaliseSex(value: string | null | undefined): 'm' | 'f' | null {
  const v = cleanText(value);
  if (v === 'm' || v === 'male' || v === 'man' || v === 'boy') return 'm';
  if (v === 'f' || v === 'female' || v === 'woman' || v === 'girl') return 'f';
  return null;
}

/** Trimmed lower-case text, or null when empty. */
export function normaliseFreeText(value: string | null | undefined): string | null {
  const v = cleanText(value);
  return v === '' ? null : v;
}
