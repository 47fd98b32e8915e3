import type { RecordTypeDeclaration } from './record-types.ts';

/**
 * Row-level security derived from a record type's declaration, and the check
 * that a table's live policies keep to it. A migration for a new record type
 * runs `recordTypePolicies(declaration)`; the record-type test reads the live
 * policies of every declared table and expects `policyProblems` to find none.
 */
const identifier = /^[a-z_][a-z0-9_]{0,62}$/;
const role = /^[a-z-]{2,40}$/;

function sqlName(name: string): string {
  if (!identifier.test(name)) throw new Error(`Not a plain SQL name: ${name}`);
  return name;
}

/**
 * The policies of a declared table: the owner may do anything (migrations); the application role reads
 * its own partnership's rows and writes as the declaration says, never for another partnership and, for a
 * record owned by an agency, never in another agency's name. Nobody deletes through the application.
 */
export function recordTypePolicies(d: RecordTypeDeclaration): string {
  if (!d.table) throw new Error('A record type built from other records has no table of its own');
  const t = sqlName(d.table);
  const owner = sqlName(d.owner);
  const roles = d.writers.roles.map((r) => {
    if (!role.test(r)) throw new Error(`Not a role: ${r}`);
    return `'${r}'`;
  });
  // Settings through sub-selects: read once per statement, not once per row (reading one verifies the signed scope).
  const writer = [
    'partnership_id = (SELECT current_partnership_id())',
    ...(d.writers.kind === 'owner-agency' ? [`${owner} = (SELECT current_agency_id())`] : []),
    roles.length ? `(SELECT current_app_role()) = ANY (ARRAY[${roles.join(', ')}])` : 'false',
  ].join(' AND ');
  return `
ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON ${t} TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY partnership_read ON ${t} FOR SELECT TO wholepicture_app USING (partnership_id = (SELECT current_partnership_id()));
CREATE POLICY writer_insert ON ${t} FOR INSERT TO wholepicture_app WITH CHECK (${writer});
CREATE POLICY writer_update ON ${t} FOR UPDATE TO wholepicture_app USING (${writer}) WITH CHECK (${writer});
GRANT SELECT, INSERT, UPDATE ON ${t} TO wholepicture_app;
`;
}

/** One row of pg_policies, as the check needs it. */
export interface LivePolicy {
  policyname: string;
  cmd: string;
  roles: string;
  qual: string | null;
  with_check: string | null;
}

/** How a table's live row-level security departs from its record type's declaration (empty when it keeps to it). */
export function policyProblems(
  d: RecordTypeDeclaration,
  live: { enabled: boolean; forced: boolean; policies: readonly LivePolicy[] },
): string[] {
  const problems: string[] = [];
  const table = d.table ?? '(none)';
  if (!live.enabled || !live.forced) problems.push(`${table}: row-level security is not enabled and forced`);
  const app = live.policies.filter((p) => p.roles.includes('wholepicture_app'));
  if (!live.policies.some((p) => p.policyname === 'owner_all')) problems.push(`${table}: no owner_all policy`);
  // The setting may be read directly or through a sub-select (evaluated once per statement, not per row).
  const setting = (name: string) => `(?:${name}\\(\\)|\\(\\s*SELECT ${name}\\(\\)[^)]*\\))`;
  const ownPartnership = new RegExp(`partnership_id = ${setting('current_partnership_id')}`);
  const ownAgency = new RegExp(`\\b${d.owner} = ${setting('current_agency_id')}`);
  for (const p of app) {
    const text = `${p.qual ?? ''} ${p.with_check ?? ''}`;
    if (!ownPartnership.test(text))
      problems.push(`${table}.${p.policyname}: does not keep to the viewer's partnership`);
    if (p.cmd === 'ALL' || p.cmd === 'DELETE')
      problems.push(`${table}.${p.policyname}: the application may ${p.cmd === 'ALL' ? 'do anything' : 'delete'}`);
    if (d.writers.kind === 'owner-agency') {
      if (p.cmd === 'INSERT' && !ownAgency.test(p.with_check ?? ''))
        problems.push(`${table}.${p.policyname}: a write in another agency's name is not refused`);
      if (p.cmd === 'UPDATE' && !ownAgency.test(p.qual ?? ''))
        problems.push(`${table}.${p.policyname}: another agency's record may be changed`);
    }
  }
  return problems;
}
