import { genderedForms } from './gendered-names.ts';
import { KNOWN_GIVEN_NAMES, nameReadings, oppositeSexNames, twoKnownNames } from './given-names.ts';
import { areNicknames, NICKNAME_GROUPS, nicknameGroupsFuzzy, shareGroup } from './nicknames.ts';
import { nameTokens } from './normalise.ts';
import { metaphone } from './phonetic.ts';
import { TokenPairMemo } from './token-pair-memo.ts';
import { editDistance, jaroWinklerAtLeast, jaroWinklerBelow, letterMask } from './string-similarity.ts';

/** Pre-computed name features of one record. */
export interface NameFeatures {
  first: string | null;
  /** Number of the given name's token (see `TokenFeatures`), -1 when there is none. */
  firstId: number;
  /** Letters of the given name as bits (`letterMask`). */
  firstLetters: number;
  firstPhonetic: string;
  /** Nickname groups of the given name (see nicknameGroupsFuzzy). */
  firstGroups: readonly number[];
  surname: string | null;
  surnamePhonetic: string;
  surnameTokens: readonly string[];
  /** Every name token the record carries: given, middle, surname, full name, aliases. */
  tokens: readonly string[];
  /** Tokens other than the given name (two letters or more), with their sound and nickname groups. */
  others: readonly TokenFeatures[];
}

/** A name token with its sound and nickname groups, and a number of its own for memoising comparisons. */
export interface TokenFeatures {
  token: string;
  id: number;
  /** Its letters as bits (`letterMask`), to rule out a close spelling cheaply. */
  letters: number;
  phonetic: string;
  groups: readonly number[];
}

export interface NameInput {
  firstName?: string | null;
  middleNames?: string | null;
  surname?: string | null;
  fullName?: string | null;
  aliases?: readonly string[] | null;
}

/**
 * Given name, surname and all name tokens. Honorifics are dropped ("Sir" is not a given
 * name); when the given-name field is empty or only a title, the first token of the full
 * name stands in for it.
 */
/**
 * The sound and nickname groups of a name token, worked out once per distinct token: names
 * repeat, and a million records would otherwise each hold and compute their own copies.
 * Shared between records, so never changed after it is made.
 */
const tokenFeatures = new Map<string, TokenFeatures>();
const TOKEN_CACHE_LIMIT = 500_000;
/** Numbers are never reused (even when the cache is cleared), so a memo keyed by them stays true. */
let nextTokenId = 0;
function featuresOf(token: string): TokenFeatures {
  let f = tokenFeatures.get(token);
  if (f === undefined) {
    if (tokenFeatures.size >= TOKEN_CACHE_LIMIT) tokenFeatures.clear();
    f = {
      token,
      id: nextTokenId++,
      letters: letterMask(token),
      phonetic: metaphone(token),
      groups: nicknameGroupsFuzzy(token),
    };
    tokenFeatures.set(token, f);
  }
  return f;
}

/**
 * A space typed inside a given name ("CHA RLES"): the two pieces joined are a known given
 * name and the first piece alone is not, so they are one name. Two real names ("MARY ANN")
 * stay two.
 */
function splitNameJoined(tokens: string[]): string[] {
  if (tokens.length < 2) return tokens;
  const [a, b] = tokens as [string, string];
  const joined = a + b;
  if (KNOWN_GIVEN_NAMES.has(a) || !KNOWN_GIVEN_NAMES.has(joined)) return tokens;
  return [joined, ...tokens.slice(2)];
}

export function nameFeatures(input: NameInput): NameFeatures {
  const firstTokens = splitNameJoined(nameTokens(input.firstName));
  const surnameTokens = nameTokens(input.surname);
  const fullTokens = nameTokens(input.fullName);
  let first = firstTokens[0] ?? null;
  if (first === null && fullTokens.length >= 2 && fullTokens[0] !== surnameTokens[0]) first = fullTokens[0] ?? null;
  const tokens = new Set<string>([...firstTokens, ...nameTokens(input.middleNames), ...surnameTokens, ...fullTokens]);
  for (const alias of input.aliases ?? []) for (const t of nameTokens(alias)) tokens.add(t);
  if (first !== null) tokens.add(first);
  const surname = surnameTokens.length > 0 ? surnameTokens.join(' ') : null;
  const given = first === null ? null : featuresOf(first);
  return {
    first,
    firstId: given === null ? -1 : given.id,
    firstLetters: given === null ? 0 : given.letters,
    firstPhonetic: given === null ? '' : given.phonetic,
    firstGroups: given === null ? [] : given.groups,
    surname,
    surnamePhonetic:
      surname === null ? '' : surnameTokens.length === 1 ? featuresOf(surname).phonetic : metaphone(surname),
    surnameTokens,
    tokens: [...tokens],
    others: [...tokens].filter((t) => t !== first && t.length > 1).map(featuresOf),
  };
}

