import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import './tables.ts';

// Reads of one incident or contact for its page. Row-level security keeps it to the viewer's
// partnership; what the viewer's agency sees of it is cut by the gate from its declaration.

export interface IncidentRow {
  id: string;
  person_id: string;
  agency_id: string;
  agency_name: string;
  occurred_on: string;
  kind: string;
  contact_type: string | null;
  severity: string;
  police_recorded: boolean;
  is_abuse: boolean;
  summary: string | null;
}

export const findIncident = async (tx: Tx, id: string) =>
  (
    await sql<IncidentRow>`
    SELECT i.id, i.person_id, i.agency_id, g.name AS agency_name, to_char(i.occurred_on, 'YYYY-MM-DD') AS occurred_on,
      i.kind, i.contact_type, i.severity, i.police_recorded, i.is_abuse, i.summary
    FROM incident i JOIN agency g ON g.id = i.agency_id
    WHERE i.id = ${id}::uuid`.execute(tx)
  ).rows[0];

/** The people the recording agency named at the incident, and their roles (a checklist's own incident has none). */
export const peopleAt = async (tx: Tx, incidentId: string) =>
  (
    await sql<{ person_id: string; role: string; given_name: string; family_name: string }>`
    SELECT x.person_id, x.role, p.given_name, p.family_name
    FROM incident_involvement x JOIN person p ON p.id = x.person_id
    WHERE x.incident_id = ${incidentId}::uuid ORDER BY x.role, p.family_name`.execute(tx)
  ).rows;

/** Each kind of contact and whether the partnership counts it as an abuse incident (contact_is_abuse, migration 0046). */
export const contactKindsOf = async (tx: Tx, partnershipId: string, types: readonly string[]) =>
  (
    await sql<{ contact_type: string; is_abuse: boolean }>`
    SELECT t AS contact_type, contact_is_abuse(${partnershipId}::uuid, t) AS is_abuse FROM unnest(${[...types]}::text[]) AS t`.execute(
      tx,
    )
  ).rows;

export const saveContactKind = (
  tx: Tx,
  row: { partnership_id: string; contact_type: string; is_abuse: boolean; updated_by: string },
) =>
  tx
    .insertInto('contact_kind')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['partnership_id', 'contact_type'])
        .doUpdateSet({ is_abuse: row.is_abuse, updated_by: row.updated_by, updated_at: new Date() }),
    )
    .execute();
