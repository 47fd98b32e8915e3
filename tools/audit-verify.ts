import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { createPublicKey } from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import { openDatabases } from '../src/db/connection.ts';
import { verifyAuditChain } from '../src/platform/audit-chain.ts';
import {
  checkpointKey,
  checkpointSeqs,
  compareWithCheckpoints,
  readCheckpointFile,
} from '../src/platform/audit-checkpoints.ts';

// `npm run audit:verify [-- --checkpoints <file>] [--public-key <pem file>]`: exits 1 and names the events
// when the audit log has been altered or cut. With checkpoints it also proves every checkpointed event is
// still there unchanged, which catches what the database owner could hide (rewriting the chain, cutting its end).
const { values } = parseArgs({ options: { checkpoints: { type: 'string' }, 'public-key': { type: 'string' } } });
const config = loadConfig();
const dbs = await openDatabases(config.database);
try {
  const entries = values.checkpoints ? await readCheckpointFile(values.checkpoints) : [];
  const report = await verifyAuditChain(dbs.owner, { watch: checkpointSeqs(entries) });
  const lines = report.problems.map(
    (p) =>
      `audit event ${p.id}: ${p.problem === 'altered' ? 'contents do not match its hash' : 'does not link to the event before it'}`,
  );
  if (values.checkpoints) {
    // The verifier needs only the public half; by default it is derived from the configured key.
    const key = values['public-key']
      ? createPublicKey(await readFile(values['public-key'], 'utf8'))
      : checkpointKey(config.audit.checkpointKey);
    for (const p of compareWithCheckpoints(report, entries, key)) lines.push(p.message);
  }
  for (const line of lines) console.log(line);
  const pending = report.unsealed > 0 ? ` (${report.unsealed} newer event(s) not yet sealed)` : '';
  const against = values.checkpoints ? ` against ${entries.length} checkpoint(s)` : '';
  console.log(
    lines.length === 0
      ? `audit log intact: ${report.checked} events verified${against}${pending}`
      : `audit log TAMPERED: ${lines.length} problem(s) in ${report.checked} events${against}`,
  );
  process.exitCode = lines.length === 0 ? 0 : 1;
} finally {
  await dbs.close();
}
