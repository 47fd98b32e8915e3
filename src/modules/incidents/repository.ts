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

// ---------------------------------------------------------------- recording one on a page

export interface OwnPerson {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
}

/** Of these records, those the user's own agency holds (the only ones it records an incident against). */
export const ownRecords = async (tx: Tx, agencyId: string, ids: readonly string[]) =>
  ids.length
    ? (
        await sql<OwnPerson>`
    SELECT p.id, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth
    FROM person p WHERE p.agency_id = ${agencyId}::uuid AND p.id = ANY(${[...ids]}::uuid[])
    ORDER BY p.family_name, p.given_name`.execute(tx)
      ).rows
    : [];

/**
 * The agency's own records of people connected to this one: related to them, or named at an incident with them.
 * They are the people a practitioner chooses from; anyone else is found first and recorded from their own page.
 */
export const connectedRecords = async (tx: Tx, agencyId: string, personId: string) =>
  (
    await sql<OwnPerson>`
    SELECT p.id, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth
    FROM person p
    WHERE p.agency_id = ${agencyId}::uuid AND p.id <> ${personId}::uuid AND p.id IN (
      SELECT r.related_person_id FROM relationship r WHERE r.person_id = ${personId}::uuid
      UNION SELECT r.person_id FROM relationship r WHERE r.related_person_id = ${personId}::uuid
      UNION SELECT b.person_id FROM incident_involvement a JOIN incident_involvement b ON b.incident_id = a.incident_id
        WHERE a.person_id = ${personId}::uuid)
    ORDER BY p.family_name, p.given_name
    LIMIT 30`.execute(tx)
  ).rows;

export const isAbuse = async (tx: Tx, partnershipId: string, contactType: string) =>
  (
    await sql<{
      is_abuse: boolean;
    }>`SELECT contact_is_abuse(${partnershipId}::uuid, ${contactType}) AS is_abuse`.execute(tx)
  ).rows[0]!.is_abuse;

export const insertIncident = async (
  tx: Tx,
  row: {
    partnership_id: string;
    agency_id: string;
    person_id: string;
    contact_type: string;
    kind: string;
    occurred_on: string;
    severity: string;
    police_recorded: boolean;
    summary: string | null;
  },
) =>
  (
    await sql<{ id: string }>`
    INSERT INTO incident (partnership_id, agency_id, person_id, contact_type, kind, occurred_on, severity, police_recorded, summary)
    VALUES (${row.partnership_id}::uuid, ${row.agency_id}::uuid, ${row.person_id}::uuid, ${row.contact_type}, ${row.kind},
      ${row.occurred_on}::date, ${row.severity}, ${row.police_recorded}, ${row.summary})
    RETURNING id`.execute(tx)
  ).rows[0]!.id;

export const insertInvolvement = async (
  tx: Tx,
  own: { partnership_id: string; agency_id: string },
  incidentId: string,
  people: readonly { personId: string; role: string }[],
) => {
  for (const p of people)
    await sql`
      INSERT INTO incident_involvement (incident_id, person_id, partnership_id, agency_id, role)
      VALUES (${incidentId}::uuid, ${p.personId}::uuid, ${own.partnership_id}::uuid, ${own.agency_id}::uuid, ${p.role})`.execute(
      tx,
    );
};
