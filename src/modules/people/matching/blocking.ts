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
  /**
   * How a block too large to compare whole is split: a pair in it is compared when it also
   * shares any one of these (see `subBlockAbove`). Chosen so that a true match, which may
   * differ in one field, nearly always shares one of them.
   */
  readonly subKeys?: readonly ((r: PreparedRecord) => string | null)[];
}

const initial = (s: string | null): string | null => (s === null ? null : s.slice(0, 1));
/** Two parts of a key joined, or null when either is missing (two arguments, not a rest list: it runs per record per rule). */
const join = (a: string | null | undefined, b: string | null | undefined): string | null =>
  a == null || a === '' || b == null || b === '' ? null : `${a}|${b}`;

const surnameInitial = (r: PreparedRecord): string | null => initial(r.surname);
const firstInitial = (r: PreparedRecord): string | null => initial(r.first);
const birthYear = (r: PreparedRecord): string | null => r.birthYear;
const district = (r: PreparedRecord): string | null => r.postcode?.district ?? null;
const surnameSound = (r: PreparedRecord): string | null => r.surnamePhonetic || null;
const firstSound = (r: PreparedRecord): string | null => r.firstPhonetic || null;
const BY_NAMES = [surnameSound, firstSound, district];
const BY_YEAR_OR_PLACE = [birthYear, district];

export const BLOCK_ON = {
  nhsNumber: { name: 'nhs number', key: (r) => r.nhsNumber, fixes: ['nhsNumber'] },
  pncId: { name: 'pnc id', key: (r) => r.pncId, fixes: ['pncId'] },
  otherId: { name: 'other id', key: (r) => r.otherId, fixes: ['otherId'] },
  email: { name: 'email', key: (r) => r.email, fixes: ['email'] },
  dob: { name: 'date of birth', key: (r) => r.dob, fixes: ['dob'], subKeys: BY_NAMES },
  surnamePhoneticAndBirthYear: { name: 'surname sound + birth year', key: (r) => join(r.surnamePhonetic, r.birthYear) },
  familyNameSoundAndBirthYear: {
    name: 'family name sound + birth year',
    key: (r) =>
      join(r.surname !== null ? r.surnamePhonetic : metaphone(r.tokens[r.tokens.length - 1] ?? ''), r.birthYear),
    subKeys: [firstInitial, district],
  },
  placeAndFirstNameSound: {
    name: 'town + first name sound',
    key: (r) => join(r.town ?? r.birthPlace, r.firstPhonetic),
    maxBlockSize: 1000,
    subKeys: [birthYear],
  },
  placeAndSurnameSound: {
    name: 'town + surname sound',
    key: (r) => join(r.town ?? r.birthPlace, r.surnamePhonetic),
    maxBlockSize: 1000,
    subKeys: [birthYear],
  },
  postcodeAndInitial: {
    name: 'postcode + first initial',
    key: (r) => join(r.postcode?.raw, initial(r.first)),
    subKeys: [birthYear, surnameInitial],
  },
  namesPhonetic: {
    name: 'first name sound + surname sound',
    key: (r) => join(r.firstPhonetic, r.surnamePhonetic),
    subKeys: BY_YEAR_OR_PLACE,
  },
  firstNameAndSurnameStart: {
    name: 'first name + surname start',
    key: (r) => join(r.first, r.surname?.slice(0, 3)),
    subKeys: BY_YEAR_OR_PLACE,
  },
  surnameAndInitial: {
    name: 'surname + first initial',
    key: (r) => join(r.surname, initial(r.first)),
    subKeys: BY_YEAR_OR_PLACE,
  },
  fullNameExact: {
    name: 'first name + surname',
    key: (r) => join(r.first, r.surname),
    fixes: ['firstName', 'surname'],
    subKeys: BY_YEAR_OR_PLACE,
  },
  postcode: {
    name: 'postcode',
    key: (r) => r.postcode?.raw ?? null,
    fixes: ['place'],
    subKeys: [surnameSound, firstSound, birthYear],
  },
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
  /** Blocks (or sub-blocks) with more records than this on one side are skipped (default 5000; a rule may set less). */
  maxBlockSize?: number;
  /**
   * Blocks with more records than this on one side are split by each of the rule's
   * `subKeys` (a pair is compared when it shares the key and any one sub-key), so each
   * record meets a bounded number of others and time grows linearly with the records; a
   * sub-block over this size is skipped too. Default: no splitting (training passes want every pair of their rule).
   */
  subBlockAbove?: number;
}

