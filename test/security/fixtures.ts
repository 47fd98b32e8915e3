import { sql } from 'kysely';
import type { TestApp } from '../support/test-app.ts';
import type { Role } from '../../src/db/schema.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import * as risk from '../../src/modules/risk/service.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import { maracFixtures } from './marac-fixtures.ts';
import '../../src/modules/people/tables.ts';
import { startImportRun } from '../../src/modules/people/jobs.ts';
import { actorByEmail } from '../support/actors.ts';
import { createReferral } from '../../src/modules/referrals/service.ts';
import '../../src/modules/worklists/tables.ts';
import { schoolFixtures } from './school-fixtures.ts';

/** Records in two partnerships, and one user per role, for the security sweeps. */
export interface SecurityFixtures {
  usersByRole: Record<Role, string>;
  /** A practitioner in a different agency of the same partnership. */
  otherAgencyPractitioner: string;
  own: Record<string, string>;
  otherPartnership: Record<string, string>;
}

const actorFor = (t: TestApp, email: string): Promise<Actor> => actorByEmail(t.dbs.owner, email);

async function personOf(t: TestApp, assessmentId: string): Promise<string> {
  return (
    await t.dbs.owner
      .selectFrom('assessment')
      .select('person_id')
      .where('id', '=', assessmentId)
      .executeTakeFirstOrThrow()
  ).person_id;
}

