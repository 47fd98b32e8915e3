import type { TestApp } from '../support/test-app.ts';
import type { Role } from '../../src/db/schema.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import * as risk from '../../src/modules/risk/service.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';

/** Records in two partnerships, and one user per role, for the security sweeps. */
export interface SecurityFixtures {
  usersByRole: Record<Role, string>;
  /** A practitioner in a different agency of the same partnership. */
  otherAgencyPractitioner: string;
  own: Record<string, string>;
  otherPartnership: Record<string, string>;
}

async function actorFor(t: TestApp, email: string): Promise<Actor> {
  const u = await t.dbs.owner.selectFrom('app_user').select(['id', 'partnership_id', 'agency_id', 'role', 'display_name']).where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: u.id, partnershipId: u.partnership_id, agencyId: u.agency_id, role: u.role, displayName: u.display_name };
}

async function completedAssessment(t: TestApp, actor: Actor, familyName: string): Promise<string> {
  const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
  const recorded = await risk.recordAssessment(t.dbs.app, actor, instrument, {
    victim: { givenName: 'Sweep', familyName, dateOfBirth: '1990-01-01' },
    answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < 15 ? 'yes' : 'no' })),
    judgement: { victimView: null, judgementLevel: null, judgementReason: null, consentToShare: 'given', childrenInHousehold: 0 },
    referToMarac: false, referralReason: null,
  });
  return recorded.id;
}

export async function securityFixtures(t: TestApp): Promise<SecurityFixtures> {
  const emails: Record<Role, string> = {
    practitioner: 'health.visitor@northshire.example', 'marac-coordinator': 'coordinator@northshire.example', 'marac-chair': 'chair@northshire.example',
    'agency-lead': 'lead.police@northshire.example', 'partnership-analyst': 'analyst@northshire.example', administrator: 'admin@northshire.example',
  };
  const usersByRole = {} as Record<Role, string>;
  for (const [role, email] of Object.entries(emails) as [Role, string][]) usersByRole[role] = (await actorFor(t, email)).userId;
  const visitor = await actorFor(t, emails.practitioner);
  const southvale = await actorFor(t, 'police@southvale.example');
  const draftFor = async (actor: Actor) => asActor(t.dbs.app, actor, async (tx) =>
    (await tx.selectFrom('assessment').select('id').where('agency_id', '=', actor.agencyId).where('status', '=', 'draft').executeTakeFirst())?.id);
  const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
  const ownDraft = (await draftFor(visitor)) ?? await risk.startAssessment(t.dbs.app, visitor, instrument, { givenName: 'Sweep', familyName: 'Draft', dateOfBirth: '1990-01-01' });
  const otherDraft = (await draftFor(southvale)) ?? await risk.startAssessment(t.dbs.app, southvale, instrument, { givenName: 'Sweep', familyName: 'Draft', dateOfBirth: '1990-01-01' });
  return {
    usersByRole,
    otherAgencyPractitioner: (await actorFor(t, 'police@northshire.example')).userId,
    own: { agency: visitor.agencyId, user: (await actorFor(t, 'idva@northshire.example')).userId, assessment: await completedAssessment(t, visitor, 'Own'), draft: ownDraft },
    otherPartnership: { agency: southvale.agencyId, user: southvale.userId, assessment: await completedAssessment(t, southvale, 'Other'), draft: otherDraft },
  };
}