export const FIRST_NAME_LEVELS = [
  'exact',
  'nickname',
  'similar',
  'phonetic',
  'partly-similar',
  'initial',
  'in-other-names',
  'different',
] as const;
export type FirstNameLevel = (typeof FIRST_NAME_LEVELS)[number];

/** Jaro-Winkler bounds for the "similar" (typo) and "partly-similar" levels. */
export const NAME_SIMILAR = 0.9;
export const NAME_PARTLY_SIMILAR = 0.8;

/**
 * Compare given names: exact; nickname (SAM/SAMUEL); similar spelling (Jaro-Winkler);
 * same phonetic code; an initial against a name; the given name found among the other
 * record's other names (middle name, alias, or first and last names reversed). Null when
 * either is missing, unless the one given is among the other record's other names: a
 * record that gains a given name must never score higher than it did without one.
 */
export function compareFirstNames(a: NameFeatures, b: NameFeatures): FirstNameLevel | null {
  const fa = a.first;
  const fb = b.first;
  if (fa === null || fb === null) {
    if (fa !== null && amongOtherNames(fa, a.firstLetters, a.firstPhonetic, a.firstGroups, b)) return 'in-other-names';
    if (fb !== null && amongOtherNames(fb, b.firstLetters, b.firstPhonetic, b.firstGroups, a)) return 'in-other-names';
    return null;
  }
  if (fa === fb) return 'exact';
  let code = givenNameLevels.get(a.firstId, b.firstId);
  if (code < 0) {
    const level = givenNamesLevel(fa, fb, a, b);
    code = level === null ? NO_LEVEL : FIRST_NAME_LEVELS.indexOf(level);
    givenNameLevels.set(a.firstId, b.firstId, code);
  }
  if (code !== NO_LEVEL) return FIRST_NAME_LEVELS[code] as FirstNameLevel;
  if (
    amongOtherNames(fa, a.firstLetters, a.firstPhonetic, a.firstGroups, b) ||
    amongOtherNames(fb, b.firstLetters, b.firstPhonetic, b.firstGroups, a)
  )
    return 'in-other-names';
  return 'different';
}

/**
 * The given-name level from the two given names alone (they are different); null when
 * only the other names can still tell (`in-other-names` or `different`).
 */
function givenNamesLevel(fa: string, fb: string, a: NameFeatures, b: NameFeatures): FirstNameLevel | null {
  if (shareGroup(a.firstGroups, b.firstGroups)) return 'nickname';
  const jw = jaroWinklerAtLeast(fa, fb, NAME_PARTLY_SIMILAR);
  if (jw >= NAME_SIMILAR) return 'similar';
  if (a.firstPhonetic !== '' && a.firstPhonetic === b.firstPhonetic) return 'phonetic';
  if (jw >= NAME_PARTLY_SIMILAR) return 'partly-similar';
  if ((fa.length === 1 || fb.length === 1) && fa[0] === fb[0]) return 'initial';
  return null;
}

/*
 * A memo of the given-name level, which depends on the two given names only, keyed by the tokens' numbers:
 * names repeat, so a million records compare the same few million token pairs again and
 * again. The memo forgets everything when full, which changes no result.
 */
const givenNameLevels = new TokenPairMemo();
const NO_LEVEL = FIRST_NAME_LEVELS.length;

/**
 * Is the given name (or a nickname, close spelling or sound-alike of it) one of the other
 * record's other names? With `strict` (the twins guard) only the same name, a nickname or
 * a plausible typo counts: not a similar spelling or sound alone.
 */
function amongOtherNames(
  first: string,
  letters: number,
  phonetic: string,
  groups: readonly number[],
  other: NameFeatures,
  strict = false,
): boolean {
  if (first.length < 2) return false;
  for (const o of other.others) {
    if (o.token === first) return true;
    if (groups.length > 0 && shareGroup(groups, o.groups)) return true;
    if (strict) {
      // A typo of a middle name or alias, not of the other record's surname: EVAN is one
      // letter from BEVAN, and EVAN BEVAN's twin SKEAT BEVAN is not him with names reversed.
      if (!other.surnameTokens.includes(o.token) && plausibleTypo(first, o.token)) return true;
      continue;
    }
    // The letters alone rule out most close spellings, without reading the strings.
    if (
      !jaroWinklerBelow(first.length, o.token.length, letters, o.letters, NAME_SIMILAR) &&
      jaroWinklerAtLeast(o.token, first, NAME_SIMILAR) >= NAME_SIMILAR
    )
      return true;
    if (first.length > 2 && o.token.length > 2 && o.phonetic === phonetic) return true;
  }
  return false;
}