/** An unreviewed break-glass grant by a user of the lead's agency (police). */
async function grantFor(t: TestApp, actor: Actor, personId: string): Promise<string> {
  const row = await asActor(t.dbs.app, actor, (tx) =>
    tx
      .insertInto('break_glass_grant')
      .values({
        partnership_id: actor.partnershipId,
        agency_id: actor.agencyId,
        user_id: actor.userId,
        person_id: personId,
        reason: 'Fixture: emergency access for the sweep',
        expires_at: new Date(Date.now() + 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/** An agency API credential, as an administrator would issue it (its secret is never used here). */
async function apiCredentialFor(
  t: TestApp,
  actor: { partnershipId: string; agencyId: string; userId: string },
  label: string,
) {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO api_credential (partnership_id, agency_id, label, secret_hash, created_by, expires_at)
    VALUES (${actor.partnershipId}::uuid, ${actor.agencyId}::uuid, ${label}, 'unused', ${actor.userId}::uuid, now() + interval '30 days')
    RETURNING id`.execute(t.dbs.owner);
  return rows[0]!.id;
}

/** A waiting request to make a throwaway user an agency lead, asked by someone other than the administrator deciding it. */
async function roleChangeFor(
  t: TestApp,
  actor: { partnershipId: string; agencyId: string; userId: string },
  tag: string,
) {
  const { rows } = await sql<{ id: string }>`
    WITH u AS (
      INSERT INTO app_user (partnership_id, agency_id, email, display_name, role)
      VALUES (${actor.partnershipId}::uuid, ${actor.agencyId}::uuid, ${`sweep.lead.${tag}@sweep.example`}, 'Sweep lead', 'practitioner')
      RETURNING id
    )
    INSERT INTO privileged_change (partnership_id, user_id, role, requested_by)
    SELECT ${actor.partnershipId}::uuid, u.id, 'agency-lead', ${actor.userId}::uuid FROM u
    RETURNING id`.execute(t.dbs.owner);
  return rows[0]!.id;
}

/** A team of the agency, and a waiting request by another agency's practitioner to see the person's restricted details. */
async function teamFor(t: TestApp, agencyId: string, tag: string): Promise<string> {
  const agency = await t.dbs.owner
    .selectFrom('agency')
    .select('partnership_id')
    .where('id', '=', agencyId)
    .executeTakeFirstOrThrow();
  return (
    await t.dbs.owner
      .insertInto('team')
      .values({ partnership_id: agency.partnership_id, agency_id: agencyId, name: `Sweep team ${tag}` })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
async function restrictedRequestFor(t: TestApp, holder: Actor, requester: Actor, personId: string): Promise<string> {
  await t.dbs.owner
    .insertInto('restricted_detail')
    .values({
      partnership_id: holder.partnershipId,
      agency_id: holder.agencyId,
      person_id: personId,
      kind: 'safe-address',
      value: 'Fixture: a safe address',
      named_agency_ids: [],
      created_by: holder.userId,
    })
    .execute();
  return (
    await t.dbs.owner
      .insertInto('restricted_request')
      .values({
        partnership_id: requester.partnershipId,
        person_id: personId,
        agency_id: requester.agencyId,
        user_id: requester.userId,
        reason: 'Fixture: asking to see the safe address',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** A possible match between the person and a second record of the same partnership, for the review routes. */
async function linkFor(t: TestApp, personId: string): Promise<string> {
  const person = await t.dbs.owner
    .selectFrom('person')
    .select(['partnership_id', 'agency_id', 'date_of_birth'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const other = await t.dbs.owner
    .insertInto('person')
    .values({
      partnership_id: person.partnership_id,
      agency_id: person.agency_id,
      given_name: 'Sweep',
      family_name: 'Linked',
      date_of_birth: person.date_of_birth,
      created_by: '00000000-0000-0000-0000-000000000000',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [a, b] = personId < other.id ? [personId, other.id] : [other.id, personId];
  const link = await t.dbs.owner
    .insertInto('person_link')
    .values({
      partnership_id: person.partnership_id,
      person_a: a,
      person_b: b,
      probability: 0.8,
      weight: 2,
      status: 'review',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return link.id;
}

/** A background import run, queued (no runner turns in the sweep), with one incident. */
const importRunFor = (t: TestApp, actor: Actor, tag: string) =>
  startImportRun(t.dbs, actor, 'user', [
    {
      ref: 'incidents.0',
      raw: {
        sourceId: `SWEEP-${tag}`,
        type: 'crime',
        occurredOn: '2026-01-01',
        severity: 'low',
        people: [
          {
            sourceId: `SWEEPP-${tag}`,
            role: 'victim',
            givenName: 'Sweep',
            familyName: 'Import',
            dateOfBirth: '1990-01-01',
          },
        ],
      },
    },
  ]);

async function completedAssessment(t: TestApp, actor: Actor, familyName: string): Promise<string> {
  const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
  const recorded = await risk.recordAssessment(t.dbs.app, actor, instrument, {
    victim: { givenName: 'Sweep', familyName, dateOfBirth: '1990-01-01' },
    answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < 15 ? 'yes' : 'no' })),
    judgement: {
      victimView: null,
      judgementLevel: null,
      judgementReason: null,
      consentToShare: 'given',
      childrenInHousehold: 0,
    },
    referToMarac: false,
    referralReason: null,
  });
  return recorded.id;
}

/** A referral from police to Northshire health (the practitioner fixture's agency), awaiting a decision; Southvale's stays within Southvale. */
async function referralFor(t: TestApp, referrer: Actor, receivingAgencyId: string, tag: string): Promise<string> {
  const assessmentId = await completedAssessment(t, referrer, `Referral${tag}`);
  const created = await createReferral(t.dbs.app, referrer, {
    assessmentId,
    stepId: null,
    toAgencyId: receivingAgencyId,
    service: 'other',
    reason: 'Fixture referral for the sweep',
    consentStatus: 'given',
    lawfulBasis: null,
    sharedLevel: 'shared-summary',
  });
  if (!created.ok) throw new Error(`referral fixture: ${created.problems.map((p) => p.message).join('; ')}`);
  return created.id;
}

/** An open worklist item on the agency's own list (made by the owner, as the triggers and jobs do). */
/** An incident recorded by the agency about its own record of a person. */
async function incidentFor(t: TestApp, agencyId: string, partnershipId: string, personId: string): Promise<string> {
  const row = await t.dbs.owner
    .insertInto('incident')
    .values({
      partnership_id: partnershipId,
      agency_id: agencyId,
      person_id: personId,
      occurred_on: '2026-01-05',
      kind: 'Police call-out',
      severity: 'medium',
      police_recorded: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function worklistItemFor(t: TestApp, agencyId: string, partnershipId: string, personId: string): Promise<string> {
  const row = await t.dbs.owner
    .insertInto('worklist_item')
    .values({
      partnership_id: partnershipId,
      agency_id: agencyId,
      kind: 'incident-without-checklist',
      subject_type: 'incident',
      subject_id: personId,
      person_id: personId,
      due_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One Northshire demo user per role: who the sweeps sign in as. */
export const ROLE_EMAILS: Readonly<Record<Role, string>> = {
  practitioner: 'health.visitor@northshire.example',
  'marac-coordinator': 'coordinator@northshire.example',
  'marac-chair': 'chair@northshire.example',
  'agency-lead': 'lead.police@northshire.example',
  'partnership-analyst': 'analyst@northshire.example',
  administrator: 'admin@northshire.example',
};

export async function securityFixtures(t: TestApp): Promise<SecurityFixtures> {
  const emails = ROLE_EMAILS;
  const usersByRole = {} as Record<Role, string>;
  for (const [role, email] of Object.entries(emails) as [Role, string][])
    usersByRole[role] = (await actorFor(t, email)).userId;
  const visitor = await actorFor(t, emails.practitioner);
  const southvale = await actorFor(t, 'police@southvale.example');
  const draftFor = async (actor: Actor) =>
    asActor(
      t.dbs.app,
      actor,
      async (tx) =>
        (
          await tx
            .selectFrom('assessment')
            .select('id')
            .where('agency_id', '=', actor.agencyId)
            .where('status', '=', 'draft')
            .executeTakeFirst()
        )?.id,
    );
  const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
  const ownDraft =
    (await draftFor(visitor)) ??
    (await risk.startAssessment(t.dbs.app, visitor, instrument, {
      givenName: 'Sweep',
      familyName: 'Draft',
      dateOfBirth: '1990-01-01',
    }));
  const otherDraft =
    (await draftFor(southvale)) ??
    (await risk.startAssessment(t.dbs.app, southvale, instrument, {
      givenName: 'Sweep',
      familyName: 'Draft',
      dateOfBirth: '1990-01-01',
    }));
  const ownAssessment = await completedAssessment(t, visitor, 'Own');
  const otherAssessment = await completedAssessment(t, southvale, 'Other');
  const ownPerson = await personOf(t, ownAssessment);
  const otherPerson = await personOf(t, otherAssessment);
  const policePractitioner = await actorFor(t, 'police@northshire.example');

  // Southvale has no chair in the demo data (its coordinator may already be there): add them, as its administrator would.
  for (const [email, role] of [
    ['coordinator@southvale.example', 'marac-coordinator'],
    ['chair@southvale.example', 'marac-chair'],
  ] as const) {
    await t.dbs.owner
      .insertInto('app_user')
      .values({
        partnership_id: southvale.partnershipId,
        agency_id: southvale.agencyId,
        email,
        display_name: `Sweep ${role}`,
        role,
        password_hash: null,
        totp_secret: null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const northCoordinator = await actorFor(t, emails['marac-coordinator']);
  const southCoordinator = await actorFor(t, 'coordinator@southvale.example');
  const ownMarac = await maracFixtures(t, {
    coordinator: northCoordinator,
    chair: await actorFor(t, emails['marac-chair']),
    attending: [northCoordinator.agencyId, policePractitioner.agencyId, visitor.agencyId],
    actionOwner: visitor.agencyId,
    sender: southCoordinator,
    receiverPartnershipId: visitor.partnershipId,
    tag: 'N',
  });
  const otherMarac = await maracFixtures(t, {
    coordinator: southCoordinator,
    chair: await actorFor(t, 'chair@southvale.example'),
    attending: [southvale.agencyId],
    actionOwner: southvale.agencyId,
    sender: northCoordinator,
    receiverPartnershipId: southvale.partnershipId,
    tag: 'S',
  });
  return {
    usersByRole,
    // Housing attends no fixture meeting and holds no fixture record.
    otherAgencyPractitioner: (await actorFor(t, 'housing@northshire.example')).userId,
    own: {
      agency: visitor.agencyId,
      user: (await actorFor(t, 'idva@northshire.example')).userId,
      assessment: ownAssessment,
      draft: ownDraft,
      person: ownPerson,
      grant: await grantFor(t, policePractitioner, ownPerson),
      team: await teamFor(t, visitor.agencyId, 'N'),
      restrictedRequest: await restrictedRequestFor(
        t,
        visitor,
        await actorFor(t, 'housing@northshire.example'),
        ownPerson,
      ),
      link: await linkFor(t, ownPerson),
      importRun: await importRunFor(t, visitor, 'N'),
      referral: await referralFor(t, policePractitioner, visitor.agencyId, 'N'),
      worklistItem: await worklistItemFor(t, visitor.agencyId, visitor.partnershipId, ownPerson),
      ...(await schoolFixtures(t, visitor.partnershipId, visitor.userId, ownPerson, 'N')),
      incident: await incidentFor(t, visitor.agencyId, visitor.partnershipId, ownPerson),
      'api-credential': await apiCredentialFor(t, visitor, 'Sweep system N'),
      'api-credential-to-revoke': await apiCredentialFor(t, visitor, 'Sweep system N2'),
      'role-change': await roleChangeFor(t, visitor, 'n1'),
      'role-change-to-refuse': await roleChangeFor(t, visitor, 'n2'),
      ...ownMarac,
    },
    otherPartnership: {
      agency: southvale.agencyId,
      user: southvale.userId,
      assessment: otherAssessment,
      draft: otherDraft,
      person: otherPerson,
      grant: await grantFor(t, southvale, otherPerson),
      team: await teamFor(t, southvale.agencyId, 'S'),
      restrictedRequest: await restrictedRequestFor(t, southvale, southvale, otherPerson),
      link: await linkFor(t, otherPerson),
      importRun: await importRunFor(t, southvale, 'S'),
      'api-credential': await apiCredentialFor(t, southvale, 'Sweep system S'),
      'api-credential-to-revoke': await apiCredentialFor(t, southvale, 'Sweep system S2'),
      'role-change': await roleChangeFor(t, southvale, 's1'),
      'role-change-to-refuse': await roleChangeFor(t, southvale, 's2'),
      referral: await referralFor(
        t,
        southvale,
        (
          await t.dbs.owner
            .selectFrom('agency')
            .select('id')
            .where('name', '=', 'Southvale IDVA Service')
            .executeTakeFirstOrThrow()
        ).id,
        'S',
      ),
      worklistItem: await worklistItemFor(t, southvale.agencyId, southvale.partnershipId, otherPerson),
      ...(await schoolFixtures(t, southvale.partnershipId, southvale.userId, otherPerson, 'S')),
      incident: await incidentFor(t, southvale.agencyId, southvale.partnershipId, otherPerson),
      ...otherMarac,
    },
  };
}