export interface BlockingStats {
  rule: string;
  pairs: number;
  skippedBlocks: number;
  /** Blocks over `subBlockAbove`, compared only within their sub-blocks. */
  splitBlocks?: number;
}

/** One pass over the records: a block number per record on each side (-1: in no block). */
interface Pass {
  rule: number;
  left: Int32Array;
  right: Int32Array;
  blocks: number;
}

/** Number the distinct keys (null -> -1), left and right in one numbering. */
function numberKeys(
  left: readonly PreparedRecord[],
  right: readonly PreparedRecord[] | null,
  key: (r: PreparedRecord, index: number, side: 0 | 1) => string | null,
): { left: Int32Array; right: Int32Array; blocks: number } {
  const ids = new Map<string, number>();
  const number = (records: readonly PreparedRecord[], side: 0 | 1, addNew: boolean): Int32Array => {
    const out = new Int32Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const k = key(records[i] as PreparedRecord, i, side);
      let id = k === null ? -1 : ids.get(k);
      if (id === undefined) {
        if (addNew) ids.set(k as string, (id = ids.size));
        else id = -1;
      }
      out[i] = id;
    }
    return out;
  };
  const l = number(left, 0, true);
  // A right-hand key no left record has makes no pair.
  const r = right === null ? l : number(right, 1, false);
  return { left: l, right: r, blocks: ids.size };
}

function counts(ids: Int32Array, blocks: number): Int32Array {
  const c = new Int32Array(blocks);
  for (const id of ids) if (id >= 0) (c[id] as number)++;
  return c;
}

/** Members of each block, as offsets into one array (counting sort). */
function members(ids: Int32Array, blocks: number): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(blocks + 1);
  for (const id of ids) if (id >= 0) (start[id + 1] as number)++;
  for (let b = 0; b < blocks; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const fill = start.slice(0, blocks);
  const list = new Int32Array(start[blocks] as number);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id >= 0) list[(fill[id] as number)++] = i;
  }
  return { start, list };
}

/**
 * The passes of one rule: its key, with blocks over `splitAbove` left out and compared
 * instead within one pass per sub-key (key + sub-key).
 */
function rulePasses(
  left: readonly PreparedRecord[],
  right: readonly PreparedRecord[] | null,
  rule: BlockingRule,
  ruleIndex: number,
  splitAbove: number,
): { passes: Pass[]; split: number } {
  const base = numberKeys(left, right, (r) => rule.key(r));
  const subKeys = rule.subKeys ?? [];
  if (subKeys.length === 0 || !Number.isFinite(splitAbove)) return { passes: [{ rule: ruleIndex, ...base }], split: 0 };
  const cl = counts(base.left, base.blocks);
  const cr = right === null ? cl : counts(base.right, base.blocks);
  const over = new Uint8Array(base.blocks);
  let split = 0;
  for (let b = 0; b < base.blocks; b++) {
    const big =
      right === null ? (cl[b] as number) > splitAbove : Math.max(cl[b] as number, cr[b] as number) > splitAbove;
    if (big && (right === null ? (cl[b] as number) > 1 : (cr[b] as number) > 0)) {
      over[b] = 1;
      split++;
    }
  }
  if (split === 0) return { passes: [{ rule: ruleIndex, ...base }], split };
  const passes: Pass[] = [];
  for (const subKey of subKeys) {
    const sides = [base.left, base.right];
    const sub = numberKeys(left, right, (r, i, side) => {
      const id = (sides[side] as Int32Array)[i] as number;
      if (id < 0 || over[id] === 0) return null;
      const s = subKey(r);
      return s === null || s === '' ? null : `${id}|${s}`;
    });
    passes.push({ rule: ruleIndex, ...sub });
  }
  const keep = (ids: Int32Array): Int32Array => ids.map((id) => (id >= 0 && over[id] === 1 ? -1 : id));
  const l = keep(base.left);
  passes.unshift({ rule: ruleIndex, left: l, right: right === null ? l : keep(base.right), blocks: base.blocks });
  return { passes, split };
}

