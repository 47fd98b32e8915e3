/**
 * Linkage benchmarks: quality (precision, recall, F1) and time on the development data
 * sets in LINKAGE_DATA_DIR (default ../shared/data/linkage from the repository root), and
 * a synthetic 25,000 x 25,000 linkage generated deterministically from the 50k data.
 *
 *   npx tsx tools/bench-linkage.ts          prints a Markdown table
 *
 * Truth is used only to score the result, never by the model.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NICKNAME_GROUPS, nhsCheckDigit } from '../src/modules/people/matching/index.ts';
import { modelParameters, type ModelParameters } from '../src/modules/people/matching/parameters.ts';
import { NON_NAME_TOKENS } from '../src/modules/people/matching/normalise.ts';
import { randomInt, seededRandom } from '../src/modules/people/matching/random.ts';
import { readTable, runLink, truthLabel, type LinkJob, type Mapping, type Row } from './link.ts';
import { relation, syntheticHouseholds, type NamePools } from './synthetic/households.ts';

export interface Quality {
  precision: number;
  recall: number;
  f1: number;
  /** Share of the automatically linked pairs that are one person. */
  linkPrecision: number;
  seconds: number;
  /** Twin pairs and parent-child pairs put in one cluster (household set only; null elsewhere). */
  twinsLinked: number | null;
  parentChildLinked: number | null;
}

export interface BenchmarkRow extends Quality {
  dataset: string;
  records: number;
  /** Pairs in the uncertain band: they would go to the practitioner review queue (not counted as links). */
  review: number;
  /** Pairs scored at or above the link bound and held back for review, with a reason (guard, household, one-to-one). */
  guarded: number;
  /** The plain Fellegi-Sunter baseline on the same data in the same run. */
  baseline: Quality;
  /** The parameters the matcher fitted on this data set (the household set's are the people service's). */
  parameters?: ModelParameters;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The linkage data directory: LINKAGE_DATA_DIR, or ../shared/data/linkage from the repository root. */
export function linkageDataDir(): string {
  return resolve(REPO_ROOT, process.env.LINKAGE_DATA_DIR ?? '../shared/data/linkage');
}

const HISTORICAL_MAPPING: Mapping = {
  id: 'unique_id',
  firstName: 'first_name',
  surname: 'surname',
  fullName: 'full_name',
  dob: 'dob',
  postcode: 'postcode_fake',
  sex: 'gender',
  town: 'birth_place',
};

const FEBRL_MAPPING: Mapping = {
  id: 'rec_id',
  firstName: 'given_name',
  surname: 'surname',
  address: 'street_number+address_1+address_2',
  town: 'suburb',
  postcode: 'postcode',
  dob: 'date_of_birth',
  otherId: 'soc_sec_id',
};

function need(path: string): string {
  if (!existsSync(path)) {
    throw new Error(
      `linkage data file not found: ${path} (set LINKAGE_DATA_DIR to the directory holding the linkage data sets)`,
    );
  }
  return path;
}

// ---------------------------------------------------------------------------------------
// Synthetic linkage: people drawn from the value pools of the 50k data, recorded twice.

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function typo(random: () => number, s: string): string {
  if (s.length < 3) return s;
  const i = 1 + randomInt(random, s.length - 2);
  const kind = randomInt(random, 3);
  if (kind === 0) return s.slice(0, i) + LETTERS[randomInt(random, 26)] + s.slice(i + 1);
  if (kind === 1) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i - 1) + s[i] + s[i - 1] + s.slice(i + 1);
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[randomInt(random, items.length)] as T;
}

function validNhsNumber(random: () => number): string {
  for (;;) {
    const nine = Array.from({ length: 9 }, (_, k) => (k === 0 ? 1 + randomInt(random, 9) : randomInt(random, 10))).join(
      '',
    );
    const check = nhsCheckDigit(nine);
    if (check !== null) return nine + String(check);
  }
}

