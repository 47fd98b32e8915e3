import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { cut, type Viewer } from '../access/service.ts';
import { CONCERN_LEAD_RULES, type ConcernDecision, type ConcernLeadRule } from './tables.ts';
import * as repo from './repository.ts';

// Worklists: items are kept up to date as records change (triggers, jobs); these
// functions read them, close one with an outcome, and keep the partnership's settings.

const listOf = (actor: Actor): repo.ListOf => ({
  agencyId: actor.agencyId,
  userId: actor.userId,
  coordinator: actor.role === 'marac-coordinator',
});

/** The roles that own work on a list. */
export const WORKLIST_ROLES = ['practitioner', 'agency-lead', 'marac-coordinator'] as const;
export const ownsWork = (actor: Actor) => (WORKLIST_ROLES as readonly string[]).includes(actor.role);

/** The open items on the actor's list. Items carry ids, a kind and due times only: no name, no narrative. */
export const openItems = (db: Kysely<Database>, actor: Actor, limit = 20) =>
  asActor(db, actor, async (tx) => ({
    items: await repo.openFor(tx, listOf(actor), limit),
    total: await repo.countOpen(tx, listOf(actor)),
  }));

/** One item, cut by its declaration; the person it is about is noted for the request's audit event. */
export async function getItem(db: Kysely<Database>, viewer: Viewer, id: string) {
  const row = await asActor(db, viewer.actor, (tx) => repo.findItem(tx, id));
  if (!row) return undefined;
  viewer.sawRecords('worklist-item', [row]);
  // Row-level security shows an item only to the list it is on, which sees it whole.
  return { ...row, ...cut('worklist-item', row, 'full') };
}
export type WorklistItem = NonNullable<Awaited<ReturnType<typeof getItem>>>;

export type CloseOutcome = 'closed' | 'not-open' | 'decision-needed';

/**
 * Closes an open item with the outcome the user records. A cumulative concern closes only with the
 * lead agency's decision: a checklist alone never closes it.
 */
export async function closeItem(
  db: Kysely<Database>,
  actor: Actor,
  item: { id: string; kind: string },
  outcome: string,
  decision: ConcernDecision | null,
): Promise<CloseOutcome> {
  if (item.kind === 'cumulative-concern' && !decision) return 'decision-needed';
  return asActor(db, actor, async (tx) =>
    Number(
      (await repo.closeItem(tx, item.id, actor.userId, outcome, item.kind === 'cumulative-concern' ? decision : null))
        .numUpdatedRows,
    ) === 1
      ? 'closed'
      : 'not-open',
  );
}

export const answerTimes = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, (tx) => repo.answerTimes(tx, listOf(actor)));

export interface WorklistSettings {
  policeChecklistHours: number;
  otherChecklistHours: number;
  criterionReferralHours: number;
  concernChecklistDays: number;
  concernDecisionDays: number;
  concernLeadRule: ConcernLeadRule;
  concernLeadAgencyId: string | null;
}

export const DEFAULT_SETTINGS: WorklistSettings = {
  policeChecklistHours: 24,
  otherChecklistHours: 168,
  criterionReferralHours: 24,
  concernChecklistDays: 7,
  concernDecisionDays: 14,
  concernLeadRule: 'most-incidents',
  concernLeadAgencyId: null,
};

/** The partnership's settings (the defaults until an administrator saves some), its version and its agencies. */
export const settings = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, async (tx) => {
    const row = await repo.settingsOf(tx, actor.partnershipId);
    const values: WorklistSettings = row
      ? {
          policeChecklistHours: row.police_checklist_hours,
          otherChecklistHours: row.other_checklist_hours,
          criterionReferralHours: row.criterion_referral_hours,
          concernChecklistDays: row.concern_checklist_days,
          concernDecisionDays: row.concern_decision_days,
          concernLeadRule: CONCERN_LEAD_RULES.includes(row.concern_lead_rule)
            ? row.concern_lead_rule
            : 'most-incidents',
          concernLeadAgencyId: row.concern_lead_agency_id,
        }
      : DEFAULT_SETTINGS;
    return { values, version: row?.version ?? null, agencies: await repo.activeAgencies(tx, actor.partnershipId) };
  });

export type SaveOutcome = 'saved' | 'changed-meanwhile' | 'unknown-agency';

/** Saves the settings for items raised from now on; items already on a list keep their due times. */
export async function saveSettings(
  db: Kysely<Database>,
  actor: Actor,
  values: WorklistSettings,
  version: number | null,
): Promise<SaveOutcome> {
  return asActor(db, actor, async (tx) => {
    const named = values.concernLeadRule === 'named-agency' ? values.concernLeadAgencyId : null;
    if (
      values.concernLeadRule === 'named-agency' &&
      !(await repo.activeAgencies(tx, actor.partnershipId)).some((a) => a.id === named)
    )
      return 'unknown-agency';
    const saved = await repo.saveSettings(
      tx,
      {
        partnership_id: actor.partnershipId,
        police_checklist_hours: values.policeChecklistHours,
        other_checklist_hours: values.otherChecklistHours,
        criterion_referral_hours: values.criterionReferralHours,
        concern_checklist_days: values.concernChecklistDays,
        concern_decision_days: values.concernDecisionDays,
        concern_lead_rule: values.concernLeadRule,
        concern_lead_agency_id: named,
        updated_by: actor.userId,
      },
      version,
    );
    return saved ? 'saved' : 'changed-meanwhile';
  });
}

export { addLeadItem } from './repository.ts';
export { homeWorklist } from './home.ts';