/**
 * Could one given name be a typing error for the other? Only a small edit distance
 * (Levenshtein plus adjacent transpositions) relative to the length of the longer name:
 *
 * - up to 3 letters: never (TOM / TIM, AMY / AMI are different names, not typos);
 * - 4 or 5 letters: one letter added, dropped or two swapped (LEAH / LEA, JOHN / JHON), but
 *   not one letter replaced: among short names that mostly gives another name
 *   (MARK / MARY, ANNA / ANNE, DEAN / SEAN, CARLA / CARLY);
 * - 6 or 7 letters: one edit of any kind (OSWALDO / OSVALDO, STEPHEN / STEPHAN);
 * - 8 letters or more: two edits (JONATHON / JONATHAN, CHRISTOPER / KRISTOPHER).
 *
 * A shared sound is not enough (AMY / EMMA share the Metaphone code "AM"; ELLIE / ELLA are
 * two edits apart): those are different names and may be twins.
 *
 * With `sameBirthday` (the records agree on date of birth and do not disagree on sex) one
 * letter replaced in a 4- or 5-letter name is a typo too (GRACE / CRACE, LUKE / LVKE),
 * unless both spellings are names people are given (`given-names.ts`: MARK / MARY, DEAN /
 * SEAN are twins) or are a boy's and a girl's name.
 */
export function plausibleTypo(a: string, b: string, sameBirthday = false): boolean {
  if (a === b) return true;
  if (genderedForms(a, b)) return false;
  const longer = Math.max(a.length, b.length);
  if (longer <= 3) return false;
  const max = longer >= 8 ? 2 : 1;
  const d = editDistance(a, b, max);
  if (d > max) return false;
  if (longer <= 5 && a.length === b.length) {
    // Same length and one edit: a substitution or a transposition. Allow only the latter,
    // unless the records share a birthday and sex and the slip is not another name.
    let i = 0;
    while (a[i] === b[i]) i++;
    const transposition = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return transposition || (sameBirthday && !twoKnownNames(a, b) && !oppositeSexNames(a, b));
  }
  return true;
}

const FORMAL_NAMES: ReadonlySet<string> = new Set(NICKNAME_GROUPS.map((g) => g[0] as string));

/**
 * Two different formal names that the nickname table joins only through a nickname they
 * share or a near-spelling (ALEXANDER and ALEXANDRA both give ALEX; a misspelt formal name
 * borrows the groups of the names it is one letter from): two different given names.
 * A diminutive against its formal name (BILL / WILLIAM) or another diminutive of it
 * (BILL / WILL) is not.
 */
export function shareOnlyANickname(a: NameFeatures, b: NameFeatures): boolean {
  const fa = a.first;
  const fb = b.first;
  if (fa === null || fb === null || fa === fb) return false;
  return FORMAL_NAMES.has(fa) && FORMAL_NAMES.has(fb) && !plausibleTypo(fa, fb);
}

export const SURNAME_LEVELS = [
  'exact',
  'similar',
  'phonetic',
  'in-other-names',
  'partly-similar',
  'different',
] as const;
export type SurnameLevel = (typeof SURNAME_LEVELS)[number];

/**
 * Compare surnames: exact; similar spelling; same phonetic code; one surname (or one part
 * of a double-barrelled surname) among the other record's names (alias, maiden name,
 * names reversed); loosely similar. Null when either is missing.
 */
export function compareSurnames(a: NameFeatures, b: NameFeatures): SurnameLevel | null {
  const sa = a.surname;
  const sb = b.surname;
  const inOtherNames =
    a.surnameTokens.some((t) => t.length > 1 && b.tokens.includes(t)) ||
    b.surnameTokens.some((t) => t.length > 1 && a.tokens.includes(t));
  // As for given names: a missing surname still lets the other be found among this record's names.
  if (sa === null || sb === null) return inOtherNames ? 'in-other-names' : null;
  if (sa === sb) return 'exact';
  const jw = jaroWinklerAtLeast(sa, sb, NAME_PARTLY_SIMILAR);
  if (jw >= NAME_SIMILAR) return 'similar';
  if (a.surnamePhonetic !== '' && a.surnamePhonetic === b.surnamePhonetic) return 'phonetic';
  if (inOtherNames) return 'in-other-names';
  if (jw >= NAME_PARTLY_SIMILAR) return 'partly-similar';
  return 'different';
}

