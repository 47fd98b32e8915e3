import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/0001-foundation.ts';
import * as audit from './migrations/0002-audit.ts';
import * as risk from './migrations/0003-risk.ts';
import * as apiCredentials from './migrations/0004-api-credentials.ts';
import * as riskPlans from './migrations/0005-risk-plans.ts';
import * as people from './migrations/0006-people.ts';
import * as marac from './migrations/0007-marac.ts';
import * as access from './migrations/0008-access.ts';
import * as retention from './migrations/0009-retention.ts';
import * as maracPopulation from './migrations/0010-marac-population.ts';
import * as maracLinkedRepeats from './migrations/0011-marac-linked-repeats.ts';
import * as incidentImport from './migrations/0012-incident-import.ts';
import * as perpetratorSignals from './migrations/0013-perpetrator-signals.ts';
import * as retentionComplete from './migrations/0014-retention-complete.ts';
import * as maracReturnReaders from './migrations/0015-marac-return-readers.ts';
import * as accessCaseload from './migrations/0010-access-caseload.ts';
import * as auditAboutPerson from './migrations/0040-audit-about-person.ts';
import * as teamsRestricted from './migrations/0016-teams-restricted.ts';
import * as breakGlassBounded from './migrations/0017-break-glass-bounded.ts';
import * as auditSealing from './migrations/0020-audit-sealing.ts';
import * as signInThrottling from './migrations/0021-sign-in-throttling.ts';
import * as referrals from './migrations/0045-referrals.ts';
import * as worklists from './migrations/0046-worklists.ts';
import * as jobLeases from './migrations/0065-job-leases.ts';
import * as schools from './migrations/0066-schools.ts';
import * as handover from './migrations/0067-handover.ts';
import * as retentionByModule from './migrations/0090-retention-by-module.ts';
import * as worklistsUnownedRisk from './migrations/0060-worklists-unowned-risk.ts';
import * as maracSetBasedRls from './migrations/0050-marac-set-based-rls.ts';
import * as supportingIndexes from './migrations/0051-supporting-indexes.ts';
import * as supportingIndexesLater from './migrations/0095-supporting-indexes-accounts-schools-handover.ts';
import * as preferredLanguage from './migrations/0150-preferred-language.ts';
import * as accountsOfTheirOwn from './migrations/0070-accounts-of-their-own.ts';
import * as apiCredentialLifecycle from './migrations/0071-api-credential-lifecycle.ts';
import * as twoAdministrators from './migrations/0072-two-administrators.ts';

// Forward-only: there are no `down` migrations. A mistake is fixed by a new migration.
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-audit': audit,
  '0003-risk': risk,
  '0004-api-credentials': apiCredentials,
  '0005-risk-plans': riskPlans,
  '0006-people': people,
  '0007-marac': marac,
  '0008-access': access,
  '0009-retention': retention,
  '0010-marac-population': maracPopulation,
  '0011-marac-linked-repeats': maracLinkedRepeats,
  '0012-incident-import': incidentImport,
  '0013-perpetrator-signals': perpetratorSignals,
  '0014-retention-complete': retentionComplete,
  '0015-marac-return-readers': maracReturnReaders,
  '0010-access-caseload': accessCaseload,
  '0040-audit-about-person': auditAboutPerson,
  '0016-teams-restricted': teamsRestricted,
  '0017-break-glass-bounded': breakGlassBounded,
  '0020-audit-sealing': auditSealing,
  '0021-sign-in-throttling': signInThrottling,
  '0045-referrals': referrals,
  '0046-worklists': worklists,
  '0065-job-leases': jobLeases,
  '0066-schools': schools,
  '0067-handover': handover,
  '0090-retention-by-module': retentionByModule,
  '0060-worklists-unowned-risk': worklistsUnownedRisk,
  '0050-marac-set-based-rls': maracSetBasedRls,
  '0051-supporting-indexes': supportingIndexes,
  '0070-accounts-of-their-own': accountsOfTheirOwn,
  '0071-api-credential-lifecycle': apiCredentialLifecycle,
  '0072-two-administrators': twoAdministrators,
  '0095-supporting-indexes-accounts-schools-handover': supportingIndexesLater,
  '0150-preferred-language': preferredLanguage,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function migrateToLatest(owner: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db: owner,
    provider,
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
    // Capabilities are built in parallel and their migrations are independent, so one may land after a higher-numbered one.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
