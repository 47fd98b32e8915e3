import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor, type Tx } from '../../db/tenancy.ts';
import { getAssessment } from '../risk/service.ts';
import { cut, type Viewer } from '../access/service.ts';
import { DEFAULT_RESPONSE_HOURS, dueAt, serviceForStep, SERVICE_AGENCY_KINDS, type ResponseTimes } from './rules.ts';
import type { ReferralLevel, ReferralService, SharedLevel } from './tables.ts';
import * as repo from './repository.ts';

// Referrals between services: made by one agency, decided by the receiving agency.
// Each action is one transaction; a refused action changes nothing.

export interface NewReferral {
  assessmentId: string;
  stepId: string | null;
  toAgencyId: string;
  service: ReferralService;
  reason: string;
  consentStatus: 'given' | 'refused' | 'not-asked';
  lawfulBasis: string | null;
  sharedLevel: SharedLevel;
}

export type Problem = { field: string; message: string };
export type CreateOutcome = { ok: true; id: string; toAgencyId: string } | { ok: false; problems: Problem[] };

export async function partnershipResponseTimes(tx: Tx, partnershipId: string): Promise<ResponseTimes> {
  const row = await repo.responseTimes(tx, partnershipId);
  return row
    ? { high: row.high_hours, medium: row.medium_hours, standard: row.standard_hours }
    : DEFAULT_RESPONSE_HOURS;
}

/** What the referral form needs: the checklist it comes from, the agencies that may receive it (likeliest first) and any live referral for the step. */
export async function referralContext(db: Kysely<Database>, actor: Actor, assessmentId: string, stepId: string | null) {
  const assessment = await getAssessment(db, actor, assessmentId);
  if (!assessment || assessment.agency_id !== actor.agencyId || assessment.status !== 'completed') return null;
  return asActor(db, actor, async (tx) => {
    const service = stepId ? serviceForStep(stepId) : null;
    const kinds = service ? SERVICE_AGENCY_KINDS[service] : [];
    const agencies = (await repo.activeAgencies(tx, actor.partnershipId))
      .filter((a) => a.id !== actor.agencyId)
      .sort((a, b) => Number(kinds.includes(b.kind)) - Number(kinds.includes(a.kind)));
    const existing = (await repo.ofAssessment(tx, assessmentId)).filter(
      (r) => stepId && r.step_id === stepId && r.status !== 'declined',
    );
    return { assessment, service, agencies, existing: existing[0] ?? null };
  });
}

/**
 * Records a referral from a completed checklist of the actor's own agency, due
 * within the partnership's response time for the checklist's risk level.
 */
export async function createReferral(
  db: Kysely<Database>,
  actor: Actor,
  input: NewReferral,
  now = new Date(),
): Promise<CreateOutcome> {
  const assessment = await getAssessment(db, actor, input.assessmentId);
  if (
    !assessment ||
    assessment.agency_id !== actor.agencyId ||
    assessment.status !== 'completed' ||
    !assessment.level
  ) {
    return {
      ok: false,
      problems: [{ field: 'assessmentId', message: 'Refer from a completed checklist your agency recorded' }],
    };
  }
  if (input.stepId && !serviceForStep(input.stepId))
    return {
      ok: false,
      problems: [{ field: 'stepId', message: 'That next step is not a referral to another service' }],
    };
  return asActor(db, actor, async (tx) => {
    const receiver = (await repo.activeAgencies(tx, actor.partnershipId)).find((a) => a.id === input.toAgencyId);
    if (!receiver || receiver.id === actor.agencyId)
      return {
        ok: false,
        problems: [
          { field: 'toAgencyId', message: 'Select another active agency of your partnership to receive the referral' },
        ],
      };
    if (
      input.stepId &&
      (await repo.ofAssessment(tx, input.assessmentId)).some(
        (r) => r.step_id === input.stepId && r.status !== 'declined',
      )
    ) {
      return {
        ok: false,
        problems: [{ field: 'stepId', message: 'This next step already has a referral that has not been declined' }],
      };
    }
    const level = assessment.level as ReferralLevel;
    const row = await repo.insertReferral(tx, {
      partnership_id: actor.partnershipId,
      agency_id: actor.agencyId,
      to_agency_id: receiver.id,
      service: input.service,
      person_id: assessment.person_id,
      assessment_id: assessment.id,
      step_id: input.stepId,
      risk_level: level,
      reason: input.reason,
      consent_status: input.consentStatus,
      lawful_basis: input.consentStatus === 'given' ? null : input.lawfulBasis,
      shared_level: input.sharedLevel,
      referred_by: actor.userId,
      referred_at: now,
      due_at: dueAt(now, level, await partnershipResponseTimes(tx, actor.partnershipId)),
    });
    return { ok: true, id: row.id, toAgencyId: receiver.id };
  });
}

