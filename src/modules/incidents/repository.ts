import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';

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