interface Person {
  id: string;
  first: string;
  surname: string;
  sex: 'male' | 'female';
  dob: string;
  postcode: string;
  nhs: string;
}

/**
 * Two files of `size` records each, from one seeded generator. The left file has one
 * record per person (with 1% twins: same surname, birthday and postcode, different given
 * name); the right file records 80% of the same people again with realistic errors
 * (nicknames, typos, initials, missing values, day/month swaps, a year out, moves,
 * changed surnames, first and last names swapped) plus 20% people not on the left.
 */
export function syntheticLinkage(source: readonly Row[], size: number, seed = 42): { left: Row[]; right: Row[] } {
  const random = seededRandom(seed);
  const clean = (v: string | null | undefined): string | null =>
    v && /^[a-z][a-z' -]*[a-z]$/.test(v) && !NON_NAME_TOKENS.has(v) ? v : null;
  const firstBySex = { male: [] as string[], female: [] as string[] };
  const surnames: string[] = [];
  const postcodes: string[] = [];
  for (const row of source) {
    const first = clean(row.first_name);
    if (first && (row.gender === 'male' || row.gender === 'female')) firstBySex[row.gender].push(first);
    const surname = clean(row.surname);
    if (surname) surnames.push(surname);
    if (row.postcode_fake && /^[a-z]{1,2}\d[a-z\d]? \d[a-z]{2}$/.test(row.postcode_fake))
      postcodes.push(row.postcode_fake);
  }
  const newPerson = (n: number): Person => {
    const sex = random() < 0.5 ? 'male' : 'female';
    const start = Date.UTC(1940, 0, 1);
    const day = new Date(start + randomInt(random, 70 * 365) * 86_400_000).toISOString().slice(0, 10);
    return {
      id: `p${n}`,
      first: pick(random, firstBySex[sex]),
      surname: pick(random, surnames),
      sex,
      dob: day,
      postcode: pick(random, postcodes),
      nhs: validNhsNumber(random),
    };
  };
  const people: Person[] = [];
  while (people.length < size) {
    const p = newPerson(people.length);
    people.push(p);
    if (random() < 0.01 && people.length < size) {
      let first = pick(random, firstBySex[p.sex]);
      while (first === p.first) first = pick(random, firstBySex[p.sex]);
      people.push({ ...p, id: `p${people.length}`, first, nhs: validNhsNumber(random) });
    }
  }
  const asRow = (p: Person, id: string): Row => ({
    id,
    person: p.id,
    first_name: p.first,
    surname: p.surname,
    sex: p.sex,
    dob: p.dob,
    postcode: p.postcode,
    nhs_number: random() < 0.5 ? p.nhs : null,
  });
  const left = people.map((p, k) => asRow(p, `L${k + 1}`));
  const nicknames = (name: string): string[] =>
    NICKNAME_GROUPS.filter((g) => g.includes(name))
      .flat()
      .filter((n) => n !== name);
  const right: Row[] = [];
  const chosen = people.filter(() => random() < 0.8).slice(0, Math.round(size * 0.8));
  let extra = size;
  while (chosen.length < size) chosen.push(newPerson(size * 2 + extra++));
  chosen.forEach((p, k) => {
    const row = asRow(p, `R${k + 1}`);
    const r = random;
    let first = p.first;
    let surname = p.surname;
    const options = nicknames(first);
    const firstRoll = r();
    if (options.length > 0 && firstRoll < 0.15) first = pick(r, options);
    else if (firstRoll >= 0.15 && firstRoll < 0.2) first = typo(r, first);
    else if (firstRoll >= 0.2 && firstRoll < 0.23) first = first.slice(0, 1);
    const surnameRoll = r();
    if (surnameRoll < 0.05) surname = typo(r, surname);
    else if (p.sex === 'female' && surnameRoll < 0.1) surname = pick(r, surnames);
    if (r() < 0.02) [first, surname] = [surname, first];
    row.first_name = r() < 0.03 ? null : first;
    row.surname = r() < 0.03 ? null : surname;
    let dob = p.dob;
    const [y, m, d] = dob.split('-') as [string, string, string];
    const roll = r();
    if (roll < 0.05) dob = `${y}-${m}-${d.slice(0, 1)}${randomInt(r, 10)}`;
    else if (roll < 0.08 && Number(d) <= 12) dob = `${y}-${d}-${m}`;
    else if (roll < 0.1) dob = `${Number(y) + (r() < 0.5 ? -1 : 1)}-${m}-${d}`;
    row.dob = r() < 0.05 ? null : dob;
    const move = r();
    if (move < 0.2) row.postcode = pick(r, postcodes);
    else if (move < 0.25)
      row.postcode = p.postcode.slice(0, -2) + LETTERS[randomInt(r, 26)] + LETTERS[randomInt(r, 26)];
    if (r() < 0.1) row.postcode = null;
    if (r() < 0.02) row.sex = null;
    right.push(row);
  });
  return { left, right };
}

// ---------------------------------------------------------------------------------------

type Run = ReturnType<typeof runLink>;

function quality(run: Run, truthRows: readonly Row[], truthColumn: string, relations: boolean): Quality {
  const m = run.metrics;
  if (!m) throw new Error('no truth');
  const truth = truthRows.map((r) => truthLabel(r[truthColumn]));
  const offset = run.rightRecords ? run.leftRecords.length : 0;
  let links = 0;
  let correct = 0;
  for (const p of run.result.pairs) {
    if (p.decision !== 'link') continue;
    links++;
    const a = truth[p.left];
    if (a != null && a === truth[p.right + offset]) correct++;
  }
  let twins: number | null = null;
  let parentChild: number | null = null;
  if (relations) {
    twins = 0;
    parentChild = 0;
    const members = new Map<number, number[]>();
    run.result.clusters.forEach((c, i) => (members.get(c) ?? members.set(c, []).get(c)!).push(i));
    const seen = new Set<string>();
    for (const list of members.values()) {
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const a = truthRows[list[x] as number] as Row;
          const b = truthRows[list[y] as number] as Row;
          const kind = relation(a, b);
          if (!kind) continue;
          const key = [a.person, b.person].sort().join('|');
          if (seen.has(key)) continue;
          seen.add(key);
          if (kind === 'twins') twins++;
          else parentChild++;
        }
      }
    }
  }
  return {
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    linkPrecision: links === 0 ? 1 : correct / links,
    seconds: run.seconds,
    twinsLinked: twins,
    parentChildLinked: parentChild,
  };
}

