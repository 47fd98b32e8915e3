import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Tx } from '../../db/tenancy.ts';
import './tables.ts';

// SQL for schools, their contacts, the school each child attends and the notices. Requests run as
// their user (row-level security scopes them); the owner functions at the end are the schools job's.

export const listSchools = (tx: Tx) =>
  tx
    .selectFrom('school')
    .select((eb) => [
      'school.id',
      'school.name',
      'school.urn',
      'school.active',
      eb
        .selectFrom('school_contact')
        .whereRef('school_contact.school_id', '=', 'school.id')
        .select(eb.fn.countAll<string>().as('n'))
        .as('contacts'),
    ])
    .orderBy('school.name')
    .execute();

export const activeSchools = (tx: Tx) =>
  tx.selectFrom('school').select(['id', 'name']).where('active', '=', true).orderBy('name').execute();

export const findSchool = (tx: Tx, id: string) =>
  tx.selectFrom('school').select(['id', 'name', 'urn', 'active']).where('id', '=', id).executeTakeFirst();

export const schoolWithUrn = (tx: Tx, urn: string) =>
  tx.selectFrom('school').select('id').where('urn', '=', urn).executeTakeFirst();

export const insertSchool = (tx: Tx, row: { partnership_id: string; name: string; urn: string; created_by: string }) =>
  tx.insertInto('school').values(row).returning('id').executeTakeFirstOrThrow();

export const contactsOf = (tx: Tx, schoolId: string) =>
  tx
    .selectFrom('school_contact')
    .innerJoin('app_user', 'app_user.id', 'school_contact.user_id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.email', 'app_user.active'])
    .where('school_contact.school_id', '=', schoolId)
    .orderBy('app_user.display_name')
    .execute();

export const userByEmail = (tx: Tx, email: string) =>
  tx
    .selectFrom('app_user')
    .innerJoin('agency', 'agency.id', 'app_user.agency_id')
    .select(['app_user.id', 'app_user.active', 'agency.kind'])
    .where('app_user.email', '=', email)
    .executeTakeFirst();

export const addContact = (
  tx: Tx,
  row: { school_id: string; partnership_id: string; user_id: string; added_by: string },
) =>
  tx
    .insertInto('school_contact')
    .values(row)
    .onConflict((oc) => oc.columns(['school_id', 'user_id']).doNothing())
    .executeTakeFirst();

export const removeContact = (tx: Tx, schoolId: string, userId: string) =>
  tx.deleteFrom('school_contact').where('school_id', '=', schoolId).where('user_id', '=', userId).executeTakeFirst();

export const schoolOfChild = (tx: Tx, personId: string) =>
  tx
    .selectFrom('school_pupil')
    .innerJoin('school', 'school.id', 'school_pupil.school_id')
    .select(['school.id', 'school.name'])
    .where('school_pupil.person_id', '=', personId)
    .executeTakeFirst();

export const recordSchoolOfChild = (
  tx: Tx,
  row: { person_id: string; partnership_id: string; school_id: string; recorded_by: string },
) =>
  tx
    .insertInto('school_pupil')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('person_id')
        .doUpdateSet({ school_id: row.school_id, recorded_by: row.recorded_by, recorded_at: new Date() }),
    )
    .execute();

/** The notices of the schools the signed-in user is a contact of (row-level security gives no others). */
export const noticesForContact = (tx: Tx) =>
  tx
    .selectFrom('school_notice')
    .innerJoin('school', 'school.id', 'school_notice.school_id')
    .select([
      'school_notice.id',
      'school.name as school_name',
      'school_notice.incident_on',
      'school_notice.created_at',
      'school_notice.first_viewed_at',
    ])
    .orderBy('school_notice.created_at', 'desc')
    .limit(200)
    .execute();

export const findNotice = (tx: Tx, id: string) =>
  tx
    .selectFrom('school_notice')
    .innerJoin('school', 'school.id', 'school_notice.school_id')
    .select([
      'school_notice.id',
      'school_notice.child_person_id',
      'school_notice.child_name',
      'school_notice.incident_on',
      'school_notice.created_at',
      'school_notice.first_viewed_at',
      'school.name as school_name',
    ])
    .where('school_notice.id', '=', id)
    .executeTakeFirst();

export const markViewed = (tx: Tx, id: string) =>
  tx
    .updateTable('school_notice')
    .set({ first_viewed_at: new Date() })
    .where('id', '=', id)
    .where('first_viewed_at', 'is', null)
    .execute();

// The schools job (owner connection) ------------------------------------------

/** Takes the incidents noted since the last run; the rows go when the transaction commits. */
export const takeNotedIncidents = async (tx: Kysely<Database>, limit = 200) =>
  (
    await sql<{ incident_id: string; noted_at: Date }>`DELETE FROM school_notice_due WHERE incident_id IN (
      SELECT incident_id FROM school_notice_due ORDER BY noted_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING incident_id, noted_at`.execute(tx)
  ).rows;

export const childrenToTell = async (tx: Kysely<Database>, incidentId: string) =>
  (
    await sql<{
      school_id: string;
      child_id: string;
      child_name: string;
      incident_on: string;
      partnership_id: string;
    }>`SELECT * FROM school_notice_children(${incidentId}::uuid)`.execute(tx)
  ).rows;

export const insertNotice = (
  tx: Kysely<Database>,
  row: {
    partnership_id: string;
    school_id: string;
    incident_id: string;
    child_person_id: string;
    child_name: string;
    incident_on: string;
    due_by: Date;
  },
) =>
  tx
    .insertInto('school_notice')
    .values(row)
    .onConflict((oc) => oc.columns(['school_id', 'incident_id', 'child_person_id']).doNothing())
    .returning('id')
    .executeTakeFirst();

/** What was shared, in the audit chain against the child: written as the partnership, by no user (the job). */
export const auditShared = async (tx: Kysely<Database>, partnershipId: string, noticeId: string, childId: string) => {
  await sql`SELECT request_scope_enter_system(${partnershipId}::uuid)`.execute(tx);
  await sql`SELECT audit_record_about('school-notice.shared', 'school-notice', ${noticeId}, 'success', 'schools-job',
    ARRAY[${childId}::uuid])`.execute(tx);
};

export const noticeForMail = (owner: Kysely<Database>, id: string) =>
  owner.selectFrom('school_notice').select(['id', 'school_id', 'sent_at']).where('id', '=', id).executeTakeFirst();

export const contactEmails = (owner: Kysely<Database>, schoolId: string) =>
  owner
    .selectFrom('school_contact')
    .innerJoin('app_user', 'app_user.id', 'school_contact.user_id')
    .select('app_user.email')
    .where('school_contact.school_id', '=', schoolId)
    .where('app_user.active', '=', true)
    .orderBy('app_user.email')
    .execute();

export const markSent = (owner: Kysely<Database>, id: string) =>
  owner.updateTable('school_notice').set({ sent_at: new Date() }).where('id', '=', id).execute();
