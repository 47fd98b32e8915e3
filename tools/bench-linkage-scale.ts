/**
 * Linkage at scale: time, candidate pairs and memory for a synthetic linkage of N x N
 * records, or a deduplication of N records (two N/2 files pooled), drawn from the value
 * pools of the historical data set as in `syntheticLinkage`; the plain Fellegi-Sunter
 * baseline is run after the matcher in the same process unless `ours` is given.
 *
 *   npx tsx tools/bench-linkage-scale.ts 100000 link
 *   npx tsx tools/bench-linkage-scale.ts 1000000 dedup ours
 *
 * Run it under `/usr/bin/time -v` for the peak resident memory of the whole process
 * (`npm run bench -- scale` does).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { linkageDataDir, syntheticLinkage } from './bench-linkage.ts';
import { readTable, runLink, type Row } from './link.ts';

/** Share of automatic links whose two records are one person. */
function linkPrecision(run: ReturnType<typeof runLink>, rows: readonly Row[]): number {
  const offset = run.rightRecords ? run.leftRecords.length : 0;
  let links = 0;
  let right = 0;
  for (const p of run.result.pairs) {
    if (p.decision !== 'link') continue;
    links++;
    if (rows[p.left]?.person === rows[p.right + offset]?.person) right++;
  }
  return links === 0 ? 1 : right / links;
}

async function main(argv: readonly string[]): Promise<void> {
  const size = Number(argv[0] ?? 25_000);
  const dedup = argv[1] === 'dedup';
  const historical = await readTable(join(linkageDataDir(), 'historical_figures_with_errors_50k.parquet'));
  const { left, right } = syntheticLinkage(historical, dedup ? size / 2 : size);
  const rows = [...left, ...right];
  const mapping = { id: 'id', nhsNumber: 'nhs_number' };
  for (const plain of argv[2] === 'ours' ? [false] : [false, true]) {
    const start = performance.now();
    const run = dedup
      ? runLink({ left: rows, right: null, mapping, truthColumn: 'person', options: { plain } })
      : runLink({ left, right, mapping, truthColumn: 'person', options: { plain } });
    const m = run.metrics;
    const s = run.result.seconds;
    console.log(
      [
        plain ? 'plain baseline' : 'matcher',
        dedup ? `dedup of ${size}` : `${size} x ${size}`,
        `F1 ${m?.f1.toFixed(4)}`,
        `precision ${m?.precision.toFixed(4)}`,
        `link precision ${linkPrecision(run, rows).toFixed(4)}`,
        `${((performance.now() - start) / 1000).toFixed(1)} s `,
        `(train ${s.train.toFixed(1)} s, block and score ${s.score.toFixed(1)} s)`,
        `${run.result.candidatePairs} candidate pairs`,
        `rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
        `${run.result.scoringThreads} scoring thread${run.result.scoringThreads === 1 ? '' : 's'}`,
      ].join('  '),
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error((err as Error).message);
    process.exitCode = 1;
  });
}