export const queues = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, async (tx) => ({
    received: await repo.received(tx, actor.agencyId),
    sent: await repo.sent(tx, actor.agencyId),
  }));

export const getReferral = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.findReferral(tx, actor.partnershipId, id));
export type ReferralView = NonNullable<Awaited<ReturnType<typeof getReferral>>>;

/**
 * A referral for its page: the referrer reads it in full, the receiving agency at the level the referrer
 * shared, cut from the referral's declaration; the person is noted for the request's audit event.
 */
export async function referralForViewer(db: Kysely<Database>, viewer: Viewer, id: string) {
  const row = await getReferral(db, viewer.actor, id);
  if (!row) return undefined;
  viewer.sawRecords('referral', [row]);
  const level = row.agency_id === viewer.actor.agencyId ? 'full' : row.shared_level;
  return cut('referral', row, level) as Partial<ReferralView> & Pick<ReferralView, 'id' | 'to_agency_id' | 'status'>;
}

export const workers = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, (tx) => repo.workersOf(tx, actor.agencyId));

/** Referrals made from a checklist's next steps, by step, latest last (the next-steps page shows each step's status). */
export async function referralsOfAssessment(db: Kysely<Database>, actor: Actor, assessmentId: string) {
  const rows = await asActor(db, actor, (tx) => repo.ofAssessment(tx, assessmentId));
  const byStep: Record<string, (typeof rows)[number]> = {};
  for (const r of rows) if (r.step_id) byStep[r.step_id] = r;
  return byStep;
}

export type DecideOutcome = 'decided' | 'not-found' | 'already-decided' | 'unknown-worker';

/** The receiving agency accepts, naming the worker it allocates (one of its own active practitioners or leads). */
export async function accept(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  allocatedUserId: string,
  now = new Date(),
): Promise<DecideOutcome> {
  return asActor(db, actor, async (tx) => {
    const referral = await repo.findReferral(tx, actor.partnershipId, id);
    if (!referral || referral.to_agency_id !== actor.agencyId) return 'not-found';
    if (referral.status !== 'awaiting') return 'already-decided';
    if (!(await repo.workersOf(tx, actor.agencyId)).some((w) => w.id === allocatedUserId)) return 'unknown-worker';
    const result = await repo.decide(tx, id, actor.agencyId, {
      status: 'accepted',
      allocated_user_id: allocatedUserId,
      decided_by: actor.userId,
      decided_at: now,
    });
    return Number(result.numUpdatedRows) === 1 ? 'decided' : 'already-decided';
  });
}

export async function decline(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  reason: string,
  now = new Date(),
): Promise<DecideOutcome> {
  return asActor(db, actor, async (tx) => {
    const referral = await repo.findReferral(tx, actor.partnershipId, id);
    if (!referral || referral.to_agency_id !== actor.agencyId) return 'not-found';
    if (referral.status !== 'awaiting') return 'already-decided';
    const result = await repo.decide(tx, id, actor.agencyId, {
      status: 'declined',
      decline_reason: reason,
      decided_by: actor.userId,
      decided_at: now,
    });
    return Number(result.numUpdatedRows) === 1 ? 'decided' : 'already-decided';
  });
}
export { serviceForStep } from './rules.ts';

/** The partnership's response times by risk level (the defaults until its administrator sets some) and their version. */
export const responseTimesSetting = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, async (tx) => {
    const row = await repo.responseTimes(tx, actor.partnershipId);
    return { hours: await partnershipResponseTimes(tx, actor.partnershipId), version: row?.version ?? null };
  });

/** Saves the response times for referrals made from now on; false when someone else changed them meanwhile. */
export const saveResponseTimes = (db: Kysely<Database>, actor: Actor, hours: ResponseTimes, version: number | null) =>
  asActor(db, actor, (tx) =>
    repo.saveResponseTimes(
      tx,
      {
        partnership_id: actor.partnershipId,
        high_hours: hours.high,
        medium_hours: hours.medium,
        standard_hours: hours.standard,
        updated_by: actor.userId,
      },
      version,
    ),
  );
