import { cpus, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { HOUSEHOLD_DATASET, runLinkageBenchmarks, toMarkdown } from './bench-linkage.ts';
import { SERVICE_PARAMETERS_FILE } from '../src/modules/people/service-model.ts';

// `npm run bench`: runs every benchmark and rewrites its section of BENCHMARKS.md,
// stamped with the machine, the date and the command. Targets live here, not in timed tests.
const FILE = 'BENCHMARKS.md';

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

async function replaceSection(name: string, body: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const current = await readFile(FILE, 'utf8').catch(() => '# Benchmarks\n');
  const block = `${start}\n${body.trim()}\n${end}`;
  const next = current.includes(start)
    ? current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
    : `${current.trimEnd()}\n\n${block}\n`;
  await writeFile(FILE, next);
}

const stamp = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()} with \`npm run bench\`.`;

// `npm run bench -- linkage`, `-- scale`, `-- import`, `-- pages`, `-- audit`, `-- speed` or `-- worklists` runs one part;
// no argument runs them all.
const parts = process.argv.slice(2);
const runs = (part: 'linkage' | 'scale' | 'import' | 'pages' | 'audit' | 'speed' | 'worklists') =>
  parts.length === 0 || parts.includes(part);

if (runs('linkage')) {
  console.log('record linkage…');
  const linkage = await runLinkageBenchmarks();
  const table = toMarkdown(linkage);
  console.log(table);
  // The people service scores with the parameters fitted on the household set (the data most like a
  // partnership's: families, twins, neighbours, movers), saved with this run.
  const households = linkage.find((r) => r.dataset === HOUSEHOLD_DATASET);
  if (households) {
    const { format, resolveConfig } = await import('prettier');
    const options = { ...(await resolveConfig(SERVICE_PARAMETERS_FILE)), parser: 'json' };
    await writeFile(SERVICE_PARAMETERS_FILE, await format(JSON.stringify(households.parameters), options));
  }
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
  await replaceSection(
    'linkage',
    `## Record linkage\n\n${stamp} Load average when it ended: ${load} on ${cpus().length} cores (seconds grow with load; quality figures do not).\n\nTargets: F1 ahead of the plain baseline on every set; precision of automatic links ≥ 0.995; no twin or parent–child pair linked automatically; FEBRL link ≥ 0.995, FEBRL dedup ≥ 0.99, household set ≥ 0.99. The 50k historical set: F1 and precision reported beside the baseline.\n\n${table}`,
  );
}

