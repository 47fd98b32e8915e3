import type { TestApp } from '../support/test-app.ts';
import '../../src/modules/schools/tables.ts';

/**
 * A school of the partnership, and a notice to it about the person, read by `contactUserId` (made by
 * the owner, as the schools job does; an incident of the partnership stands in for the one noticed).
 */
export async function schoolFixtures(
  t: TestApp,
  partnershipId: string,
  contactUserId: string,
  personId: string,
  tag: string,
): Promise<{ school: string; schoolNotice: string }> {
  const owner = t.dbs.owner;
  const admin = await owner
    .selectFrom('app_user')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirstOrThrow();
  const school = await owner
    .insertInto('school')
    .values({
      partnership_id: partnershipId,
      name: `Sweep School ${tag}`,
      urn: tag === 'N' ? '900001' : '900002',
      created_by: admin.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('school_contact')
    .values({ school_id: school.id, partnership_id: partnershipId, user_id: contactUserId, added_by: admin.id })
    .execute();
  const incident =
    (await owner.selectFrom('incident').select('id').where('partnership_id', '=', partnershipId).executeTakeFirst()) ??
    (await owner
      .insertInto('incident')
      .values({
        partnership_id: partnershipId,
        agency_id: (
          await owner.selectFrom('person').select('agency_id').where('id', '=', personId).executeTakeFirstOrThrow()
        ).agency_id,
        person_id: personId,
        occurred_on: '2026-11-01',
        kind: 'sweep',
        severity: 'low',
        police_recorded: false,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  const notice = await owner
    .insertInto('school_notice')
    .values({
      partnership_id: partnershipId,
      school_id: school.id,
      incident_id: incident.id,
      child_person_id: personId,
      child_name: 'Sweep Child',
      incident_on: '2026-11-01',
      due_by: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { school: school.id, schoolNotice: notice.id };
}
