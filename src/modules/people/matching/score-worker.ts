/**
 * A thread that scores candidate pairs for `ScoringSplit` (see score-split.ts): it gets
 * the records once and prepares them, then chunks of pairs to compare while the model is
 * fitted (their levels go back), then the fitted model, then chunks of candidate pairs (the
 * pairs worth keeping of each go back).
 */
import { isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import { ALL_COMPARISONS, type Comparison } from './comparisons.ts';
import { localLevels } from './estimate.ts';
import { computeWeights, type MatchModel } from './model.ts';
import { prepareRecord, type PreparedRecord } from './prepare.ts';
import type { PersonRecord } from './record.ts';
import { KeptPairs, pairScorer } from './score-pairs.ts';
import { DONE, FAILED, READY, type SplitAnswer, type SplitMessage } from './score-split.ts';

interface SplitData {
  scoringSplit: true;
  port: MessagePort;
  state: Int32Array;
}

// Imported anywhere else (page discovery reads every file of a module), it does nothing.
const data = workerData as SplitData | null;
if (!isMainThread && data?.scoringSplit === true) serve(data);

function comparisonNamed(name: string): Comparison {
  const c = ALL_COMPARISONS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`unknown comparison ${name}`);
  return c;
}

function serve({ port, state }: SplitData): void {
  let left: PreparedRecord[] = [];
  let right: PreparedRecord[] | null = null;
  let score: ((i: number, j: number, out: KeptPairs) => void) | null = null;

  port.on('message', (message: SplitMessage) => {
    try {
      if (message.type === 'records') {
        const records = JSON.parse(message.json) as { left: PersonRecord[]; right: PersonRecord[] | null };
        left = records.left.map(prepareRecord);
        right = records.right === null ? null : records.right.map(prepareRecord);
        Atomics.store(state, READY, 1);
      } else if (message.type === 'model') {
        const comparisons = message.comparisons.map(comparisonNamed);
        const model: MatchModel = { ...message.model, comparisons };
        score = pairScorer(
          model,
          computeWeights(model, { boundPenalties: !message.plain }),
          left,
          right ?? left,
          message.plain,
        );
      } else if (message.type === 'levels') {
        const levels = localLevels(left, right ?? left)(message.pairs, message.comparisons.map(comparisonNamed));
        port.postMessage({ index: message.index, levels } satisfies SplitAnswer, [levels.buffer as ArrayBuffer]);
        Atomics.add(state, DONE, 1);
        Atomics.notify(state, DONE);
      } else {
        if (score === null) throw new Error('pairs before the model');
        const kept = new KeptPairs(1024);
        const pairs = message.pairs;
        for (let k = 0; k < pairs.length; k += 2) score(pairs[k] as number, pairs[k + 1] as number, kept);
        const { length } = kept;
        const fields = {
          left: kept.left.slice(0, length),
          right: kept.right.slice(0, length),
          evidence: kept.evidence.slice(0, length),
          rest: kept.rest.slice(0, length),
          flags: kept.flags.slice(0, length),
          apartBy: kept.apartBy.slice(0, length),
          length,
        };
        port.postMessage({ index: message.index, kept: fields }, [
          fields.left.buffer,
          fields.right.buffer,
          fields.evidence.buffer,
          fields.rest.buffer,
          fields.flags.buffer,
          fields.apartBy.buffer,
        ]);
        Atomics.add(state, DONE, 1);
        Atomics.notify(state, DONE);
      }
    } catch {
      // The caller scores what this thread has not.
      Atomics.store(state, FAILED, 1);
      Atomics.notify(state, DONE);
    }
  });
}
