import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Actor } from '../../../db/tenancy.ts';
import * as householdService from '../household.ts';
import * as response from '../response-service.ts';
import type { RiskManagementPlan, SafetyPlan } from '../risk-plan.ts';
import type * as service from '../service.ts';

/** What the result page shows beside the level: household and child ratings, next-step outcomes and plans. */
export async function resultExtras(
  db: Kysely<Database>,
  actor: Actor,
  row: service.AssessmentRow,
  steps: { id: string; label: string }[],
) {
  const [people, stepState, riskPlans, safetyPlans] = await Promise.all([
    householdService.household(db, actor, row.id),
    response.stepRecords(db, actor, row.id, steps),
    response.planVersions<RiskManagementPlan>(db, actor, row.id, 'risk-management'),
    response.planVersions<SafetyPlan>(db, actor, row.id, 'safety'),
  ]);
  return {
    household: people,
    stepRecords: stepState.records,
    outstandingSteps: stepState.outstanding,
    riskPlan: riskPlans[0] ?? null,
    safetyPlan: safetyPlans[0] ?? null,
    // Practitioners of the agency that completed the checklist record what hangs off it.
    ownAgency: row.agency_id === actor.agencyId && actor.role === 'practitioner',
  };
}