/** Run ours and the plain baseline on one data set. */
function bench(
  dataset: string,
  job: Omit<LinkJob, 'truthColumn' | 'options'> & { truthColumn: string },
  relations = false,
): BenchmarkRow {
  const truthRows = [...job.left, ...(job.right ?? [])];
  const ours = runLink(job);
  const plain = runLink({ ...job, options: { plain: true } });
  const count = (decision: string): number => ours.result.pairs.filter((p) => p.decision === decision).length;
  return {
    dataset,
    records: ours.records,
    ...quality(ours, truthRows, job.truthColumn, relations),
    review: count('review'),
    guarded: ours.result.pairs.filter((p) => p.reason !== null).length,
    baseline: quality(plain, truthRows, job.truthColumn, relations),
    parameters: modelParameters(ours.result.model, ours.result.sessions),
  };
}

/** Name pools of the historical data (what the synthetic sets draw their people from). */
export function namePools(source: readonly Row[]): NamePools {
  const clean = (v: string | null | undefined): string | null =>
    v && /^[a-z][a-z' -]*[a-z]$/.test(v) && !NON_NAME_TOKENS.has(v) ? v : null;
  const pools = { female: [] as string[], male: [] as string[], surnames: [] as string[] };
  for (const row of source) {
    const first = clean(row.first_name);
    if (first && row.gender === 'female') pools.female.push(first);
    if (first && row.gender === 'male') pools.male.push(first);
    const surname = clean(row.surname);
    if (surname) pools.surnames.push(surname);
  }
  return pools;
}

/** The synthetic household set: families, twins, neighbours and movers drawn from the historical set's names. */
export const HOUSEHOLD_DATASET = 'synthetic households (dedup)';
export function benchHouseholds(historical: readonly Row[]): BenchmarkRow {
  const households = syntheticHouseholds(namePools(historical), 6000);
  return bench(
    HOUSEHOLD_DATASET,
    { left: households, right: null, mapping: { id: 'id' }, truthColumn: 'person' },
    true,
  );
}

/** Run every linkage benchmark and return one row per data set. */
export async function runLinkageBenchmarks(dataDir: string = linkageDataDir()): Promise<BenchmarkRow[]> {
  const rows: BenchmarkRow[] = [];
  const historical = await readTable(need(join(dataDir, 'historical_figures_with_errors_50k.parquet')));
  rows.push(
    bench('historical_figures_with_errors_50k (dedup)', {
      left: historical,
      right: null,
      mapping: HISTORICAL_MAPPING,
      truthColumn: 'cluster',
    }),
  );

  const fake = await readTable(need(join(dataDir, 'fake_1000.csv')));
  rows.push(
    bench('fake_1000 (dedup)', {
      left: fake,
      right: null,
      mapping: { id: 'unique_id', town: 'city' },
      truthColumn: 'cluster',
    }),
  );

  const febrl3 = await readTable(need(join(dataDir, 'febrl', 'dataset3.csv')));
  rows.push(
    bench('febrl dataset3 (dedup)', { left: febrl3, right: null, mapping: FEBRL_MAPPING, truthColumn: 'rec_id' }),
  );

  const febrl4a = await readTable(need(join(dataDir, 'febrl', 'dataset4a.csv')));
  const febrl4b = await readTable(need(join(dataDir, 'febrl', 'dataset4b.csv')));
  rows.push(
    bench('febrl dataset4a x 4b (link)', {
      left: febrl4a,
      right: febrl4b,
      mapping: FEBRL_MAPPING,
      truthColumn: 'rec_id',
    }),
  );

  rows.push(benchHouseholds(historical));

  const { left, right } = syntheticLinkage(historical, 25_000);
  rows.push(
    bench('synthetic 25,000 x 25,000 (link)', {
      left,
      right,
      mapping: { id: 'id', nhsNumber: 'nhs_number' },
      truthColumn: 'person',
    }),
  );
  return rows;
}

const f4 = (x: number): string => x.toFixed(4);
const n = (x: number | null): string => (x === null ? '–' : x.toLocaleString('en-GB'));

/** Rows as a Markdown table: ours, with the plain Fellegi-Sunter baseline of the same run beside it. */
export function toMarkdown(rows: readonly BenchmarkRow[]): string {
  const lines = [
    '| dataset | records | F1 | baseline F1 | precision of automatic links | baseline | recall | twins / parent–child linked | baseline | seconds | for review | held back, with reason |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.dataset} | ${n(r.records)} | ${f4(r.f1)} | ${f4(r.baseline.f1)} | ${f4(r.linkPrecision)} | ${f4(r.baseline.linkPrecision)} | ${f4(r.recall)} | ` +
        `${r.twinsLinked === null ? '–' : `${n(r.twinsLinked)} / ${n(r.parentChildLinked)}`} | ${r.baseline.twinsLinked === null ? '–' : `${n(r.baseline.twinsLinked)} / ${n(r.baseline.parentChildLinked)}`} | ` +
        `${r.seconds.toFixed(1)} | ${n(r.review)} | ${n(r.guarded)} |`,
    ),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runLinkageBenchmarks()
    .then((rows) => console.log(toMarkdown(rows)))
    .catch((err: unknown) => {
      console.error((err as Error).message);
      process.exitCode = 1;
    });
}
