/**
 * Batch record linkage, for evaluation and migration.
 *
 *   npx tsx tools/link.ts --left A.csv --right B.csv --out pairs.csv
 *   npx tsx tools/link.ts --input people.parquet --truth cluster
 *
 * Options:
 *   --left FILE --right FILE   link two files (CSV or .parquet)
 *   --input FILE               deduplicate one file
 *   --out FILE                 write the scored pairs (at or above the review threshold)
 *   --map field=column,...     column mapping; a column may be col1+col2 (joined by a space;
 *                              dob=day+month+year or dob=year+month+day reads date parts).
 *                              Fields: id, firstName, middleNames, surname, fullName, aliases,
 *                              dob, sex, postcode, address, town, birthPlace, email,
 *                              nhsNumber, pncId, otherId. Unmapped fields are guessed from
 *                              common column names.
 *   --truth COLUMN             records sharing a value are one person; prints precision,
 *                              recall and F1. FEBRL ids (rec-N-org, rec-N-dup-K) are reduced to rec-N.
 *   --link P --review P        decision thresholds on the match probability (default 0.99, 0.5)
 *   --seed N                   seed of the random pair sampling
 *   --explain ID[,ID]          why a record was linked or not: its strongest pairs, or one pair, comparison by comparison
 *   --model-out FILE           where to save the fitted parameters (default: beside --out, as .model.json)
 *   --quiet                    do not print the mapping and the fitted parameters
 */
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import {
  evaluateClusters,
  linkRecords,
  type LinkOptions,
  type LinkResult,
  type Metrics,
  type PersonRecord,
  PERSON_FIELDS,
  DEFAULT_THRESHOLDS,
  type Thresholds,
  type PreparedRecord,
  modelParameters,
  describeParameters,
} from '../src/modules/people/matching/index.ts';
import { explainRecords } from './link-explain.ts';

export type Row = Record<string, string | null>;

/** Parse CSV text (RFC 4180 quoting); header names and cells are trimmed, empty cells are null. */
export function parseCsv(text: string): Row[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => !(r.length === 1 && r[0]?.trim() === ''));
  if (!header) return [];
  const names = header.map((h) => h.trim().replace(/^\uFEFF/, ''));
  return body.map((cells) => {
    const out: Row = {};
    names.forEach((name, k) => {
      const v = cells[k]?.trim() ?? '';
      out[name] = v === '' ? null : v;
    });
    return out;
  });
}

/** Read a CSV or parquet file into rows of strings. */
export async function readTable(path: string): Promise<Row[]> {
  if (path.toLowerCase().endsWith('.parquet')) {
    const file = await asyncBufferFromFile(path);
    const objects = await parquetReadObjects({ file });
    return objects.map((o) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(o)) out[k] = v == null || v === '' ? null : String(v);
      return out;
    });
  }
  return parseCsv(await readFile(path, 'utf8'));
}

/** Column names recognised without a mapping, per field (compared lower case, ignoring _, - and spaces). */
const COLUMN_GUESSES: Record<string, readonly string[]> = {
  id: ['id', 'uniqueid', 'recid', 'recordid', 'personid', 'ref', 'reference', 'clientid', 'urn'],
  firstName: [
    'firstname',
    'givenname',
    'forename',
    'forenames',
    'first',
    'fname',
    'christianname',
    'givennames',
    'firstnames',
  ],
  middleNames: ['middlename', 'middlenames', 'secondname'],
  surname: ['surname', 'lastname', 'familyname', 'last', 'lname', 'sname'],
  fullName: ['fullname', 'name', 'personname'],
  aliases: ['aliases', 'alias', 'othernames', 'aka', 'previousnames', 'maidenname'],
  dob: ['dob', 'dateofbirth', 'birthdate', 'birthday', 'dobdate', 'born'],
  sex: ['sex', 'gender'],
  postcode: ['postcode', 'postcodefake', 'postalcode', 'zip', 'zipcode', 'pcode'],
  address: ['address', 'addressline1', 'address1', 'street', 'streetaddress', 'addressline'],
  town: ['town', 'city', 'suburb', 'locality', 'towncity', 'posttown'],
  birthPlace: ['birthplace', 'placeofbirth'],
  email: ['email', 'emailaddress'],
  nhsNumber: ['nhsnumber', 'nhsno', 'nhs'],
  pncId: ['pncid', 'pnc', 'pncnumber'],
  otherId: ['socsecid', 'otherid'],
};

