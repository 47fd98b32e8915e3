import { metaphone } from './phonetic.ts';
import type { PreparedRecord } from './prepare.ts';

/** A field of a record a blocking key is made of (null or empty: the record has none). */
export type KeyField = (r: PreparedRecord) => string | null;

/**
 * A blocking rule: records are compared only when they share the rule's key. A null key
 * puts the record in no block for that rule.
 */
export interface BlockingRule {
  readonly name: string;
  key(r: PreparedRecord): string | null;
  /**
   * The key's two fields, when it is the two joined (null when either is missing): blocking
   * then numbers each field's values once and the key as a pair of integers, rather than
   * making a string per record.
   */
  readonly parts?: readonly [KeyField, KeyField];
  /** Comparisons this rule forces to agree (excluded from m estimation when training on it). */
  readonly fixes?: readonly string[];
  /** Largest block (records on one side) this rule will compare; weak keys get a small limit. */
  readonly maxBlockSize?: number;
  /**
   * How a block too large to compare whole is split: a pair in it is compared when it also
   * shares any one of these (see `subBlockAbove`). Chosen so that a true match, which may
   * differ in one field, nearly always shares one of them.
   */
  readonly subKeys?: readonly KeyField[];
}

const initial = (s: string | null): string | null => (s === null ? null : s.slice(0, 1));
/** Two parts of a key joined, or null when either is missing (two arguments, not a rest list: it runs per record per rule). */
const join = (a: string | null | undefined, b: string | null | undefined): string | null =>
  a == null || a === '' || b == null || b === '' ? null : `${a}|${b}`;

const surnameInitial: KeyField = (r) => initial(r.surname);
const firstInitial: KeyField = (r) => initial(r.first);
const birthYear: KeyField = (r) => r.birthYear;
const district: KeyField = (r) => r.postcode?.district ?? null;
const surnameSound: KeyField = (r) => r.surnamePhonetic || null;
const firstSound: KeyField = (r) => r.firstPhonetic || null;
const place: KeyField = (r) => r.town ?? r.birthPlace;
const BY_NAMES = [surnameSound, firstSound, district];
const BY_YEAR_OR_PLACE = [birthYear, district];

/** A rule whose key is two fields joined. */
const joined = (name: string, a: KeyField, b: KeyField, rest: Omit<BlockingRule, 'name' | 'key' | 'parts'> = {}) =>
  ({ name, key: (r: PreparedRecord) => join(a(r), b(r)), parts: [a, b] as const, ...rest }) satisfies BlockingRule;

export const BLOCK_ON = {
  nhsNumber: { name: 'nhs number', key: (r) => r.nhsNumber, fixes: ['nhsNumber'] },
  pncId: { name: 'pnc id', key: (r) => r.pncId, fixes: ['pncId'] },
  otherId: { name: 'other id', key: (r) => r.otherId, fixes: ['otherId'] },
  email: { name: 'email', key: (r) => r.email, fixes: ['email'] },
  dob: { name: 'date of birth', key: (r) => r.dob, fixes: ['dob'], subKeys: BY_NAMES },
  surnamePhoneticAndBirthYear: joined('surname sound + birth year', surnameSound, birthYear),
  familyNameSoundAndBirthYear: joined(
    'family name sound + birth year',
    (r) => (r.surname !== null ? r.surnamePhonetic : metaphone(r.tokens[r.tokens.length - 1] ?? '')),
    birthYear,
    { subKeys: [firstInitial, district] },
  ),
  placeAndFirstNameSound: joined('town + first name sound', place, firstSound, {
    maxBlockSize: 1000,
    subKeys: [birthYear],
  }),
  placeAndSurnameSound: joined('town + surname sound', place, surnameSound, {
    maxBlockSize: 1000,
    subKeys: [birthYear],
  }),
  postcodeAndInitial: joined('postcode + first initial', (r) => r.postcode?.raw ?? null, firstInitial, {
    subKeys: [birthYear, surnameInitial],
  }),
  namesPhonetic: joined('first name sound + surname sound', firstSound, surnameSound, { subKeys: BY_YEAR_OR_PLACE }),
  firstNameAndSurnameStart: joined(
    'first name + surname start',
    (r) => r.first,
    (r) => r.surname?.slice(0, 3) ?? null,
    { subKeys: BY_YEAR_OR_PLACE },
  ),
  surnameAndInitial: joined('surname + first initial', (r) => r.surname, firstInitial, { subKeys: BY_YEAR_OR_PLACE }),
  fullNameExact: joined(
    'first name + surname',
    (r) => r.first,
    (r) => r.surname,
    {
      fixes: ['firstName', 'surname'],
      subKeys: BY_YEAR_OR_PLACE,
    },
  ),
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

/** Blocks numbered 0, 1, 2... in the order their first left record comes; -1: in no block. */
interface Numbering {
  left: Int32Array;
  right: Int32Array;
  blocks: number;
}

/**
 * The values of record fields, numbered once per field for all the rules and sub-keys that
 * use it (left then right records; null and empty -> -1).
 */
class FieldValues {
  private readonly cache = new Map<KeyField, { left: Int32Array; right: Int32Array; leftValues: number }>();
  constructor(
    private readonly leftRecords: readonly PreparedRecord[],
    private readonly rightRecords: readonly PreparedRecord[] | null,
  ) {}

  of(field: KeyField): { left: Int32Array; right: Int32Array; leftValues: number } {
    let v = this.cache.get(field);
    if (v === undefined) {
      const ids = new Map<string, number>();
      const number = (records: readonly PreparedRecord[]): Int32Array => {
        const out = new Int32Array(records.length);
        for (let i = 0; i < records.length; i++) {
          const k = field(records[i] as PreparedRecord);
          if (k === null || k === '') out[i] = -1;
          else {
            let id = ids.get(k);
            if (id === undefined) ids.set(k, (id = ids.size));
            out[i] = id;
          }
        }
        return out;
      };
      const left = number(this.leftRecords);
      const leftValues = ids.size;
      v = { left, right: this.rightRecords === null ? left : number(this.rightRecords), leftValues };
      this.cache.set(field, v);
    }
    return v;
  }
}

/**
 * Number a rule's keys: the same numbers, in the same order, as numbering the key strings
 * by first appearance (a right-hand key no left record has makes no pair: -1), but made
 * from the numbered values of its fields.
 */
function numberKeys(fields: FieldValues, rule: BlockingRule, dedup: boolean): Numbering {
  if (rule.parts === undefined) {
    const v = fields.of(rule.key);
    // A copy: blocking marks skipped blocks in its passes' numbers.
    const left = v.left.slice();
    const right = dedup ? left : v.right.map((id) => (id >= v.leftValues ? -1 : id));
    return { left, right, blocks: v.leftValues };
  }
  const a = fields.of(rule.parts[0]);
  const b = fields.of(rule.parts[1]);
  return numberPairs(a, b, null, dedup);
}

/**
 * Number pairs of per-record integers (either -1: -1) by first appearance, left records
 * first; a right-hand pair no left record has is -1. `only`, when given, leaves out the
 * records whose first number it does not mark.
 */
function numberPairs(
  a: { left: Int32Array; right: Int32Array },
  b: { left: Int32Array; right: Int32Array },
  only: Uint8Array | null,
  dedup: boolean,
): Numbering {
  const ids = new IntPairNumbers();
  const number = (x: Int32Array, y: Int32Array, addNew: boolean): Int32Array => {
    const out = new Int32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const p = x[i] as number;
      const q = y[i] as number;
      out[i] = p < 0 || q < 0 || (only !== null && only[p] === 0) ? -1 : addNew ? ids.numberOf(p, q) : ids.get(p, q);
    }
    return out;
  };
  const left = number(a.left, b.left, true);
  return { left, right: dedup ? left : number(a.right, b.right, false), blocks: ids.size };
}

