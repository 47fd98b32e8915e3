import { describe, expect, it } from 'vitest';
import { DEFAULT_BLOCKING_RULES, forEachCandidatePair } from './blocking.ts';
import { ALL_COMPARISONS } from './comparisons.ts';
import { localLevels } from './estimate.ts';
import { linkRecords, trainModel } from './linker.ts';
import { computeWeights } from './model.ts';
import { prepareRecord } from './prepare.ts';
import { KeptPairs, pairScorer } from './score-pairs.ts';
import { ScoringSplit } from './score-split.ts';
import { syntheticPeople } from './test-fixtures.ts';

const { records } = syntheticPeople(2000);
const prepared = records.map(prepareRecord);

describe('scoring split over a worker thread', () => {
  it('keeps the very pairs, in the same order, that one thread keeps, the worker scoring some of the chunks', async () => {
    const { model } = trainModel(prepared, null, { uSamplePairs: 50_000 });
    const score = pairScorer(model, computeWeights(model), prepared, prepared, false);
    const one = new KeptPairs();
    const candidates: number[] = [];
    forEachCandidatePair(prepared, null, DEFAULT_BLOCKING_RULES, (i, j) => candidates.push(i, j), {
      subBlockAbove: 20,
    });
    for (let k = 0; k < candidates.length; k += 2) score(candidates[k]!, candidates[k + 1]!, one);
    expect(one.length).toBeGreaterThan(1000);

    const split = new ScoringSplit(records, null);
    const start = Date.now();
    while (!split.workerReady() && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 20));
    expect(split.workerReady()).toBe(true);
    split.start(model, false, score);
    for (let k = 0; k < candidates.length; k += 2) split.add(candidates[k]!, candidates[k + 1]!);
    const both = split.finish();
    expect(split.chunkCounts.worker).toBeGreaterThan(0);
    const cut = (p: KeptPairs) => ({
      left: Array.from(p.left.subarray(0, p.length)),
      right: Array.from(p.right.subarray(0, p.length)),
      evidence: Array.from(p.evidence.subarray(0, p.length)),
      rest: Array.from(p.rest.subarray(0, p.length)),
      flags: Array.from(p.flags.subarray(0, p.length)),
      apartBy: Array.from(p.apartBy.subarray(0, p.length)),
    });
    expect(cut(both)).toEqual(cut(one));
  });

  it('linkRecords gives the same result on two threads as on one', () => {
    const options = { uSamplePairs: 50_000 } as const;
    const one = linkRecords(records, null, { ...options, scoringThreads: 1 });
    const two = linkRecords(records, null, { ...options, scoringThreads: 2 });
    expect(two.pairs).toEqual(one.pairs);
    expect(Array.from(two.clusters)).toEqual(Array.from(one.clusters));
    expect(two.model.lambda).toBe(one.model.lambda);
  });

  it('compares pairs for fitting the model, on both threads, level for level as one thread does', async () => {
    const split = new ScoringSplit(records, null);
    const start = Date.now();
    while (!split.workerReady() && Date.now() - start < 30_000) await new Promise((r) => setTimeout(r, 20));
    const pairs = Int32Array.from({ length: 200_000 }, (_, k) => (k * 7919) % prepared.length);
    const local = localLevels(prepared, prepared);
    const levels = split.levelsOf(local)(pairs, ALL_COMPARISONS);
    expect(split.chunkCounts.levels).toBeGreaterThan(0);
    split.close();
    expect(Array.from(levels)).toEqual(Array.from(local(pairs, ALL_COMPARISONS)));
  });
});
