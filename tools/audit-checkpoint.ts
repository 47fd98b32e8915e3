import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDatabases } from '../src/db/connection.ts';
import {
  AuditCheckpoints,
  FileCheckpointSink,
  applyAuditRetention,
  checkpointKey,
} from '../src/platform/audit-checkpoints.ts';

// `npx tsx tools/audit-checkpoint.ts`: seals pending audit events and writes a signed checkpoint now.
// `--retain-before <ISO date>`: the audit retention step: checkpoint first, then remove older events.
const { values } = parseArgs({ options: { 'retain-before': { type: 'string' } } });
const config = loadConfig();
if (!config.audit.checkpointFile) throw new Error('set AUDIT_CHECKPOINT_FILE');
const dbs = await openDatabases(config.database);
try {
  const checkpoints = new AuditCheckpoints(
    dbs.app,
    checkpointKey(config.audit.checkpointKey),
    new FileCheckpointSink(config.audit.checkpointFile),
  );
  if (values['retain-before']) {
    const removed = await applyAuditRetention(dbs.owner, checkpoints, new Date(values['retain-before']));
    console.log(`audit retention: ${removed} event(s) removed, checkpoint written to ${config.audit.checkpointFile}`);
  } else {
    const c = await checkpoints.write();
    console.log(
      c
        ? `checkpoint at audit event ${c.event} written to ${config.audit.checkpointFile}`
        : 'no audit events to checkpoint',
    );
  }
} finally {
  await dbs.close();
}
