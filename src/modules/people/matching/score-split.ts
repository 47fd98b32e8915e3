import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { ALL_COMPARISONS } from './comparisons.ts';
import type { LevelsOf } from './estimate.ts';
import type { MatchModel } from './model.ts';
import type { PersonRecord } from './record.ts';
import { KeptPairs } from './score-pairs.ts';

/** Slots of the shared state: the worker has the records; chunks it has scored; it failed. */
export const READY = 0;
export const DONE = 1;
export const FAILED = 2;

export type SplitMessage =
  /** The records as JSON (one string is copied at once; a million objects are not). */
  | { type: 'records'; json: string }
  | {
      type: 'model';
      comparisons: string[];
      model: Omit<MatchModel, 'comparisons'>;
      plain: boolean;
    }
  | { type: 'pairs'; index: number; pairs: Int32Array }
  | { type: 'levels'; index: number; pairs: Int32Array; comparisons: string[] };

/** What the worker sends back: a chunk's kept pairs, or its pairs' levels. */
export type SplitAnswer = { index: number; kept: KeptPairs } | { index: number; levels: Int8Array };

/** Pairs per chunk: enough to make a message cheap beside scoring it, few enough to share the work evenly. */
const CHUNK_PAIRS = 8192;
/** A worker that has scored nothing for this long is taken as gone, and its chunks are scored here. */
const STALL_MS = 60_000;

/** tsx's module API (its ESM hooks register themselves only on the main thread). */
function tsxApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(
    join(dirname(manifest), (exports['./esm/api'] as { import: { default: string } }).import.default),
  ).href;
}

/**
 * Candidate pairs scored on this thread and one worker thread. Blocking stays here and hands
 * out chunks of pairs: to the worker while it has fewer than two waiting, otherwise scored
 * here. The chunks' kept pairs are put back in the order the pairs came, so the result is the
 * one a single thread gives, whoever scored each chunk. Synchronous, like the blocking that
 * feeds it: the worker's answers are read with `receiveMessageOnPort`. Should the worker not
 * start or fail, this thread scores everything.
 */
export class ScoringSplit {
  private worker: Worker | null = null;
  private readonly port: MessagePort;
  private readonly state = new Int32Array(new SharedArrayBuffer(12));
  private readonly chunks: (KeptPairs | null)[] = [];
  /** Pairs of the chunks the worker has not answered, to score here if it fails. */
  private readonly waiting = new Map<number, Int32Array>();
  private sent = 0;
  private buffer = new Int32Array(CHUNK_PAIRS * 2);
  private n = 0;
  private score: ((i: number, j: number, out: KeptPairs) => void) | null = null;
  private levelIndex = 0;
  private readonly levelAnswers = new Map<number, Int8Array>();
  private readonly levelStarts = new Map<number, number>();

