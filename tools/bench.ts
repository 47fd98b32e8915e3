import { cpus, totalmem } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { runLinkageBenchmarks, toMarkdown } from './bench-linkage.ts';

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

console.log('record linkage…');
const linkage = await runLinkageBenchmarks();
const table = toMarkdown(linkage);
console.log(table);
await replaceSection('linkage', `## Record linkage\n\n${stamp}\n\nTargets (issue #4): F1 ≥ 0.99 on the 50k historical set and FEBRL; 25,000 × 25,000 in under 60 s.\n\n${table}`);
