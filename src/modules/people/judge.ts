import {
  computeWeights,
  decide,
  DEFAULT_THRESHOLDS,
  firstNamesConflict,
  scorePair,
  type PreparedRecord,
} from './matching/index.ts';
import { identifierAgrees } from './matching/linker.ts';
import { SERVICE_MODEL } from './service-model.ts';

// The service's verdict on two records, shared by matching one new record and matching a part of an extract.

const WEIGHTS = computeWeights(SERVICE_MODEL);

/** The engine's verdict on two stored records, with its guard for twins and parent and child. */
export function judgePair(a: PreparedRecord, b: PreparedRecord) {
  const score = scorePair(SERVICE_MODEL, a, b, WEIGHTS);
  // The review queue has no place for the guard's reason yet, so look-alikes are not queued.
  const decision = decide(
    score.probability,
    DEFAULT_THRESHOLDS,
    { namesConflict: firstNamesConflict(a, b), identifierAgrees: identifierAgrees(a, b) },
    { reviewHeld: false },
  );
  return { ...score, decision };
}

/** Two records the guard keeps apart (twins, parent and child) unless an identifier says they are one. */
export const guarded = (a: PreparedRecord, b: PreparedRecord) => firstNamesConflict(a, b) && !identifierAgrees(a, b);

/** Whether joining two groups of records would put two look-alikes into one picture, from their prepared records. */
export function clustersConflict(
  records: ReadonlyMap<string, PreparedRecord>,
  left: Iterable<string>,
  right: Iterable<string>,
): boolean {
  const others = [...right];
  for (const x of left)
    for (const y of others) {
      const a = records.get(x);
      const b = records.get(y);
      if (a && b && guarded(a, b)) return true;
    }
  return false;
}
