/** `wholepicture link --explain ID[,ID]`: why a record was linked or not, comparison by comparison. */
import { explainPair, type PreparedRecord, type Thresholds } from '../src/modules/people/matching/index.ts';
import type { LinkJobResult } from './link.ts';

interface Located {
  side: 'left' | 'right';
  index: number;
  record: PreparedRecord;
}

function locate(run: LinkJobResult, id: string): Located[] {
  const found: Located[] = [];
  run.leftRecords.forEach((record, index) => record.id === id && found.push({ side: 'left', index, record }));
  run.rightRecords?.forEach((record, index) => record.id === id && found.push({ side: 'right', index, record }));
  return found;
}

function clusterOf(run: LinkJobResult, at: Located): number {
  return run.result.clusters[at.side === 'left' ? at.index : run.leftRecords.length + at.index] as number;
}

/** The run's own verdict on a pair (it knows about one-to-one assignment), if it kept the pair. */
function runVerdict(run: LinkJobResult, a: Located, b: Located) {
  const [l, r] = a.side === 'right' || (run.rightRecords === null && a.index > b.index) ? [b, a] : [a, b];
  return run.result.pairs.find((p) => p.left === l.index && p.right === r.index) ?? null;
}

function explainOne(run: LinkJobResult, a: Located, b: Located, thresholds: Thresholds): string[] {
  const e = explainPair(run.result.model, a.record, b.record, thresholds);
  const verdict = runVerdict(run, a, b);
  const decision =
    verdict?.decision ??
    (e.probability >= thresholds.review ? 'not a candidate (no blocking rule pairs them)' : e.decision);
  const reason = verdict ? verdict.reason : e.reason;
  const lines = [`pair ${a.record.id} / ${b.record.id}:`];
  for (const c of e.comparisons) {
    lines.push(
      `  ${c.name.padEnd(12)} ${(c.level ?? 'missing').padEnd(20)} ${c.weight >= 0 ? '+' : ''}${c.weight.toFixed(2)} bits`,
    );
  }
  lines.push(`  ${'prior'.padEnd(33)} ${e.prior.toFixed(2)} bits`);
  lines.push(
    `  match weight ${e.weight.toFixed(2)} bits, probability ${e.probability.toPrecision(4)} (link >= ${thresholds.link}, review >= ${thresholds.review})`,
  );
  lines.push(`  decision: ${decision}${reason ? ` — ${reason}` : ''}`);
  lines.push(`  same cluster: ${clusterOf(run, a) === clusterOf(run, b) ? 'yes' : 'no'}`);
  return lines;
}

/**
 * Explain one pair ("A,B"), or a record ("A"): its pairs that reached the review bound,
 * or when none did, its best-scoring records on the other side (by the same model).
 */
export function explainRecords(run: LinkJobResult, spec: string, thresholds: Thresholds, top = 3): string[] {
  const ids = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const [first, second] = ids.map((id) => ({ id, at: locate(run, id) }));
  if (!first || first.at.length === 0) return [`--explain: no record with id "${ids[0] ?? ''}"`];
  if (second) {
    if (second.at.length === 0) return [`--explain: no record with id "${second.id}"`];
    const a = first.at[0] as Located;
    const b = (second.at.find((x) => run.rightRecords === null || x.side !== a.side) ?? second.at[0]) as Located;
    return explainOne(run, a, b, thresholds);
  }
  const a = first.at[0] as Located;
  const others: Located[] = [];
  const pool = run.rightRecords === null ? run.leftRecords : a.side === 'left' ? run.rightRecords : run.leftRecords;
  const side: Located['side'] = run.rightRecords === null ? 'left' : a.side === 'left' ? 'right' : 'left';
  const scored = pool
    .map((record, index) => ({
      at: { side, index, record },
      p: explainPair(run.result.model, a.record, record, thresholds).weight,
    }))
    .filter((x) => !(x.at.side === a.side && x.at.index === a.index))
    .sort((x, y) => y.p - x.p)
    .slice(0, top);
  for (const s of scored) others.push(s.at);
  const lines = [`record ${a.record.id}: its ${others.length} best-scoring records`];
  for (const b of others) lines.push(...explainOne(run, a, b, thresholds));
  return lines;
}