/** Day, month and year columns that together give a date of birth, when no single column does. */
const DOB_PART_GUESSES = {
  day: ['dobday', 'birthday', 'dayofbirth', 'day', 'bday', 'dd'],
  month: ['dobmonth', 'birthmonth', 'monthofbirth', 'month', 'bmonth', 'mm'],
  year: ['dobyear', 'birthyear', 'yearofbirth', 'year', 'byear', 'yyyy', 'yob'],
} as const;

export type Mapping = Partial<Record<'id' | (typeof PERSON_FIELDS)[number], string>>;

/** Parse "field=column,field=col1+col2". */
export function parseMapping(spec: string | undefined): Mapping {
  const mapping: Mapping = {};
  if (!spec) return mapping;
  const known = new Set<string>(['id', ...PERSON_FIELDS]);
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const [field, column] = part.split('=').map((s) => s.trim());
    if (!field || !column || !known.has(field)) {
      throw new Error(`--map: cannot read "${part}"; expected field=column with field one of ${[...known].join(', ')}`);
    }
    mapping[field as keyof Mapping] = column;
  }
  return mapping;
}

const squash = (s: string): string => s.toLowerCase().replace(/[\s_-]/g, '');

/** The mapping in force for a table: explicit entries, then guesses from the column names. */
export function resolveMapping(
  columns: readonly string[],
  explicit: Mapping,
  exclude: readonly string[] = [],
): Mapping {
  const byName = new Map(columns.map((c) => [squash(c), c]));
  const used = new Set(Object.values(explicit).flatMap((v) => (v ?? '').split('+')));
  const mapping: Mapping = { ...explicit };
  for (const [field, guesses] of Object.entries(COLUMN_GUESSES)) {
    if (mapping[field as keyof Mapping]) continue;
    // The truth column may serve as the record id, never as evidence.
    const allowed = (c: string | undefined): c is string =>
      c !== undefined && !used.has(c) && (field === 'id' || !exclude.includes(c));
    const hit = guesses.map((g) => byName.get(g)).find(allowed);
    if (hit) {
      mapping[field as keyof Mapping] = hit;
      used.add(hit);
    }
  }
  if (!mapping.dob) {
    const part = (guesses: readonly string[]): string | undefined =>
      guesses.map((g) => byName.get(g)).find((c) => c !== undefined && !used.has(c) && !exclude.includes(c));
    const day = part(DOB_PART_GUESSES.day);
    const month = part(DOB_PART_GUESSES.month);
    const year = part(DOB_PART_GUESSES.year);
    if (day && month && year) mapping.dob = `${day}+${month}+${year}`;
  }
  for (const [field, spec] of Object.entries(mapping)) {
    for (const col of (spec ?? '').split('+')) {
      if (!columns.includes(col))
        throw new Error(`--map: column "${col}" (for ${field}) is not in the file; columns: ${columns.join(', ')}`);
    }
  }
  return mapping;
}

/** The mapping as lines for the terminal: "firstName  <- forename". */
export function describeMapping(mapping: Mapping, explicit: Mapping = {}): string[] {
  return Object.entries(mapping).map(
    ([field, spec]) =>
      `  ${field.padEnd(12)} <- ${(spec ?? '').split('+').join(' + ')}${explicit[field as keyof Mapping] ? '' : '  (recognised)'}`,
  );
}

/** What the matcher makes of a mapped field, to tell a field that was read from one that parsed empty. */
const PARSED: Record<(typeof PERSON_FIELDS)[number], (r: PreparedRecord) => unknown> = {
  firstName: (r) => r.first,
  middleNames: (r) => (r.others.length > 0 ? true : null),
  surname: (r) => r.surname,
  fullName: (r) => (r.tokens.length > 0 ? true : null),
  aliases: (r) => (r.others.length > 0 ? true : null),
  dob: (r) => r.dob,
  sex: (r) => r.sex,
  postcode: (r) => r.postcode,
  address: (r) => r.address,
  town: (r) => r.town,
  birthPlace: (r) => r.birthPlace,
  email: (r) => r.email,
  nhsNumber: (r) => r.nhsNumber,
  pncId: (r) => r.pncId,
  otherId: (r) => r.otherId,
};