/**
 * Generate candidate pairs, streaming: each pair goes to `visit` as it is found and none is
 * held. With one list (deduplication) pairs are (i, j) with i < j within it; with two lists
 * (linkage) i indexes `left` and j indexes `right`. A pair is produced once, by the first
 * pass that finds it. Keys are numbered once per rule, so telling whether an earlier pass
 * found a pair compares integers. Returns per-rule counts.
 */
export function forEachCandidatePair(
  left: readonly PreparedRecord[],
  right: readonly PreparedRecord[] | null,
  rules: readonly BlockingRule[],
  visit: (i: number, j: number) => void,
  options: BlockingOptions = {},
): BlockingStats[] {
  const defaultMaxBlock = options.maxBlockSize ?? 5000;
  const splitAbove = options.subBlockAbove ?? Infinity;
  const done: Pass[] = [];
  const stats: BlockingStats[] = [];
  for (let k = 0; k < rules.length; k++) {
    const rule = rules[k] as BlockingRule;
    const maxBlock = Math.min(defaultMaxBlock, rule.maxBlockSize ?? Infinity);
    const splitAt = Math.min(splitAbove, maxBlock);
    const { passes, split } = rulePasses(left, right, rule, k, splitAt);
    let pairs = 0;
    let skipped = 0;
    for (const [p, pass] of passes.entries()) {
      // A sub-block (every pass after the first, when the rule splits) is held to the split size.
      const limit = split > 0 && p > 0 ? splitAt : maxBlock;
      const seenBefore = (i: number, j: number): boolean => {
        for (let e = 0; e < done.length; e++) {
          const p = done[e] as Pass;
          const a = p.left[i] as number;
          if (a >= 0 && a === p.right[j]) return true;
        }
        return false;
      };
      const l = members(pass.left, pass.blocks);
      const r = right === null ? l : members(pass.right, pass.blocks);
      const skippedBlocks = new Set<number>();
      const before = pairs;
      for (let b = 0; b < pass.blocks; b++) {
        const l0 = l.start[b] as number;
        const l1 = l.start[b + 1] as number;
        const r0 = r.start[b] as number;
        const r1 = r.start[b + 1] as number;
        if (right === null ? l1 - l0 < 2 : l1 === l0 || r1 === r0) continue;
        if (l1 - l0 > limit || r1 - r0 > limit) {
          skipped++;
          skippedBlocks.add(b);
          continue;
        }
        if (right === null) {
          for (let x = l0; x < l1; x++) {
            const i = l.list[x] as number;
            for (let y = x + 1; y < l1; y++) {
              const j = l.list[y] as number;
              if (seenBefore(i, j)) continue;
              visit(i, j);
              pairs++;
            }
          }
        } else {
          for (let x = l0; x < l1; x++) {
            const i = l.list[x] as number;
            for (let y = r0; y < r1; y++) {
              const j = r.list[y] as number;
              if (seenBefore(i, j)) continue;
              visit(i, j);
              pairs++;
            }
          }
        }
      }
      // A later pass must still produce the pairs of a skipped block, and a pass that found
      // nothing need not be asked.
      if (skippedBlocks.size > 0) {
        const drop = (ids: Int32Array): void => ids.forEach((id, i) => void (skippedBlocks.has(id) && (ids[i] = -1)));
        drop(pass.left);
        if (right !== null) drop(pass.right);
      }
      if (pairs > before) done.push(pass);
    }
    stats.push({ rule: rule.name, pairs, skippedBlocks: skipped, ...(split > 0 ? { splitBlocks: split } : {}) });
  }
  return stats;
}