// ---- Linkage at scale: each job in its own process under `/usr/bin/time -v`, for the peak
// resident memory of the whole process beside the seconds.
if (runs('scale')) {
  const { spawnSync } = await import('node:child_process');
  const { loadavg } = await import('node:os');
  const jobs = [
    ['25000', 'link'],
    ['100000', 'link'],
    ['1000000', 'dedup'],
  ] as const;
  const lines = [
    '| job | F1 | precision of automatic links | candidate pairs | seconds (matcher) | seconds (whole process) | CPU seconds (user + system) | peak memory | load before / after |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const [size, mode] of jobs) {
    console.log(`linkage at scale: ${size} ${mode}…`);
    const before = loadavg()[0]!.toFixed(1);
    const run = spawnSync('/usr/bin/time', ['-v', 'npx', 'tsx', 'tools/bench-linkage-scale.ts', size, mode, 'ours'], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const out = `${run.stdout}\n${run.stderr}`;
    const result = /^matcher .*$/m.exec(out)?.[0] ?? '';
    const field = (re: RegExp) => re.exec(result)?.[1] ?? '–';
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(out)?.[1];
    const cpu = ['User', 'System'].reduce(
      (sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): (\\S+)`).exec(out)?.[1] ?? NaN),
      0,
    );
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(out)?.[1] ?? '–';
    const job =
      mode === 'dedup'
        ? `${Number(size).toLocaleString('en-GB')}-record deduplication`
        : `${Number(size).toLocaleString('en-GB')} × ${Number(size).toLocaleString('en-GB')} link`;
    lines.push(
      `| ${job} | ${field(/F1 (\S+)/)} | ${field(/link precision (\S+)/)} | ${field(/(\d+) candidate pairs/)} | ${field(/ (\S+) s /)} | ${wall} | ${cpu.toFixed(1)} | ${rss ? `${(Number(rss) / 1e6).toFixed(2)} GB` : '–'} | ${before} / ${loadavg()[0]!.toFixed(1)} |`,
    );
    if (!result) console.log(out.slice(-2000));
  }
  const table = lines.join('\n');
  console.log(table);
  await replaceSection(
    'linkage-scale',
    `## Record linkage at scale\n\n${stamp} Each job runs alone in its own process (\`/usr/bin/time -v npx tsx tools/bench-linkage-scale.ts N link|dedup ours\`): synthetic people drawn from the historical set's names, postcodes and birthdays, as in the 25,000 × 25,000 row above. "Seconds (matcher)" counts preparing the records, fitting the model, blocking, scoring and clustering; the whole process also generates the records. Load is the 1-minute average on ${cpus().length} cores, shared with other work: wall-clock seconds grow with it, CPU seconds much less.\n\nTargets: a 1,000,000-record deduplication in under 1 minute and under 4 GB.\n\n${table}`,
  );
}

// ---- Import of the daily extract: incidents with their people, each matched in the same run
// against the partnership's records (demo data), on PGlite unless DATABASE_URL is set.
if (runs('import')) {
  const { loadConfig } = await import('../src/config.ts');
  const { bootstrap } = await import('../src/bootstrap.ts');
  const { importIncidents } = await import('../src/modules/people/service.ts');
  const { actorByEmail } = await import('../test/support/actors.ts');
  const { faker } = await import('@faker-js/faker');
  const { loadavg } = await import('node:os');
  faker.seed(7);
  const { dbs } = await bootstrap(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: ':memory:', DEMO_DATA: 'true' }),
  );
  try {
    const actor = await actorByEmail(dbs.owner, 'lead.police@northshire.example');
    const total = Number(process.env.BENCH_IMPORT_ROWS ?? 2000);
    const rows = Array.from({ length: total }, (_, i) => ({
      ref: `incidents.${i}`,
      raw: {
        sourceId: `BENCH-${i}`,
        type: 'police-call-out',
        occurredOn: '2026-03-02',
        severity: 'medium',
        people: [
          {
            sourceId: `BENCH-V-${i}`,
            role: 'victim',
            givenName: faker.person.firstName('female'),
            familyName: faker.person.lastName(),
            dateOfBirth: faker.date.birthdate({ min: 18, max: 70, mode: 'age' }).toISOString().slice(0, 10),
          },
          {
            sourceId: `BENCH-P-${i}`,
            role: 'perpetrator',
            givenName: faker.person.firstName('male'),
            familyName: faker.person.lastName(),
            dateOfBirth: faker.date.birthdate({ min: 18, max: 70, mode: 'age' }).toISOString().slice(0, 10),
          },
        ],
      },
    }));
    const before = loadavg()[0]!.toFixed(1);
    const start = performance.now();
    const report = await importIncidents(dbs.app, actor, rows);
    const seconds = (performance.now() - start) / 1000;
    const line = `| ${total} incidents, ${total * 2} people (PGlite, demo data) | ${report.imported} | ${seconds.toFixed(1)} | ${(total / seconds).toFixed(0)} | ${before} / ${loadavg()[0]!.toFixed(1)} |`;
    console.log(line);
    await replaceSection(
      'import',
      `## Import of the daily extract\n\n${stamp} \`importIncidents\` as the import page, the API and the background import call it: 200 rows a part, each part a few statements (its incidents, people and links written at once, every new person matched against the partnership's records in the same run); a part the database refuses goes again row by row. What the incidents set off (their classification, MARAC repeat flags, worklist items and school notices) is worked out once per part, by statement triggers over the rows it recorded (migration 0191). Target: 500 rows per second.\n\n| extract | imported | seconds | rows per second | load before / after |\n|---|---:|---:|---:|---|\n${line}`,
    );
  } finally {
    await dbs.close();
  }
}

