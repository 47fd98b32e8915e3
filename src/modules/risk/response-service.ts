import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import {
  checkStepOutcomes,
  type ResponseStep,
  type StepOutcome,
  type TieredResponseConfig,
} from './tiered-response.ts';
import { isDueForReview, type RiskManagementPlan, type SafetyPlan } from './risk-plan.ts';
import type { PlanKind } from './tables.ts';
import { partnershipResponseConfig } from './service.ts';
import * as repo from './repository.ts';

// After the level: the partnership's minimum response, what was done about
// each next step, and the plans. Every change is a new row (outcomes, plan
// versions) so what was recorded before is never lost.

export class StaleError extends Error {
  constructor(what: string) {
    super(`${what} was changed by someone else after you opened it`);
  }
}

const today = () => new Date().toISOString().slice(0, 10);
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

// ---- partnership settings ----

export async function responseSettings(db: Kysely<Database>, actor: Actor) {
  return asActor(db, actor, async (tx) => {
    const stored = await repo.responseConfig(tx, actor.partnershipId);
    return {
      config: await partnershipResponseConfig(tx, actor.partnershipId),
      version: stored?.version ?? 0, // 0: the default, never saved
      updatedAt: stored?.updated_at ?? null,
      escalationThreshold: await repo.escalationThreshold(tx, actor.partnershipId),
    };
  });
}

/** Saves a validated configuration over the version the administrator loaded; a concurrent change raises StaleError. */
export async function saveResponseConfig(
  db: Kysely<Database>,
  actor: Actor,
  loadedVersion: number,
  config: TieredResponseConfig,
): Promise<void> {
  await asActor(db, actor, async (tx) => {
    if (loadedVersion === 0) {
      const inserted = await repo.insertResponseConfig(tx, {
        partnership_id: actor.partnershipId,
        config,
        updated_by: actor.userId,
      });
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw new StaleError('The minimum response');
      return;
    }
    const updated = await repo.updateResponseConfig(tx, actor.partnershipId, loadedVersion, {
      config,
      updated_by: actor.userId,
    });
    if (Number(updated.numUpdatedRows) !== 1) throw new StaleError('The minimum response');
  });
}

export async function saveEscalationThreshold(db: Kysely<Database>, actor: Actor, threshold: number): Promise<boolean> {
  return asActor(
    db,
    actor,
    async (tx) => Number((await repo.setEscalationThreshold(tx, actor.partnershipId, threshold)).numUpdatedRows) === 1,
  );
}

// ---- next steps ----

export type StepRecord = ResponseStep & {
  current: { outcome: StepOutcome['outcome']; reason: string | null; recorded_at: Date; agency_name: string } | null;
  earlier: { outcome: StepOutcome['outcome']; reason: string | null; recorded_at: Date; agency_name: string }[];
};

export async function stepRecords(db: Kysely<Database>, actor: Actor, assessmentId: string, steps: ResponseStep[]) {
  return asActor(db, actor, async (tx) => {
    const outcomes = await repo.stepOutcomesOf(tx, assessmentId);
    const records: StepRecord[] = steps.map((step) => {
      const own = outcomes.filter((o) => o.step_id === step.id);
      return { ...step, current: own.at(-1) ?? null, earlier: own.slice(0, -1).reverse() };
    });
    return { records, outstanding: records.filter((r) => !r.current).map((r) => r.id) };
  });
}

export type OutcomeResult =
  { ok: true; recorded: number } | { ok: false; problems: ReturnType<typeof checkStepOutcomes>['problems'] };

/**
 * Records the outcomes given (steps left blank stay outstanding). Checked
 * with checkStepOutcomes first: one problem and nothing is saved. Only
 * changed outcomes are written, each as a new row.
 */
export async function recordStepOutcomes(
  db: Kysely<Database>,
  actor: Actor,
  assessmentId: string,
  steps: ResponseStep[],
  outcomes: StepOutcome[],
): Promise<OutcomeResult> {
  const check = checkStepOutcomes(steps, outcomes);
  if (check.problems.length > 0) return { ok: false, problems: check.problems };
  return asActor(db, actor, async (tx) => {
    const existing = await repo.stepOutcomesOf(tx, assessmentId);
    const latest = new Map(existing.map((o) => [o.step_id, o]));
    const changed = outcomes.filter((o) => {
      const before = latest.get(o.stepId);
      return !before || before.outcome !== o.outcome || (before.reason ?? '') !== (o.reason?.trim() ?? '');
    });
    if (changed.length > 0) {
      await repo.insertStepOutcomes(
        tx,
        changed.map((o) => ({
          partnership_id: actor.partnershipId,
          agency_id: actor.agencyId,
          assessment_id: assessmentId,
          step_id: o.stepId,
          outcome: o.outcome,
          reason: o.reason?.trim() || null,
          recorded_by: actor.userId,
        })),
      );
    }
    return { ok: true, recorded: changed.length };
  });
}

// ---- plans ----

export type PlanVersion<T> = {
  id: string;
  version: number;
  plan: T;
  agreed_on: string;
  review_on: string;
  owner_agency: string;
  created_at: Date;
  agency_name: string;
  dueForReview: boolean;
};

export async function planVersions<T extends RiskManagementPlan | SafetyPlan>(
  db: Kysely<Database>,
  actor: Actor,
  assessmentId: string,
  kind: PlanKind,
): Promise<PlanVersion<T>[]> {
  return asActor(db, actor, async (tx) =>
    (await repo.plansOf(tx, assessmentId, kind)).map((row) => ({
      ...row,
      plan: row.plan as T,
      dueForReview: isDueForReview({ reviewOn: row.review_on }, today()),
    })),
  );
}

/**
 * Saves a plan as a new version on top of the version the user loaded (0 for
 * none). A concurrent save of the same version fails the unique constraint:
 * nothing is overwritten and StaleError is raised.
 */
export async function savePlan(
  db: Kysely<Database>,
  actor: Actor,
  assessmentId: string,
  kind: PlanKind,
  loadedVersion: number,
  plan: RiskManagementPlan | SafetyPlan,
): Promise<number> {
  try {
    return await asActor(db, actor, async (tx) => {
      const current = (await repo.plansOf(tx, assessmentId, kind))[0]?.version ?? 0;
      if (current !== loadedVersion) throw new StaleError('This plan');
      await repo.insertPlan(tx, {
        partnership_id: actor.partnershipId,
        agency_id: actor.agencyId,
        assessment_id: assessmentId,
        kind,
        version: loadedVersion + 1,
        plan: JSON.stringify(plan),
        agreed_on: plan.agreedOn,
        review_on: plan.reviewOn,
        owner_agency: plan.ownerAgency,
        created_by: actor.userId,
      });
      return loadedVersion + 1;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new StaleError('This plan');
    throw error;
  }
}

export const agencyNames = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, async (tx) => (await repo.agencyNames(tx, actor.partnershipId)).map((a) => a.name));