/**
 * True when both records give a given name and the names are different: not the same
 * name, not a known nickname pair (JON / JONATHAN, BILL / WILLIAM, incl. a misspelt
 * formal name), not an initial of the other, not a plausible typo (`plausibleTypo`), and
 * not found among the other record's other names (middle name, alias, reversed names).
 * Twins, and a parent and child, share surname, address and sometimes a birthday but differ
 * here: such pairs are never linked automatically and never joined by clustering.
 *
 * The scoring levels "similar", "phonetic" and "partly-similar" still score the pair, but
 * do not by themselves lift the guard: AMY and EMMA sound alike (same Metaphone code) and
 * are two different people.
 */
export function firstNamesConflict(a: NameFeatures, b: NameFeatures, context: GuardContext = {}): boolean {
  const level = compareFirstNames(a, b);
  return level !== null && firstNameLevelConflicts(level, a, b, context);
}

/** What else the twins guard may look at. */
export interface GuardContext {
  /** Dates of birth agree exactly and sexes do not disagree: a one-letter slip is then a typo. */
  sameBirthday?: boolean;
  /** Both records give a sex and they differ. */
  sexDiffers?: boolean;
}

/** `firstNamesConflict` for a pair whose given-name level is already known. */
export function firstNameLevelConflicts(
  level: FirstNameLevel,
  a: NameFeatures,
  b: NameFeatures,
  context: GuardContext = {},
): boolean {
  switch (level) {
    case 'exact':
    case 'initial':
      return false;
    case 'nickname':
      // ALEC / SANDY; and SAM, ALEX or CHRIS against a full name when the sexes differ
      // (SAM is Samuel's and Samantha's): different people.
      return (
        shareOnlyANickname(a, b) || (context.sexDiffers === true && a.first !== b.first && oppositeSexNicknames(a, b))
      );
    case 'different':
      return !readingsAgree(a, b, context);
    default: {
      const fa = a.first;
      const fb = b.first;
      if (fa === null || fb === null) return false;
      if (plausibleTypo(fa, fb, context.sameBirthday === true)) return false;
      if (readingsAgree(a, b, context)) return false;
      return !(
        amongOtherNames(fa, a.firstLetters, a.firstPhonetic, a.firstGroups, b, true) ||
        amongOtherNames(fb, b.firstLetters, b.firstPhonetic, b.firstGroups, a, true)
      );
    }
  }
}

/** One of the names is a nickname both sexes use (its groups' formal names include a boy's and a girl's). */
function oppositeSexNicknames(a: NameFeatures, b: NameFeatures): boolean {
  const mixed = (groups: readonly number[]): boolean => {
    const heads = groups.map((g) => NICKNAME_GROUPS[g]?.[0] ?? '');
    return heads.some((x) => heads.some((y) => oppositeSexNames(x, y) || genderedForms(x, y)));
  };
  return mixed(a.firstGroups) || mixed(b.firstGroups);
}

/**
 * One spelling is nobody's name, and read as the known name it is one slip from it is the
 * other name or a nickname of it (WLIL / WILLIAM through WILL, JJHN / JACK through JOHN,
 * RISALIE / ROASLIE). Only when the birthday agrees and the sexes do not differ (as for
 * `plausibleTypo`), and never for a boy's and a girl's form (FREDERICK / FREDERICA).
 */
function readingsAgree(a: NameFeatures, b: NameFeatures, context: GuardContext): boolean {
  const fa = a.first;
  const fb = b.first;
  if (fa === null || fb === null || context.sameBirthday !== true) return false;
  if (genderedForms(fa, fb) || oppositeSexNames(fa, fb)) return false;
  const ra = nameReadings(fa);
  const rb = nameReadings(fb);
  if (ra.length === 1 && ra[0] === fa && rb.length === 1 && rb[0] === fb) return false;
  return ra.some((x) =>
    rb.some(
      (y) => x === y || (areNicknames(x, y) && !genderedForms(x, y) && !(FORMAL_NAMES.has(x) && FORMAL_NAMES.has(y))),
    ),
  );
}
