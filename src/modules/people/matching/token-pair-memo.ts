/**
 * A memo from a pair of token numbers (non-negative integers) to a small non-negative
 * integer, in typed arrays: an open-addressing hash table with linear probing. A Map keyed
 * by a number made from the two would allocate a heap number per look-up, which costs more
 * than the comparison it saves. When half full it forgets everything, so memory stays
 * bounded; callers only ever lose time by that, never a result.
 */
export class TokenPairMemo {
  private readonly mask: number;
  private readonly first: Int32Array;
  private readonly second: Int32Array;
  private readonly value: Int8Array;
  private size = 0;

  constructor(bits = 21) {
    const capacity = 1 << bits;
    this.mask = capacity - 1;
    this.first = new Int32Array(capacity).fill(-1);
    this.second = new Int32Array(capacity);
    this.value = new Int8Array(capacity);
  }

  private slot(x: number, y: number): number {
    return (Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77)) & this.mask;
  }

  /** The value kept for (x, y), or -1 when none is (or either number is negative). */
  get(x: number, y: number): number {
    if (x < 0 || y < 0) return -1;
    for (let s = this.slot(x, y); ; s = (s + 1) & this.mask) {
      const f = this.first[s] as number;
      if (f === -1) return -1;
      if (f === x && this.second[s] === y) return this.value[s] as number;
    }
  }

  /** Keep `v` (0 to 127) for (x, y); ignored when either number is negative. */
  set(x: number, y: number, v: number): void {
    if (x < 0 || y < 0) return;
    if (this.size * 2 >= this.mask) {
      this.first.fill(-1);
      this.size = 0;
    }
    let s = this.slot(x, y);
    while (this.first[s] !== -1) {
      if (this.first[s] === x && this.second[s] === y) break;
      s = (s + 1) & this.mask;
    }
    if (this.first[s] === -1) this.size++;
    this.first[s] = x;
    this.second[s] = y;
    this.value[s] = v;
  }
}
