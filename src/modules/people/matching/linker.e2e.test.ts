import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateClusters } from './evaluate.ts';
import { linkRecords } from './linker.ts';
import { computeWeights, scorePair } from './model.ts';
import { prepareRecord } from './prepare.ts';
import type { PersonRecord } from './record.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = resolve(repoRoot, 'test/fixtures/linkage');
const file = resolve(dataDir, 'fake_1000.csv');

function loadFake1000(): { records: PersonRecord[]; truth: string[] } {
  if (!existsSync(file)) {
    throw new Error(`linkage test data missing: ${file} — it ships in test/fixtures/linkage`);
  }
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const rows = lines.map((line) =>
    Object.fromEntries(line.split(',').map((v, k) => [columns[k], v === '' ? null : v])),
  );
  return {
    records: rows.map((r) => ({
      id: r.unique_id as string,
      firstName: r.first_name,
      surname: r.surname,
      dob: r.dob,
      town: r.city,
      email: r.email,
    })),
    truth: rows.map((r) => r.cluster as string),
  };
}

describe('end-to-end linkage on fake_1000.csv', () => {
  const { records, truth } = loadFake1000();
  const result = linkRecords(records, null);

  it('deduplicates 1,000 records of 250 people with high precision and good recall', () => {
    expect(records).toHaveLength(1000);
    const metrics = evaluateClusters(result.clusters, truth);
    expect(metrics.precision).toBeGreaterThan(0.97);
    expect(metrics.recall).toBeGreaterThan(0.65);
    expect(metrics.f1).toBeGreaterThan(0.8);
  });

  it('estimates its parameters from the data', () => {
    const { model } = result;
    expect(model.comparisons.map((c) => c.name)).toEqual(['firstName', 'surname', 'dob', 'place', 'email']);
    expect(model.lambda).toBeGreaterThan(0);
    expect(model.lambda).toBeLessThan(0.01);
    for (const row of [...model.m, ...model.u]) expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
  });

  it('pairs come strongest first, each with a decision', () => {
    const { pairs } = result;
    expect(pairs.length).toBeGreaterThan(500);
    for (let k = 1; k < pairs.length; k++)
      expect((pairs[k] as { weight: number }).weight).toBeLessThanOrEqual((pairs[k - 1] as { weight: number }).weight);
    expect(pairs.some((p) => p.decision === 'link')).toBe(true);
    expect(pairs.some((p) => p.decision === 'review')).toBe(true);
    // above the review bound but with plainly different given names: kept, marked, not linked
    for (const p of pairs) if (p.decision === 'distinct') expect(p.namesConflict).toBe(true);
  });

  it('the fitted model is symmetric and a disagreeing field never raises the weight', () => {
    const prepared = records.map(prepareRecord);
    const weights = computeWeights(result.model);
    const index = fc.integer({ min: 0, max: records.length - 1 });
    fc.assert(
      fc.property(index, index, fc.constantFrom('firstName', 'surname', 'dob', 'town', 'email'), (i, j, field) => {
        const a = prepared[i]!;
        const b = prepared[j]!;
        const ab = scorePair(result.model, a, b, weights);
        expect(scorePair(result.model, b, a, weights).weight).toBe(ab.weight);
        const value: Record<string, string> = {
          firstName: 'zebedee',
          surname: 'quixote',
          dob: '1801-10-20',
          town: 'Lerwick',
          email: 'zz@qq.net',
        };
        const changed = prepareRecord({ ...(records[j] as PersonRecord), [field]: value[field] });
        expect(scorePair(result.model, a, changed, weights).weight).toBeLessThanOrEqual(ab.weight + 1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
