/**
 * Per source address: after a few failed sign-ins, each further attempt from
 * that address waits longer (1 s, 2 s, 4 s … up to 15 minutes). This slows an
 * attacker trying many accounts without locking any account, so it cannot be
 * used to keep someone else out. A success from the address starts it again.
 */
export class AddressThrottle {
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly freeAttempts = 10,
    private readonly maxDelayMs = 15 * 60_000,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Milliseconds this address must still wait, 0 when it may try now. */
  waitFor(address: string, now = Date.now()): number {
    const entry = this.failures.get(address);
    return entry ? Math.max(0, entry.until - now) : 0;
  }

  failed(address: string, now = Date.now()): void {
    const entry = this.failures.get(address) ?? { count: 0, until: 0 };
    entry.count++;
    const over = entry.count - this.freeAttempts;
    entry.until = over > 0 ? now + Math.min(this.maxDelayMs, 1000 * 2 ** (over - 1)) : 0;
    this.failures.delete(address);
    this.failures.set(address, entry);
    // Bounded memory: the least recently failing address goes first.
    if (this.failures.size > this.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }
}
