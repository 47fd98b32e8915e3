import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';
import './tables.ts';

// Row-level security decides which restricted details and grants a query returns.

export const personExists = async (tx: Tx, personId: string) =>
  Boolean(await tx.selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst());

/** How many restricted details exist in all, without revealing them: a signpost that more is held. */
export const restrictedDetailCount = async (tx: Tx, personId: string) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM restricted_detail_count(${personId}::uuid) n`.execute(tx))
      .rows[0]?.n ?? 0,
  );

export const agenciesOfPartnership = (tx: Tx) =>
  tx.selectFrom('agency').select(['id', 'name']).where('active', '=', true).orderBy('name').execute();

export const personAccessLog = (tx: Tx, personId: string) =>
  sql<{
    occurred_at: Date;
    user_id: string | null;
    agency_id: string | null;
    role: string | null;
    action: string;
    subject_type: string | null;
    outcome: string;
  }>`
    SELECT * FROM person_access_log(${personId}::uuid)`
    .execute(tx)
    .then((r) => r.rows);

export const readingVolume = (tx: Tx, since: Date) =>
  sql<{ user_id: string; subjects: string; reads: string }>`SELECT * FROM agency_reading_volume(${since})`
    .execute(tx)
    .then((r) => r.rows);

/** How many different people each of the lead's agency's users read outside their caseload (0010-access-caseload.ts). */
export const readingOutsideCaseload = (tx: Tx, since: Date) =>
  sql<{ user_id: string; outside: string }>`SELECT * FROM agency_reading_outside_caseload(${since})`
    .execute(tx)
    .then((r) => r.rows);

export const userNames = (tx: Tx, ids: string[]) =>
  ids.length
    ? tx.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute()
    : Promise.resolve([]);

export const sharingDecisions = (tx: Tx, personId: string) =>
  tx
    .selectFrom('sharing_decision')
    .innerJoin('agency', 'agency.id', 'sharing_decision.agency_id')
    .innerJoin('agency as discloser', 'discloser.id', 'sharing_decision.recorded_by_agency_id')
    .select([
      'sharing_decision.id',
      'sharing_decision.agency_id',
      'sharing_decision.level',
      'sharing_decision.basis',
      'sharing_decision.note',
      'sharing_decision.recorded_at',
      'agency.name as agency_name',
      'discloser.name as disclosing_agency_name',
    ])
    .where('sharing_decision.person_id', '=', personId)
    .orderBy('sharing_decision.recorded_at')
    .execute();

export const insertSharingDecision = (
  tx: Tx,
  row: {
    partnership_id: string;
    person_id: string;
    agency_id: string;
    level: 'signpost' | 'shared-summary' | 'full';
    basis: 'consent' | 'marac-attendance' | 'risk-of-serious-harm' | 'legal-duty';
    note: string;
    recorded_by: string;
    recorded_by_agency_id: string;
  },
) => tx.insertInto('sharing_decision').values(row).returning('id').executeTakeFirstOrThrow();

/** Completed checklists of the partnership with what the export policy needs to decide each row. */
export const checklistsForExport = (tx: Tx) =>
  tx
    .selectFrom('assessment')
    .innerJoin('person', 'person.id', 'assessment.person_id')
    .innerJoin('agency', 'agency.id', 'assessment.agency_id')
    .select([
      'assessment.id',
      'assessment.person_id',
      'assessment.agency_id',
      'assessment.partnership_id',
      'assessment.completed_on',
      'assessment.level',
      'assessment.score',
      'assessment.criteria_met',
      'assessment.consent_to_share',
      'agency.name as agency_name',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
    ])
    .where('assessment.status', '=', 'completed')
    .orderBy('assessment.completed_on', 'desc')
    .limit(10_000)
    .execute();

export const allSharingDecisions = (tx: Tx) =>
  tx
    .selectFrom('sharing_decision')
    .select(['person_id', 'agency_id', 'recorded_by_agency_id', 'level', 'basis'])
    .execute();

export const breakGlassPeople = async (tx: Tx) =>
  new Set(
    (
      await tx
        .selectFrom('break_glass_grant')
        .select('person_id')
        .where('user_id', '=', sql<string>`current_app_user_id()`)
        .where('expires_at', '>', sql<Date>`now()`)
        .where('approval', 'in', ['not-needed', 'approved'])
        .execute()
    ).map((r) => r.person_id),
  );

export const retentionMonths = async (tx: Tx) =>
  (
    await sql<{
      retention_months: number;
    }>`SELECT retention_months FROM partnership WHERE id = current_partnership_id()`.execute(tx)
  ).rows[0]?.retention_months ?? 72;

export const setRetentionMonths = (tx: Tx, months: number) =>
  sql`UPDATE partnership SET retention_months = ${months} WHERE id = current_partnership_id()`.execute(tx);

export const retentionDue = (tx: Tx) =>
  sql<{ person_id: string; agency_id: string; last_activity: string; agency_name: string }>`
    SELECT d.*, a.name AS agency_name FROM retention_due() d JOIN agency a ON a.id = d.agency_id`
    .execute(tx)
    .then((r) => r.rows);

/** Anonymises the reviewed records that are still past retention; returns how many. */
export const applyRetention = async (tx: Tx, reviewed: readonly string[]) =>
  Number((await sql<{ n: number }>`SELECT apply_retention(${[...reviewed]}::uuid[]) AS n`.execute(tx)).rows[0]?.n ?? 0);

export interface RecordFacts {
  /** The agency holding the record. */
  agencyId: string | null;
  /** The latest completed checklist's consent answer, with a key that sorts by when it was completed. */
  consent: { value: 'given' | 'refused' | 'not-asked'; order: string } | null;
  attendsMarac: boolean;
  decisions: {
    agency_id: string;
    recorded_by_agency_id: string;
    level: 'signpost' | 'shared-summary' | 'full';
    basis: 'consent' | 'marac-attendance' | 'risk-of-serious-harm' | 'legal-duty';
  }[];
  breakGlass: boolean;
}

/**
 * The basis facts of each of these records, in four queries however many records:
 * the latest consent answer, whether an open MARAC case of it is on an agenda this
 * agency attends (row-level security shows meeting cases only to attendees: seeing
 * one is attending; the basis lapses when the case closes or is transferred), the
 * sharing decisions recorded on it, and this user's break-glass.
 */
export async function sharingFactsByRecord(tx: Tx, personIds: readonly string[]): Promise<Map<string, RecordFacts>> {
  const ids = [...new Set(personIds)];
  const facts = new Map<string, RecordFacts>(
    ids.map((id) => [id, { agencyId: null, consent: null, attendsMarac: false, decisions: [], breakGlass: false }]),
  );
  if (ids.length === 0) return facts;
  for (const r of await tx.selectFrom('person').select(['id', 'agency_id']).where('id', 'in', ids).execute())
    facts.get(r.id)!.agencyId = r.agency_id;
  // Consent counts on a record only when the agency holding it recorded it: it is that agency's basis for its own record.
  const consent = await sql<{
    person_id: string;
    consent_to_share: 'given' | 'refused' | 'not-asked' | null;
    sort_key: string;
  }>`
    SELECT DISTINCT ON (a.person_id) a.person_id, a.consent_to_share,
      to_char(a.completed_on, 'YYYY-MM-DD') || to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS sort_key
    FROM assessment a JOIN person p ON p.id = a.person_id AND p.agency_id = a.agency_id
    WHERE a.person_id = ANY(${ids}::uuid[]) AND a.status = 'completed'
    ORDER BY a.person_id, a.completed_on DESC, a.created_at DESC`.execute(tx);
  for (const r of consent.rows)
    facts.get(r.person_id)!.consent = { value: r.consent_to_share ?? 'not-asked', order: r.sort_key };
  const attends = await sql<{ person_id: string }>`
    SELECT DISTINCT c.person_id FROM marac_meeting_case mc JOIN marac_case c ON c.id = mc.case_id
    WHERE c.person_id = ANY(${ids}::uuid[]) AND c.status = 'open'`.execute(tx);
  for (const r of attends.rows) facts.get(r.person_id)!.attendsMarac = true;
  const decisions = await tx
    .selectFrom('sharing_decision')
    .select(['person_id', 'agency_id', 'recorded_by_agency_id', 'level', 'basis'])
    .where('person_id', 'in', ids)
    .execute();
  for (const d of decisions)
    facts.get(d.person_id)!.decisions.push({
      agency_id: d.agency_id,
      recorded_by_agency_id: d.recorded_by_agency_id,
      level: d.level,
      basis: d.basis,
    });
  const glass = await sql<{
    id: string;
  }>`SELECT id FROM unnest(${ids}::uuid[]) AS id WHERE break_glass_active(id)`.execute(tx);
  for (const r of glass.rows) facts.get(r.id)!.breakGlass = true;
  return facts;
}