/**
 * Warnings about a mapping: a mapped field that gives no usable value for most rows (a
 * date in a format not read, a column of the wrong thing), and the fields the matcher
 * most needs that no column was found for.
 */
export function mappingWarnings(
  label: string,
  rows: readonly Row[],
  mapping: Mapping,
  records: readonly PreparedRecord[],
): string[] {
  const warnings: string[] = [];
  if (rows.length === 0) return [`${label}: the file has no rows`];
  for (const field of PERSON_FIELDS) {
    const spec = mapping[field];
    if (!spec) continue;
    let empty = 0;
    let example: string | null = null;
    records.forEach((r, i) => {
      if (PARSED[field](r) !== null) return;
      empty++;
      if (example === null) {
        const raw = spec
          .split('+')
          .map((c) => rows[i]?.[c])
          .filter((v) => v != null);
        if (raw.length > 0) example = raw.join(' ');
      }
    });
    if (empty / rows.length > 0.5) {
      const share = Math.round((100 * empty) / rows.length);
      warnings.push(
        `${label}: ${field} (from ${spec.split('+').join(' + ')}) gives no usable value for ${share}% of rows` +
          (example !== null ? `, e.g. "${example}"` : ' (the column is empty)'),
      );
    }
  }
  const missing = [
    !mapping.firstName && !mapping.fullName ? 'a given name' : null,
    !mapping.surname && !mapping.fullName ? 'a surname' : null,
    !mapping.dob ? 'a date of birth' : null,
  ].filter((x): x is string => x !== null);
  if (missing.length > 0) {
    warnings.push(
      `${label}: no column recognised for ${missing.join(', ')}; name it with --map (e.g. --map firstName=forename,dob=day+month+year)`,
    );
  }
  return warnings;
}

/** Turn rows into person records under a mapping. */
export function toRecords(rows: readonly Row[], mapping: Mapping, idPrefix = ''): PersonRecord[] {
  const get = (row: Row, spec: string | undefined): string | null => {
    if (!spec) return null;
    const parts = spec
      .split('+')
      .map((c) => row[c])
      .filter((v): v is string => v != null && v !== '');
    return parts.length === 0 ? null : parts.join(' ');
  };
  return rows.map((row, i) => {
    const record: PersonRecord = { id: get(row, mapping.id) ?? `${idPrefix}${i + 1}` };
    for (const field of PERSON_FIELDS) {
      const value = get(row, mapping[field]);
      if (value === null) continue;
      if (field === 'aliases')
        record.aliases = value
          .split(/[;|]/)
          .map((s) => s.trim())
          .filter(Boolean);
      else (record as unknown as Record<string, string>)[field] = value;
    }
    return record;
  });
}

/** Truth label of a row; FEBRL record ids (rec-12-dup-0) reduce to the person (rec-12). */
export function truthLabel(value: string | null | undefined): string | null {
  if (value == null || value === '') return null;
  const febrl = /^(rec-\d+)-(?:org|dup-\d+)$/.exec(value.trim());
  return febrl ? (febrl[1] as string) : value.trim();
}

export interface LinkJob {
  left: Row[];
  right: Row[] | null;
  mapping?: Mapping;
  truthColumn?: string;
  thresholds?: Thresholds;
  seed?: number;
  /** Further options for the linker (e.g. `plain` for the baseline model). */
  options?: LinkOptions;
}

export interface LinkJobResult {
  records: number;
  leftRecords: PreparedRecord[];
  rightRecords: PreparedRecord[] | null;
  /** The mapping used for each file, and warnings about it. */
  mappings: { label: string; mapping: Mapping }[];
  warnings: string[];
  result: LinkResult;
  metrics: Metrics | null;
  seconds: number;
}

