import { metaphone } from './phonetic.ts';
import type { PreparedRecord } from './prepare.ts';

/**
 * A blocking rule: records are compared only when they share the rule's key. A null key
 * puts the record in no block for that rule.
 */
export interface BlockingRule {
  readonly name: string;
  key(r: PreparedRecord): string | null;
  /** Comparisons this rule forces to agree (excluded from m estimation when training on it). */
  readonly fixes?: readonly string[];
  /** Largest block (records on one side) this rule will compare; weak keys get a small limit. */
  readonly maxBlockSize?: number;
}

const initial = (s: string | null): string | null => (s === null ? null : s.slice(0, 1));
const join = (...parts: (string | null | undefined)[]): string | null =>
  parts.some((p) => p == null || p === '') ? null : parts.join('|');

export const BLOCK_ON = {
  nhsNumber: { name: 'nhs number', key: (r) => r.nhsNumber, fixes: ['nhsNumber'] },
  pncId: { name: 'pnc id', key: (r) => r.pncId, fixes: ['pncId'] },
  otherId: { name: 'other id', key: (r) => r.otherId, fixes: ['otherId'] },
  email: { name: 'email', key: (r) => r.email, fixes: ['email'] },
  dob: { name: 'date of birth', key: (r) => r.dob, fixes: ['dob'] },
  surnamePhoneticAndBirthYear: { name: 'surname sound + birth year', key: (r) => join(r.surnamePhonetic, r.birthYear) },
  familyNameSoundAndBirthYear: {
    name: 'family name sound + birth year',
    key: (r) =>
      join(r.surname !== null ? r.surnamePhonetic : metaphone(r.tokens[r.tokens.length - 1] ?? ''), r.birthYear),
  },
  placeAndFirstNameSound: {
    name: 'town + first name sound',
    key: (r) => join(r.town ?? r.birthPlace, r.firstPhonetic),
    maxBlockSize: 1000,
  },
  placeAndSurnameSound: {
    name: 'town + surname sound',
    key: (r) => join(r.town ?? r.birthPlace, r.surnamePhonetic),
    maxBlockSize: 1000,
  },
  postcodeAndInitial: { name: 'postcode + first initial', key: (r) => join(r.postcode?.raw, initial(r.first)) },
  namesPhonetic: { name: 'first name sound + surname sound', key: (r) => join(r.firstPhonetic, r.surnamePhonetic) },
  firstNameAndSurnameStart: { name: 'first name + surname start', key: (r) => join(r.first, r.surname?.slice(0, 3)) },
  surnameAndInitial: { name: 'surname + first initial', key: (r) => join(r.surname, initial(r.first)) },
  fullNameExact: {
    name: 'first name + surname',
    key: (r) => join(r.first, r.surname),
    fixes: ['firstName', 'surname'],
  },
  postcode: { name: 'postcode', key: (r) => r.postcode?.raw ?? null, fixes: ['place'] },
} as const satisfies Record<string, BlockingRule>;

/** Rules used to find candidate pairs. Their union should contain nearly every true match. */
export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  BLOCK_ON.nhsNumber,
  BLOCK_ON.pncId,
  BLOCK_ON.otherId,
  BLOCK_ON.email,
  BLOCK_ON.dob,
  BLOCK_ON.familyNameSoundAndBirthYear,
  BLOCK_ON.postcode,
  BLOCK_ON.namesPhonetic,
  BLOCK_ON.firstNameAndSurnameStart,
  BLOCK_ON.surnameAndInitial,
  BLOCK_ON.placeAndFirstNameSound,
  BLOCK_ON.placeAndSurnameSound,
];

/**
 * Rules whose pairs train the m probabilities by EM (each leaves its own fields out, as
 * Splink does). Not postcode: pairs at one postcode are mostly households and neighbours,
 * so EM there learns "same household" rather than "same person" (a true match sharing a
 * given name came out near 0.02) and spoils the name and date weights.
 */
export const DEFAULT_TRAINING_RULES: readonly BlockingRule[] = [BLOCK_ON.dob, BLOCK_ON.fullNameExact];

export interface BlockingOptions {
  /** Blocks with more records than this on one side are skipped (default 5000; a rule may set less). */
  maxBlockSize?: number;
}

export interface BlockingStats {
  rule: string;
  pairs: number;
  skippedBlocks: number;
}

/**
 * Generate candidate pairs. With one list (deduplication) pairs are (i, j) with i < j
 * within it; with two lists (linkage) i indexes `left` and j indexes `right`. A pair is
 * produced once, by the first rule that finds it. Returns per-rule counts.
 */
export function forEachCandidatePair(
  left: readonly PreparedRecord[],
  right: readonly PreparedRecord[] | null,
  rules: readonly BlockingRule[],
  visit: (i: number, j: number) => void,
  options: BlockingOptions = {},
): BlockingStats[] {
  const defaultMaxBlock = options.maxBlockSize ?? 5000;
  const leftKeys = rules.map((rule) => left.map((r) => rule.key(r)));
  const rightKeys = right === null ? leftKeys : rules.map((rule) => right.map((r) => rule.key(r)));
  const stats: BlockingStats[] = [];
  for (let k = 0; k < rules.length; k++) {
    const maxBlock = Math.min(defaultMaxBlock, rules[k]?.maxBlockSize ?? Infinity);
    const lk = leftKeys[k] as (string | null)[];
    const rk = rightKeys[k] as (string | null)[];
    const blocks = new Map<string, { l: number[]; r: number[] }>();
    lk.forEach((key, i) => {
      if (key === null) return;
      let b = blocks.get(key);
      if (!b) blocks.set(key, (b = { l: [], r: [] }));
      b.l.push(i);
    });
    if (right !== null) {
      rk.forEach((key, j) => {
        if (key === null) return;
        blocks.get(key)?.r.push(j);
      });
    }
    const seenBefore = (i: number, j: number): boolean => {
      for (let e = 0; e < k; e++) {
        const a = (leftKeys[e] as (string | null)[])[i];
        if (a != null && a === (rightKeys[e] as (string | null)[])[j]) return true;
      }
      return false;
    };
    let pairs = 0;
    let skipped = 0;
    for (const { l, r } of blocks.values()) {
      if (right === null) {
        if (l.length < 2) continue;
        if (l.length > maxBlock) {
          skipped++;
          continue;
        }
        for (let x = 0; x < l.length; x++) {
          for (let y = x + 1; y < l.length; y++) {
            const i = l[x] as number;
            const j = l[y] as number;
            if (seenBefore(i, j)) continue;
            visit(i, j);
            pairs++;
          }
        }
      } else {
        if (r.length === 0) continue;
        if (l.length > maxBlock || r.length > maxBlock) {
          skipped++;
          continue;
        }
        for (const i of l) {
          for (const j of r) {
            if (seenBefore(i, j)) continue;
            visit(i, j);
            pairs++;
          }
        }
      }
    }
    stats.push({ rule: rules[k]?.name ?? String(k), pairs, skippedBlocks: skipped });
  }
  return stats;
}
