/** Normalisation of raw field values before comparison. Pure and locale-independent. */

/** Honorifics, ranks and connecting words that are not names ("Sir", "1st", "of"). */
export const NON_NAME_TOKENS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'rev',
  'revd',
  'reverend',
  'fr',
  'father',
  'sir',
  'dame',
  'lady',
  'lord',
  'baron',
  'baroness',
  'baronet',
  'bt',
  'earl',
  'count',
  'countess',
  'duke',
  'duchess',
  'viscount',
  'marquess',
  'marquis',
  'hon',
  'honourable',
  'capt',
  'captain',
  'col',
  'colonel',
  'gen',
  'general',
  'maj',
  'lt',
  'sgt',
  'st',
  'saint',
  'jr',
  'jnr',
  'junior',
  'sr',
  'snr',
  'senior',
  'esq',
  'of',
  'the',
  'and',
  'van',
  'von',
  'der',
  'den',
  'la',
  'le',
  'du',
  'da',
  'di',
  'ii',
  'iii',
  'iv',
  'vi',
  'vii',
  'viii',
  'ix',
  'x',
  // post-nominals
  'frs',
  'kc',
  'qc',
  'mp',
  'obe',
  'mbe',
  'cbe',
  'kbe',
  'dbe',
  'phd',
  'rn',
  'ra',
  'bart',
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

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A month as two digits from a number or an English month name ("3", "03", "Mar", "March"). */
function monthDigits(value: string): string | null {
  if (/^\d{1,2}$/.test(value)) return value.padStart(2, '0');
  const k = MONTHS.indexOf(value.slice(0, 3).toLowerCase());
  return k < 0 || !/^[a-z]+$/i.test(value) ? null : String(k + 1).padStart(2, '0');
}

/**
 * A date of birth as eight characters YYYYMMDD (not checked as a calendar date, so a
 * mistyped month still compares character by character), or null if unreadable.
 * Reads ISO (1984-03-07, 1984-3-7, 19840307, with a time), UK day first (7/3/1984,
 * 07.03.1984, 7 3 1984, 7 March 1984) and year first with separators (1984 3 7): the
 * last two are what day, month and year columns joined by the command line look like.
 */
export function normaliseDob(value: string | null | undefined): string | null {
  if (value == null) return null;
  const v = value.trim();
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(v) ?? /^(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})(?:[T ]\d.*)?$/.exec(v);
  if (m) return `${m[1]}${(m[2] ?? '').padStart(2, '0')}${(m[3] ?? '').padStart(2, '0')}`;
  m = /^(\d{1,2})(?:st|nd|rd|th)?[-/. ]+([a-z]+|\d{1,2})[-/., ]+(\d{4})$/i.exec(v);
  if (m) {
    const month = monthDigits(m[2] ?? '');
    return month === null ? null : `${m[3]}${month}${(m[1] ?? '').padStart(2, '0')}`;
  }
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