/** Link (or deduplicate) tables of rows and, with a truth column, measure the clustering. */
export function runLink(job: LinkJob): LinkJobResult {
  const start = performance.now();
  const exclude = job.truthColumn ? [job.truthColumn] : [];
  const columns = Object.keys(job.left[0] ?? {});
  const mapping = resolveMapping(columns, job.mapping ?? {}, exclude);
  const leftSource = toRecords(job.left, mapping, 'L');
  const leftLabel = job.right ? 'left' : 'input';
  const mappings = [{ label: leftLabel, mapping }];
  let rightSource: PersonRecord[] | null = null;
  let rightMapping: Mapping | null = null;
  if (job.right) {
    rightMapping = resolveMapping(Object.keys(job.right[0] ?? {}), job.mapping ?? {}, exclude);
    rightSource = toRecords(job.right, rightMapping, 'R');
    mappings.push({ label: 'right', mapping: rightMapping });
  }
  // Given as read, so that a scoring worker can prepare its own copy alongside.
  const result = linkRecords(leftSource, rightSource, {
    ...job.options,
    thresholds: job.thresholds ?? DEFAULT_THRESHOLDS,
    ...(job.seed !== undefined ? { seed: job.seed } : {}),
  });
  const { left: leftRecords, right: rightRecords } = result.prepared;
  const warnings = mappingWarnings(leftLabel, job.left, mapping, leftRecords);
  if (job.right && rightMapping && rightRecords)
    warnings.push(...mappingWarnings('right', job.right, rightMapping, rightRecords));
  let metrics: Metrics | null = null;
  if (job.truthColumn) {
    const column = job.truthColumn;
    const truth = [...job.left, ...(job.right ?? [])].map((row) => {
      if (!(column in row)) throw new Error(`--truth: column "${column}" is not in the file`);
      return truthLabel(row[column]);
    });
    const side = job.right ? Uint8Array.from(truth, (_, i) => (i < job.left.length ? 0 : 1)) : null;
    metrics = evaluateClusters(result.clusters, truth, side);
  }
  return {
    records: leftRecords.length + (rightRecords?.length ?? 0),
    leftRecords,
    rightRecords,
    mappings,
    warnings,
    result,
    metrics,
    seconds: (performance.now() - start) / 1000,
  };
}

