import { ALL_COMPARISONS, type Comparison } from './comparisons.ts';
import type { TrainingSession } from './estimate.ts';
import { computeWeights, type MatchModel } from './model.ts';

/**
 * A fitted model as plain data, to print, save beside a run's pairs and load again (the
 * people service scores with saved parameters so that a pair scores the same from one
 * day to the next). Term frequencies are not saved: they are re-counted from the records.
 */
export interface ModelParameters {
  lambda: number;
  comparisons: { name: string; levels: string[]; m: number[]; u: number[]; weights: number[] }[];
  sessions: TrainingSession[];
}

const round = (x: number): number => Number(x.toPrecision(6));

export function modelParameters(model: MatchModel, sessions: readonly TrainingSession[] = []): ModelParameters {
  const weights = computeWeights(model);
  return {
    lambda: round(model.lambda),
    comparisons: model.comparisons.map((c, i) => ({
      name: c.name,
      levels: [...c.levels],
      m: (model.m[i] as number[]).map(round),
      u: (model.u[i] as number[]).map(round),
      weights: Array.from(weights.level[i] as Float64Array, (w) => Number(w.toFixed(3))),
    })),
    sessions: [...sessions],
  };
}

/**
 * A model from saved parameters. Every saved comparison must be known and have the levels
 * it was saved with: a model fitted for other levels would score nonsense.
 */
export function modelFromParameters(
  parameters: ModelParameters,
  known: readonly Comparison[] = ALL_COMPARISONS,
): MatchModel {
  const comparisons = parameters.comparisons.map((p) => {
    const c = known.find((k) => k.name === p.name);
    if (!c) throw new Error(`model parameters: unknown comparison "${p.name}"`);
    if (c.levels.length !== p.levels.length || c.levels.some((l, i) => l !== p.levels[i])) {
      throw new Error(`model parameters: the levels of "${p.name}" have changed since the model was fitted`);
    }
    if (p.m.length !== c.levels.length || p.u.length !== c.levels.length)
      throw new Error(`model parameters: "${p.name}" has the wrong number of m or u values`);
    return c;
  });
  if (!(parameters.lambda > 0 && parameters.lambda < 1))
    throw new Error('model parameters: lambda must be between 0 and 1');
  return {
    comparisons,
    m: parameters.comparisons.map((p) => [...p.m]),
    u: parameters.comparisons.map((p) => [...p.u]),
    lambda: parameters.lambda,
    termFrequencies: comparisons.map(() => null),
  };
}

/** The parameters as a table for the terminal: m, u and weight (bits) per level. */
export function describeParameters(parameters: ModelParameters): string[] {
  const lines = [
    `prior (lambda): ${parameters.lambda.toExponential(3)}  (${Math.log2(parameters.lambda / (1 - parameters.lambda)).toFixed(2)} bits)`,
  ];
  for (const s of parameters.sessions) {
    lines.push(
      `training pass "${s.rule}": ${s.pairs} pairs, ${s.iterations} EM iterations, estimated ${s.estimated.join(', ')}`,
    );
  }
  for (const c of parameters.comparisons) {
    lines.push(`  ${c.name}`);
    c.levels.forEach((level, l) => {
      lines.push(
        `    ${level.padEnd(20)} m ${(c.m[l] as number).toFixed(4)}  u ${(c.u[l] as number).toExponential(2).padStart(9)}  ${(c.weights[l] as number).toFixed(2).padStart(7)} bits`,
      );
    });
  }
  return lines;
}