/**
 * Pairs of non-negative integers numbered 0, 1, 2... in the order first seen: an
 * open-addressing hash table in typed arrays, grown when half full.
 */
export class IntPairNumbers {
  private first = new Int32Array(1 << 12).fill(-1);
  private second = new Int32Array(1 << 12);
  private number = new Int32Array(1 << 12);
  size = 0;

  private slot(x: number, y: number): number {
    let s = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77)) & (this.first.length - 1);
    while (this.first[s] !== -1 && (this.first[s] !== x || this.second[s] !== y)) s = (s + 1) & (this.first.length - 1);
    return s;
  }

  /** The number of (x, y), or -1 when it has none. */
  get(x: number, y: number): number {
    const s = this.slot(x, y);
    return this.first[s] === -1 ? -1 : (this.number[s] as number);
  }

  /** The number of (x, y), the next one when it is new. */
  numberOf(x: number, y: number): number {
    let s = this.slot(x, y);
    if (this.first[s] !== -1) return this.number[s] as number;
    if (this.size * 2 >= this.first.length) {
      this.grow();
      s = this.slot(x, y);
    }
    this.first[s] = x;
    this.second[s] = y;
    this.number[s] = this.size;
    return this.size++;
  }

  private grow(): void {
    const [first, second, number] = [this.first, this.second, this.number];
    this.first = new Int32Array(first.length * 2).fill(-1);
    this.second = new Int32Array(first.length * 2);
    this.number = new Int32Array(first.length * 2);
    for (let s = 0; s < first.length; s++) {
      if (first[s] === -1) continue;
      const t = this.slot(first[s] as number, second[s] as number);
      this.first[t] = first[s] as number;
      this.second[t] = second[s] as number;
      this.number[t] = number[s] as number;
    }
  }
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
  fields: FieldValues,
  right: readonly PreparedRecord[] | null,
  rule: BlockingRule,
  ruleIndex: number,
  splitAbove: number,
): { passes: Pass[]; split: number } {
  const base = numberKeys(fields, rule, right === null);
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
  // A sub-block is the block and the sub-key's value together.
  for (const subKey of subKeys)
    passes.push({ rule: ruleIndex, ...numberPairs(base, fields.of(subKey), over, right === null) });
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
  const fields = new FieldValues(left, right);
  for (let k = 0; k < rules.length; k++) {
    const rule = rules[k] as BlockingRule;
    const maxBlock = Math.min(defaultMaxBlock, rule.maxBlockSize ?? Infinity);
    const splitAt = Math.min(splitAbove, maxBlock);
    const { passes, split } = rulePasses(fields, right, rule, k, splitAt);
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