function csvCell(value: string | number | boolean): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Write the scored pairs as CSV. */
export async function writePairs(path: string, run: LinkJobResult): Promise<void> {
  const out = createWriteStream(path, 'utf8');
  const right = run.rightRecords ?? run.leftRecords;
  const offset = run.rightRecords ? run.leftRecords.length : 0;
  const write = (line: string): Promise<void> =>
    new Promise((resolve) => (out.write(line) ? resolve() : out.once('drain', resolve)));
  await write('left_id,right_id,match_weight,match_probability,decision,names_conflict,cluster\n');
  for (const p of run.result.pairs) {
    const cluster =
      run.result.clusters[p.left] === run.result.clusters[p.right + offset] ? run.result.clusters[p.left] : '';
    await write(
      [
        csvCell(run.leftRecords[p.left]?.id ?? ''),
        csvCell(right[p.right]?.id ?? ''),
        p.weight.toFixed(3),
        p.probability.toPrecision(6),
        p.decision,
        p.namesConflict,
        cluster ?? '',
      ].join(',') + '\n',
    );
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

interface Args {
  left?: string;
  right?: string;
  input?: string;
  out?: string;
  map?: string;
  truth?: string;
  link?: string;
  review?: string;
  seed?: string;
  explain?: string;
  modelout?: string;
  help?: boolean;
  quiet?: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {};
  const valued = new Set([
    'left',
    'right',
    'input',
    'out',
    'map',
    'truth',
    'link',
    'review',
    'seed',
    'explain',
    'modelout',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') {
      args.help = true;
      continue;
    }
    if (a === '--quiet') {
      args.quiet = true;
      continue;
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    const name = m?.[1]?.replace(/-/g, '');
    if (!m || !name || !valued.has(name)) throw new Error(`unknown option ${a} (try --help)`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`option --${m[1]} needs a value`);
    (args as Record<string, string>)[name] = value;
  }
  return args;
}

const USAGE = `usage: wholepicture link (--left A.csv --right B.csv | --input one.csv) [--out pairs.csv]
       [--map field=column,...] [--truth column] [--link 0.99] [--review 0.5] [--seed N]
       [--explain ID[,ID]] [--model-out model.json] [--quiet]

Columns with common names (first_name, forename, surname, last_name, dob, date_of_birth,
day/month/year, sex, gender, postcode, address, town, nhs_number, pnc_id...) are recognised;
the mapping used is printed. --map names the others, e.g. --map firstName=fname,dob=d+m+y`;

function fmt(x: number): string {
  return x.toFixed(4);
}

/** Command entry point; returns the process exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    console.error(USAGE);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const dedup = args.input !== undefined;
  if (dedup === (args.left !== undefined || args.right !== undefined) || (!dedup && (!args.left || !args.right))) {
    console.error('give either --input FILE, or both --left FILE and --right FILE');
    console.error(USAGE);
    return 2;
  }
  try {
    const start = performance.now();
    const thresholds: Thresholds = {
      link: args.link !== undefined ? Number(args.link) : DEFAULT_THRESHOLDS.link,
      review: args.review !== undefined ? Number(args.review) : DEFAULT_THRESHOLDS.review,
    };
    const left = await readTable((dedup ? args.input : args.left) as string);
    const right = dedup ? null : await readTable(args.right as string);
    const run = runLink({
      left,
      right,
      mapping: parseMapping(args.map),
      ...(args.truth ? { truthColumn: args.truth } : {}),
      thresholds,
      ...(args.seed !== undefined ? { seed: Number(args.seed) } : {}),
    });
    if (!args.quiet) {
      for (const { label, mapping } of run.mappings) {
        console.log(`columns used (${label}):`);
        for (const line of describeMapping(mapping, parseMapping(args.map))) console.log(line);
      }
    }
    for (const w of run.warnings) console.warn(`warning: ${w}`);
    const parameters = modelParameters(run.result.model, run.result.sessions);
    if (!args.quiet) {
      console.log('fitted model (m: chance of the level for one person, u: for two; weight log2 m/u):');
      for (const line of describeParameters(parameters)) console.log(line);
    }
    if (args.out) await writePairs(args.out, run);
    const modelOut = args.modelout ?? (args.out ? args.out.replace(/(\.csv)?$/i, '.model.json') : undefined);
    if (modelOut) await writeFile(modelOut, JSON.stringify(parameters, null, 2) + '\n');
    const elapsed = (performance.now() - start) / 1000;
    const { result } = run;
    const count = (d: string): number => result.pairs.filter((p) => p.decision === d).length;
    const held = result.pairs.filter((p) => p.reason !== null).length;
    const clusters = new Set(result.clusters).size;
    console.log(`records:          ${run.records}${dedup ? '' : ` (${left.length} + ${right?.length ?? 0})`}`);
    console.log(`candidate pairs:  ${result.candidatePairs}`);
    console.log(`linked pairs:     ${count('link')}  (probability >= ${thresholds.link})`);
    console.log(
      `for review:       ${count('review')}  (probability >= ${thresholds.review}; ${held} of them held back from a link, with the reason)`,
    );
    console.log(`clusters:         ${clusters}`);
    if (run.metrics) {
      console.log(`precision:        ${fmt(run.metrics.precision)}`);
      console.log(`recall:           ${fmt(run.metrics.recall)}`);
      console.log(`F1:               ${fmt(run.metrics.f1)}`);
    }
    console.log(`elapsed:          ${elapsed.toFixed(2)} s (linkage ${result.seconds.total.toFixed(2)} s)`);
    if (args.out) console.log(`pairs written to  ${args.out}`);
    if (modelOut) console.log(`model written to  ${modelOut}`);
    if (result.pairs.length === 0) {
      console.warn(
        'warning: no pair of records reached the review bound; check the columns used above (or --map) and the warnings',
      );
    }
    if (args.explain) for (const line of explainRecords(run, args.explain, thresholds)) console.log(line);
    return 0;
  } catch (err) {
    console.error(`link: ${(err as Error).message}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => {
    process.exitCode = code;
  });
}