// ---- Person search and chronology, then the MARAC agenda and chair's view:
// p95 of the real pages, through the app, on one seeded database. PostgreSQL when DATABASE_URL is
// set (the targets' engine), else PGlite.
if (runs('pages')) {
  const { randomBytes } = await import('node:crypto');
  const pg = (await import('pg')).default;
  const { loadConfig } = await import('../src/config.ts');
  const { bootstrap } = await import('../src/bootstrap.ts');
  const { seed } = await import('./synthetic/seed.ts');
  const { PageClient } = await import('../test/support/http-client.ts');
  const { sql } = await import('kysely');
  const size = (process.env.BENCH_PEOPLE_SIZE ?? (process.env.DATABASE_URL ? 'national' : 'area')) as
    'area' | 'national';
  const serverUrl = process.env.DATABASE_URL;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: ':memory:',
    DEMO_DATA: 'true',
  };
  const dbName = `wp_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  if (serverUrl) {
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
  }
  console.log(`people: seeding ${size} on ${serverUrl ? 'PostgreSQL' : 'PGlite'}…`);
  const { app, dbs } = await bootstrap(loadConfig(env));
  try {
    const seedStart = performance.now();
    await seed(dbs.owner, size);
    // As autovacuum would after a bulk load: flushes the trigram indexes' pending lists and gathers statistics.
    await sql`VACUUM ANALYZE`.execute(dbs.owner);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    await app.ready();
    const northshire = (
      await dbs.owner.selectFrom('partnership').select('id').where('code', '=', 'northshire').executeTakeFirstOrThrow()
    ).id;
    const count = async (table: 'person' | 'incident', partnership?: string) => {
      let q = dbs.owner.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
      if (partnership) q = q.where('partnership_id', '=', partnership);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    const sizes = {
      people: await count('person'),
      incidents: await count('incident'),
      partnershipPeople: await count('person', northshire),
      partnershipIncidents: await count('incident', northshire),
    };
    const sample = await dbs.owner
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'date_of_birth'])
      .where('partnership_id', '=', northshire)
      .orderBy(sql`md5(id::text)`)
      .limit(300)
      .execute();
    const client = new PageClient(app);
    await client.signIn('police@northshire.example');
    await client.get('/people/search');
    const p = (xs: number[], q: number) =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
    const time = async (work: () => Promise<{ statusCode: number }>) => {
      const t0 = performance.now();
      const response = await work();
      if (response.statusCode !== 200) throw new Error(`bench request failed: ${response.statusCode}`);
      return performance.now() - t0;
    };
    // A typo in every name searched for (one letter of the surname dropped), as a practitioner might type it.
    const typo = (s: string) => (s.length > 4 ? s.slice(0, 2) + s.slice(3) : s);
    const measures: Record<string, number[]> = {
      'search by name (with a typo)': [],
      'search by date of birth': [],
      'person page with chronology': [],
    };
    for (const [k, person] of sample.entries()) {
      if (k < 20) continue; // warm-up
      measures['search by name (with a typo)']!.push(
        await time(() => client.post('/people/search', { name: `${person.given_name} ${typo(person.family_name)}` })),
      );
      const [y, m, d] = person.date_of_birth.split('-');
      measures['search by date of birth']!.push(
        await time(() =>
          client.post('/people/search', { 'dateOfBirth-day': d!, 'dateOfBirth-month': m!, 'dateOfBirth-year': y! }),
        ),
      );
      measures['person page with chronology']!.push(await time(() => client.get(`/people/${person.id}`)));
    }
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    const rows = Object.entries(measures).map(
      ([name, xs]) =>
        `| ${name} | ${xs.length} | ${p(xs, 0.5).toFixed(1)} | ${p(xs, 0.95).toFixed(1)} | ${p(xs, 0.95) < 100 ? 'yes' : 'no'} |`,
    );
    const table = ['| page | requests | p50 ms | p95 ms | p95 < 100 ms |', '|---|---|---|---|---|', ...rows].join('\n');
    console.log(table);
    await replaceSection(
      'people',
      `## Person search and chronology\n\n${stamp}\n\nTarget: p95 under 100 ms with the \`national\` synthetic data set on PostgreSQL.\n\n` +
        `Measured on: \`${size}\` seed on ${serverUrl ? 'PostgreSQL' : 'PGlite (embedded)'} — ${sizes.people.toLocaleString('en-GB')} person records and ${sizes.incidents.toLocaleString('en-GB')} incidents in all, ` +
        `${sizes.partnershipPeople.toLocaleString('en-GB')} people and ${sizes.partnershipIncidents.toLocaleString('en-GB')} incidents in the searched partnership (Northshire; the bulk records are seeded there, seeding took ${seedSeconds.toFixed(0)} s). ` +
        `Each request goes through the whole app (session, CSRF, RLS transaction, audit event, page rendering) via \`app.inject\`, one at a time, for 280 random people of the partnership after 20 warm-up ones. ` +
        `Load average when the timing ended: ${load} on ${cpus().length} cores (other work on the machine inflates these figures; compare runs at similar load).\n\n${table}`,
    );

    // MARAC: earlier meetings added through the services on top of the same seed, then the measured meeting.
    const { measureMaracPages, maracMarkdown } = await import('./bench-marac.ts');
    const backgroundCases = size === 'national' ? 3_000 : 500;
    console.log(`MARAC: ${backgroundCases} earlier cases, then the agenda and chair's view…`);
    const marac = await measureMaracPages(app, dbs, backgroundCases);
    const maracTable = maracMarkdown(marac);
    console.log(maracTable);
    const maracLoad = (await import('node:os')).loadavg()[0]!.toFixed(1);
    await replaceSection(
      'marac',
      `## MARAC agenda and chair's view\n\n${stamp}\n\nTarget: agenda and chair's view of a 25-case meeting under 200 ms p95 with the \`national\` data set on PostgreSQL.\n\n` +
        `Measured on: the same \`${size}\` seed on ${serverUrl ? 'PostgreSQL' : 'PGlite (embedded)'} as the person search above, plus ${marac.backgroundCases.toLocaleString('en-GB')} earlier MARAC cases in Northshire on 40-case meetings ` +
        `(added through the services in ${marac.preparedSeconds.toFixed(0)} s), and the measured meeting of 25 high-risk cases with research from three agencies and two actions each. ` +
        `Each request goes through the whole app (session, RLS, audit event, rendering) via \`app.inject\`; the last column divides by /health measured in the same process, which survives a noisy machine better than milliseconds. ` +
        `Load average when the timing ended: ${maracLoad} on ${cpus().length} cores.\n\n${maracTable}`,
    );
  } finally {
    await app.close();
    if (serverUrl) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

// ---- Audit log: concurrent writers against a plain-insert control, and verifying a million events (PostgreSQL only).
if (runs('audit') && process.env.DATABASE_URL) {
  const { runAuditBenchmarks, auditMarkdown } = await import('./bench-audit.ts');
  console.log('audit log: 1 and 16 writers, then verifying 1,000,000 events…');
  const seconds = Number(process.env.BENCH_AUDIT_SECONDS ?? 5);
  const result = await runAuditBenchmarks(process.env.DATABASE_URL, seconds);
  const table = auditMarkdown(result, seconds);
  console.log(table);
  await replaceSection(
    'audit',
    `## Audit log\n\n${stamp}\n\nTargets: with 16 concurrent writers at least 3× the audit events per second of 1 writer, measured beside a plain insert of the same row; verifying 1,000,000 events in under 60 s. On PostgreSQL.\n\n${table}`,
  );
}

// ---- Pages at the speed of their SQL: each main page beside a bare route doing the same statements
// (PostgreSQL), then the embedded engine with a small partnership at 1 and 8 concurrent users.
if (runs('speed')) {
  const { runSpeedBenchmarks } = await import('./bench-speed.ts');
  const sections = await runSpeedBenchmarks(stamp);
  for (const [name, body] of [
    ['speed', sections.postgres],
    ['speed-pglite', sections.pglite],
    ['speed-gate', sections.gate],
  ] as const) {
    if (!body) continue;
    console.log(body);
    await replaceSection(name, body);
  }
}

// ---- The home page with a full worklist and the referral queue, at national scale on PostgreSQL.
if (runs('worklists')) {
  const { runWorklistBenchmarks } = await import('./bench-worklists.ts');
  const body = await runWorklistBenchmarks(stamp);
  console.log(body);
  await replaceSection('worklists', body);
}
