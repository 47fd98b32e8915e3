import { loadConfig } from '../src/config.ts';
import { openDatabases } from '../src/db/connection.ts';
import { verifyAuditChain } from '../src/platform/audit-chain.ts';

// `npm run audit:verify`: exits 1 and names the rows when the audit log has been altered or cut.
const dbs = await openDatabases(loadConfig().database);
try {
  const { checked, problems } = await verifyAuditChain(dbs.owner);
  for (const p of problems) console.log(`audit event ${p.id}: ${p.problem === 'altered' ? 'contents do not match its hash' : 'does not link to the event before it'}`);
  console.log(problems.length === 0 ? `audit log intact: ${checked} events verified` : `audit log TAMPERED: ${problems.length} problem(s) in ${checked} events`);
  process.exitCode = problems.length === 0 ? 0 : 1;
} finally {
  await dbs.close();
}
