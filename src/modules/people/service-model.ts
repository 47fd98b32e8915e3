import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_COMPARISONS, type Comparison, type MatchModel, type PersonRecord } from './matching/index.ts';
import { modelFromParameters, type ModelParameters } from './matching/parameters.ts';

/**
 * The match model the service scores new records with: the m and u probabilities that
 * `npm run bench` fitted on the synthetic household set (families, twins, neighbours,
 * movers: the data most like a partnership's) and saved with that run in
 * `service-parameters.json`, rather than re-fitted on every import (a partnership's few
 * thousand records are too few for EM to be stable, and a model that moved with each import
 * would make the same pair score differently from one day to the next).
 *
 * Comparisons the run had no data for (e-mail, identifiers, birth place) keep the
 * conservative values below. The prior is the service's own, not the batch's: lambda 1e-4,
 * about one record in ten thousand candidates from the database's blocking is the same
 * person. No term-frequency adjustment in the service yet (all maps null).
 */
export const SERVICE_PARAMETERS_FILE = fileURLToPath(new URL('./service-parameters.json', import.meta.url));

/** m: chance of each level when two records are one person; u: when they are not. */
const FALLBACK: Record<string, { m: number[]; u: number[] }> = {
  // exact, nickname, similar, phonetic, partly-similar, initial, in-other-names, different
  firstName: {
    m: [0.82, 0.04, 0.04, 0.02, 0.02, 0.02, 0.02, 0.02],
    u: [0.01, 0.002, 0.004, 0.004, 0.02, 0.05, 0.005, 0.905],
  },
  // exact, similar, phonetic, in-other-names, partly-similar, different (surnames change: marriage, separation)
  surname: { m: [0.8, 0.06, 0.03, 0.04, 0.02, 0.05], u: [0.005, 0.003, 0.005, 0.002, 0.02, 0.965] },
  // exact, day-month-swapped, year±1, one typo, within a month, within a year, different
  dob: {
    m: [0.88, 0.01, 0.02, 0.04, 0.01, 0.01, 0.03],
    u: [0.00005, 0.000003, 0.0001, 0.0005, 0.002, 0.025, 0.972347],
  },
  // postcode unit, sector, district, same town, area, different (people move, especially when fleeing abuse)
  place: { m: [0.6, 0.05, 0.05, 0.05, 0.05, 0.2], u: [0.0005, 0.005, 0.02, 0.05, 0.1, 0.8245] },
  sex: { m: [0.97, 0.03], u: [0.5, 0.5] },
  address: { m: [0.5, 0.2, 0.1, 0.2], u: [0.0005, 0.001, 0.05, 0.9485] },
  birthPlace: { m: [0.7, 0.1, 0.05, 0.15], u: [0.01, 0.01, 0.05, 0.93] },
  email: { m: [0.7, 0.1, 0.05, 0.15], u: [0.00001, 0.0001, 0.001, 0.99889] },
  nhsNumber: { m: [0.97, 0.02, 0.01], u: [0.000001, 0.00001, 0.999989] },
  pncId: { m: [0.97, 0.02, 0.01], u: [0.000001, 0.00001, 0.999989] },
  otherId: { m: [0.97, 0.02, 0.01], u: [0.000001, 0.00001, 0.999989] },
};

/**
 * The service model from saved parameters: fitted m and u where the run fitted them (a
 * comparison whose levels have changed since is refused), the values above elsewhere.
 */
export function serviceModel(saved: ModelParameters): MatchModel {
  const fitted = modelFromParameters({ ...saved, lambda: SERVICE_PRIOR });
  const pick = (c: Comparison) => {
    const k = fitted.comparisons.indexOf(c);
    if (k >= 0) return { m: fitted.m[k] as number[], u: fitted.u[k] as number[] };
    const p = FALLBACK[c.name];
    if (!p || p.m.length !== c.levels.length || p.u.length !== c.levels.length)
      throw new Error(`service model: no parameters for ${c.name}`);
    return p;
  };
  return Object.freeze({
    comparisons: ALL_COMPARISONS,
    m: ALL_COMPARISONS.map((c) => pick(c).m),
    u: ALL_COMPARISONS.map((c) => pick(c).u),
    lambda: SERVICE_PRIOR,
    termFrequencies: ALL_COMPARISONS.map(() => null),
  });
}

const SERVICE_PRIOR = 1e-4;

export const SERVICE_PARAMETERS: ModelParameters = JSON.parse(readFileSync(SERVICE_PARAMETERS_FILE, 'utf8'));
export const SERVICE_MODEL: MatchModel = serviceModel(SERVICE_PARAMETERS);

/** A stored source record as the matcher sees it. */
export interface StoredPerson {
  id: string;
  given_name: string;
  family_name: string;
  middle_names: string | null;
  date_of_birth: string;
  sex: string | null;
  nhs_number: string | null;
  pnc_id: string | null;
  postcode: string | null;
  town: string | null;
  aliases: string[];
}

export function toMatchRecord(p: StoredPerson): PersonRecord {
  return {
    id: p.id,
    firstName: p.given_name,
    surname: p.family_name,
    middleNames: p.middle_names,
    dob: p.date_of_birth,
    sex: p.sex === 'female' ? 'f' : p.sex === 'male' ? 'm' : null,
    nhsNumber: p.nhs_number,
    pncId: p.pnc_id,
    postcode: p.postcode,
    town: p.town,
    aliases: p.aliases,
  };
}