  /**
   * Starts the worker and sends it the records the prepared ones were made from: it prepares
   * its own copy while the model is fitted here.
   */
  constructor(left: readonly PersonRecord[], right: readonly PersonRecord[] | null) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    try {
      // The worker runs TypeScript as this process does, through tsx (a dependency).
      const entry = new URL('./score-worker.ts', import.meta.url).href;
      this.worker = new Worker(
        `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
        {
          eval: true,
          workerData: { scoringSplit: true, port: channel.port2, state: this.state },
          transferList: [channel.port2],
        },
      );
      this.worker.unref();
      this.worker.on('error', () => Atomics.store(this.state, FAILED, 1));
      this.port.postMessage({ type: 'records', json: JSON.stringify({ left, right }) } satisfies SplitMessage);
    } catch {
      this.worker = null;
    }
  }

  /** The fitted model, and this thread's scorer (the worker makes the same one from the model). */
  start(model: MatchModel, plain: boolean, score: (i: number, j: number, out: KeptPairs) => void): void {
    this.score = score;
    if (this.worker === null) return;
    const { comparisons, ...rest } = model;
    this.port.postMessage({
      type: 'model',
      comparisons: comparisons.map((c) => c.name),
      model: rest,
      plain,
    } satisfies SplitMessage);
  }

  add(i: number, j: number): void {
    this.buffer[this.n++] = i;
    this.buffer[this.n++] = j;
    if (this.n === this.buffer.length) this.flush();
  }

  private flush(): void {
    const index = this.chunks.length;
    const pairs = this.buffer.subarray(0, this.n);
    this.n = 0;
    this.receive();
    if (this.workerFree()) {
      this.chunks.push(null);
      this.waiting.set(index, pairs.slice());
      this.port.postMessage({ type: 'pairs', index, pairs } satisfies SplitMessage, [pairs.buffer]);
      this.sent++;
      this.buffer = new Int32Array(CHUNK_PAIRS * 2);
    } else this.chunks.push(this.scoreHere(pairs));
  }

  private scoreHere(pairs: Int32Array): KeptPairs {
    const kept = new KeptPairs(256);
    const score = this.score as (i: number, j: number, out: KeptPairs) => void;
    for (let k = 0; k < pairs.length; k += 2) score(pairs[k] as number, pairs[k + 1] as number, kept);
    return kept;
  }

  /** Take in the worker's answers so far. */
  private receive(): void {
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const answer = m.message as SplitAnswer;
      if ('levels' in answer) this.levelAnswers.set(answer.index, answer.levels);
      else {
        this.chunks[answer.index] = KeptPairs.from(answer.kept);
        this.waiting.delete(answer.index);
      }
    }
  }

  private workerFree(): boolean {
    return this.workerReady() && this.sent - Atomics.load(this.state, DONE) < 2;
  }

  /** Wait until the worker has answered everything sent, or failed, or stalled. */
  private drain(outstanding: () => boolean): void {
    let done = Atomics.load(this.state, DONE);
    let since = performance.now();
    while (outstanding() && Atomics.load(this.state, FAILED) === 0 && performance.now() - since < STALL_MS) {
      Atomics.wait(this.state, DONE, done, 100);
      this.receive();
      const now = Atomics.load(this.state, DONE);
      if (now !== done) [done, since] = [now, performance.now()];
    }
    this.receive();
  }

  /**
   * `LevelsOf` (see estimate.ts) on this thread and the worker, for fitting the model: the
   * pairs go in chunks to whichever is free, and the levels come back in their places. Only
   * comparisons the worker can name are sent to it.
   */
  levelsOf(local: LevelsOf): LevelsOf {
    return (pairs, comparisons) => {
      const n = comparisons.length;
      const out = new Int8Array((pairs.length / 2) * n);
      const named = comparisons.every((c) => ALL_COMPARISONS.includes(c));
      const sentHere = new Map<number, Int32Array>();
      for (let start = 0; start < pairs.length; start += CHUNK_PAIRS * 2) {
        const chunk = pairs.subarray(start, Math.min(pairs.length, start + CHUNK_PAIRS * 2));
        this.receive();
        if (named && this.workerFree()) {
          const index = this.levelIndex++;
          sentHere.set(index, chunk);
          this.levelStarts.set(index, start);
          this.port.postMessage({
            type: 'levels',
            index,
            pairs: chunk.slice(),
            comparisons: comparisons.map((c) => c.name),
          } satisfies SplitMessage);
          this.sent++;
        } else out.set(local(chunk, comparisons), (start / 2) * n);
      }
      this.drain(() => [...sentHere.keys()].some((index) => !this.levelAnswers.has(index)));
      for (const [index, chunk] of sentHere) {
        const levels = this.levelAnswers.get(index) ?? local(chunk, comparisons);
        out.set(levels, ((this.levelStarts.get(index) as number) / 2) * n);
        this.levelAnswers.delete(index);
        this.levelStarts.delete(index);
      }
      return out;
    };
  }

  /** Whether the worker has the records (and so takes chunks). */
  workerReady(): boolean {
    return this.worker !== null && Atomics.load(this.state, READY) === 1 && Atomics.load(this.state, FAILED) === 0;
  }

  /** Chunks of candidate pairs the worker scored, all chunks, and chunks of pairs it compared for fitting. */
  get chunkCounts(): { worker: number; all: number; levels: number } {
    return {
      worker: this.sent - this.waiting.size - this.levelIndex,
      all: this.chunks.length,
      levels: this.levelIndex,
    };
  }

  /** Every kept pair, in the order the pairs were added; stops the worker. */
  finish(): KeptPairs {
    if (this.n > 0) this.flush();
    this.drain(() => this.waiting.size > 0);
    for (const [index, pairs] of this.waiting) this.chunks[index] = this.scoreHere(pairs);
    this.close();
    const all = new KeptPairs(1024);
    for (const chunk of this.chunks) all.append(chunk as KeptPairs);
    return all;
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.port.close();
  }
}
