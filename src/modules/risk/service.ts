import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor, type Tx } from '../../db/tenancy.ts';
import { currentLanguage } from '../../platform/language/index.ts';
import {
  instrumentKey,
  requireChecklist,
  wordedIn,
  type ChecklistInstrument,
  type InstrumentRegistry,
} from './instrument.ts';
import { decideLevel, scoreAssessment, type Answer, type RiskLevel } from './scoring.ts';
import { evaluateMaracCriteria, type CriterionMet } from './referral-criteria.ts';
import { compareWithHistory, type HistoryComparison } from './history.ts';
import {
  defaultTieredResponse,
  nextSteps,
  tieredResponseConfigSchema,
  type ResponseStep,
  type TieredResponseConfig,
} from './tiered-response.ts';
import * as repo from './repository.ts';
import { confirmedClustersOf, linkedPersonIdsByConfirmation, matchPerson } from '../people/service.ts';
import { lastDiscussedOf } from '../marac/service.ts';
import { addHouseholdMemberTx, rateChildTx, type ChildMatrixEntry, type NewHouseholdMember } from './household.ts';

export interface VictimIdentity {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}
export interface Judgement {
  victimView: string | null;
  judgementLevel: RiskLevel | null;
  judgementReason: string | null;
  consentToShare: 'given' | 'refused' | 'not-asked';
  childrenInHousehold: number;
}

export class StaleAssessmentError extends Error {
  constructor() {
    super('This checklist was changed by someone else after you opened it');
  }
}

const today = () => new Date().toISOString().slice(0, 10);
const monthsBefore = (isoDate: string, months: number) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

/**
 * Finds the assessing agency's own record of this victim (same names and date
 * of birth); otherwise the agency creates one, and hands it to the people
 * module's matching in the same transaction: its link suggestions (or pairs for
 * review) are saved with the checklist or not at all, and a suggested or
 * confirmed link brings the other agencies' records into the history (see
 * `historyIds`). The checklist, and the consent recorded on it, belong to the
 * agency's own record: they reach another agency's record only through a link a
 * practitioner confirmed, so one agency's consent never raises another's record.
 */
async function personFor(tx: Tx, actor: Actor, victim: VictimIdentity): Promise<string> {
  const existing = await repo.findOwnPersonByIdentity(tx, actor.partnershipId, actor.agencyId, victim);
  if (existing) return existing.id;
  const created = await repo.insertPerson(tx, {
    partnership_id: actor.partnershipId,
    agency_id: actor.agencyId,
    given_name: victim.givenName,
    family_name: victim.familyName,
    date_of_birth: victim.dateOfBirth,
    created_by: actor.userId,
  });
  await matchPerson(tx, actor, created.id);
  return created.id;
}

/**
 * The victim's record and the records the people module joins to it, split: those
 * confirmed as the same person count in the history comparison and the MARAC
 * escalation count; those joined only by a suggestion nobody has confirmed are
 * shown beside the checklist as a possible match and never counted silently.
 */
const historyIds = (tx: Tx, personId: string) => linkedPersonIdsByConfirmation(tx, personId);

export async function startAssessment(
  db: Kysely<Database>,
  actor: Actor,
  instrument: ChecklistInstrument,
  victim: VictimIdentity,
): Promise<string> {
  return asActor(db, actor, async (tx) => {
    const personId = await personFor(tx, actor, victim);
    const row = await repo.insertAssessment(tx, {
      partnership_id: actor.partnershipId,
      agency_id: actor.agencyId,
      person_id: personId,
      instrument_id: instrument.id,
      instrument_version: instrument.version,
      created_by: actor.userId,
    });
    return row.id;
  });
}

export const getAssessment = (db: Kysely<Database>, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.findAssessment(tx, actor.partnershipId, id));

export type AssessmentRow = NonNullable<Awaited<ReturnType<typeof getAssessment>>>;

export const instrumentOf = (
  registry: InstrumentRegistry,
  row: { instrument_id: string; instrument_version: string },
) =>
  // In the page's language where the instrument declares that wording; the answers and scoring use only its ids.
  wordedIn(
    requireChecklist(registry, instrumentKey({ id: row.instrument_id, version: row.instrument_version })),
    currentLanguage(),
  );

export async function saveAnswers(
  db: Kysely<Database>,
  actor: Actor,
  row: AssessmentRow,
  answers: Answer[],
): Promise<void> {
  await asActor(db, actor, async (tx) => {
    const result = await repo.updateDraft(tx, row.id, row.version, { answers: JSON.stringify(answers) });
    if (Number(result.numUpdatedRows) !== 1) throw new StaleAssessmentError();
  });
}

export interface Evaluation {
  score: number;
  levelByScore: RiskLevel;
  level: RiskLevel;
  reasons: string[];
  factorsPresent: string[];
  criteria: CriterionMet[];
  history: HistoryComparison;
  steps: ResponseStep[];
  threshold: number;
}

/** The partnership's configured minimum response, or the default when none is configured (or a stored one no longer validates). */
export async function partnershipResponseConfig(tx: Tx, partnershipId: string): Promise<TieredResponseConfig> {
  const stored = await repo.responseConfig(tx, partnershipId);
  const parsed = stored ? tieredResponseConfigSchema.safeParse(stored.config) : undefined;
  return parsed?.success ? parsed.data : defaultTieredResponse;
}

/** Everything the result page and the API show, derived from the stored answers and the history. */
/** The records joined to a checklist's person, and their earlier checklists and the incidents of the year before `on`. */
interface LoadedHistory {
  confirmed: string[];
  suggested: string[];
  earlier: Awaited<ReturnType<typeof repo.earlierAssessments>>;
  incidents: Awaited<ReturnType<typeof repo.incidentsSince>>;
}

/** Read once per page: `withSuggested` adds a possible match's records (shown beside, never counted). */
async function loadHistory(tx: Tx, row: AssessmentRow, on: string, withSuggested: boolean): Promise<LoadedHistory> {
  const { confirmed, suggested } = await historyIds(tx, row.person_id);
  const ids = withSuggested ? [...confirmed, ...suggested] : confirmed;
  const [earlier, incidents] = [
    await repo.earlierAssessments(tx, ids, row.id),
    await repo.incidentsSince(tx, ids, monthsBefore(on, 12)),
  ];
  return { confirmed, suggested: withSuggested ? suggested : [], earlier, incidents };
}

async function evaluate(
  tx: Tx,
  actor: Actor,
  row: AssessmentRow,
  instrument: ChecklistInstrument,
  judgement: Judgement,
  on: string,
  loaded?: LoadedHistory,
): Promise<Evaluation> {
  const scored = scoreAssessment(instrument, row.answers);
  const decision = decideLevel({
    levelByScore: scored.levelByScore,
    score: scored.score,
    thresholds: scored.thresholdsUsed,
    professionalJudgement:
      judgement.judgementLevel && judgement.judgementReason
        ? { level: judgement.judgementLevel, reason: judgement.judgementReason }
        : undefined,
  });
  // Only the records confirmed as this victim count: a possible match is shown, not counted (see assessmentResult).
  const { confirmed, earlier: allEarlier, incidents: allIncidents } = loaded ?? (await loadHistory(tx, row, on, false));
  const counted = new Set(confirmed);
  const earlier = allEarlier.filter((e) => counted.has(e.person_id));
  // Support contacts are not abuse incidents: they do not count toward the criteria.
  const incidents = allIncidents.filter((i) => i.is_abuse && counted.has(i.person_id));
  const history = compareWithHistory({
    current: {
      id: row.id,
      completedOn: on,
      score: scored.score,
      level: decision.level,
      factorsPresent: scored.factorsPresent,
    },
    earlier: earlier
      .filter((e) => e.completed_on && e.completed_on <= on)
      .map((e) => ({
        id: e.id,
        completedOn: e.completed_on!,
        score: e.score ?? 0,
        level: e.level ?? 'standard',
        factorsPresent: e.factors_present ?? [],
      })),
    incidents: incidents.map((i) => ({
      id: i.id,
      occurredOn: i.occurred_on,
      severity: i.severity,
      policeRecorded: i.police_recorded,
    })),
  });
  const lastMarac = await lastDiscussedOf(tx, confirmed);
  const criteria = evaluateMaracCriteria({
    score: scored.score,
    threshold: scored.thresholdsUsed.high,
    professionalJudgementHigh: judgement.judgementLevel === 'high',
    professionalJudgementReason: judgement.judgementReason ?? undefined,
    policeIncidentsLast12Months: history.policeIncidentsLast12Months,
    escalationThreshold: await repo.escalationThreshold(tx, actor.partnershipId),
    lastMaracDate: lastMarac ?? undefined,
    newEventDate: on,
  });
  return {
    score: scored.score,
    levelByScore: scored.levelByScore,
    level: decision.level,
    reasons: decision.reasons,
    factorsPresent: scored.factorsPresent,
    criteria,
    history,
    threshold: scored.thresholdsUsed.high,
    steps: nextSteps({
      level: decision.level,
      childrenInHousehold: judgement.childrenInHousehold > 0,
      config: await partnershipResponseConfig(tx, actor.partnershipId),
    }),
  };
}

/** Records the practitioner's judgement and completes the checklist: score, level and criteria are stored with it. */
export async function completeAssessment(
  db: Kysely<Database>,
  actor: Actor,
  row: AssessmentRow,
  instrument: ChecklistInstrument,
  judgement: Judgement,
): Promise<Evaluation> {
  return asActor(db, actor, async (tx) => {
    const on = today();
    const result = await evaluate(tx, actor, row, instrument, judgement, on);
    const update = await repo.updateDraft(tx, row.id, row.version, {
      victim_view: judgement.victimView,
      judgement_level: judgement.judgementLevel,
      judgement_reason: judgement.judgementReason,
      consent_to_share: judgement.consentToShare,
      children_in_household: judgement.childrenInHousehold,
      score: result.score,
      level_by_score: result.levelByScore,
      level: result.level,
      level_reasons: JSON.stringify(result.reasons),
      factors_present: JSON.stringify(result.factorsPresent),
      criteria_met: JSON.stringify(result.criteria),
      next_steps: JSON.stringify(result.steps),
      status: 'completed',
      completed_on: on,
    });
    if (Number(update.numUpdatedRows) !== 1) throw new StaleAssessmentError();
    return result;
  });
}

/** The result as it stands: stored score, level and criteria, with the history recomputed for display. */
export async function assessmentResult(
  db: Kysely<Database>,
  actor: Actor,
  row: AssessmentRow,
  instrument: ChecklistInstrument,
) {
  return asActor(db, actor, async (tx) => {
    const judgement: Judgement = {
      victimView: row.victim_view,
      judgementLevel: row.judgement_level,
      judgementReason: row.judgement_reason,
      consentToShare: row.consent_to_share ?? 'not-asked',
      childrenInHousehold: row.children_in_household ?? 0,
    };
    const on = row.completed_on ?? today();
    // The history is read once: counted (confirmed records only) and shown beside the checklist, with a
    // possible match's records marked as such (not counted).
    const loaded = await loadHistory(tx, row, on, true);
    const evaluation = await evaluate(tx, actor, row, instrument, judgement, on, loaded);
    const counted = new Set(loaded.confirmed);
    const earlier = loaded.earlier.map((e) => ({ ...e, possibleMatch: !counted.has(e.person_id) }));
    const incidents = loaded.incidents.map((i) => ({ ...i, possibleMatch: !counted.has(i.person_id) }));
    const referral = await repo.referralForAssessment(tx, row.id);
    // What was stored at completion is the record; the recomputed history is the context beside it.
    return {
      evaluation: {
        ...evaluation,
        score: row.score ?? evaluation.score,
        level: row.level ?? evaluation.level,
        reasons: row.level_reasons ?? evaluation.reasons,
        criteria: row.criteria_met ?? evaluation.criteria,
        steps: row.next_steps ?? evaluation.steps,
      },
      earlier,
      incidents,
      referral,
      /** For each record whose history is shown, the records confirmed as the same person: where the sharing policy finds its bases. */
      basisClusters: await confirmedClustersOf(tx, [...loaded.confirmed, ...loaded.suggested]),
    };
  });
}

export type ReferralOutcome = { ok: true; referralId: string } | { ok: false; problem: string };

/** Any agency may refer. The criteria met travel with the referral; with none met, a reason is required. */
export async function referToMarac(
  db: Kysely<Database>,
  actor: Actor,
  row: AssessmentRow,
  reason: string | null,
): Promise<ReferralOutcome> {
  if (row.status !== 'completed') return { ok: false, problem: 'Complete the checklist before referring to MARAC' };
  const criteria = row.criteria_met ?? [];
  if (criteria.length === 0 && !reason)
    return { ok: false, problem: 'Give the reason for referring when no MARAC criterion is met' };
  return asActor(db, actor, async (tx) => {
    if (await repo.referralForAssessment(tx, row.id))
      return { ok: false, problem: 'This checklist has already been referred to MARAC' } as const;
    const referral = await repo.insertReferral(tx, {
      partnership_id: actor.partnershipId,
      referring_agency_id: actor.agencyId,
      person_id: row.person_id,
      assessment_id: row.id,
      criteria_met: JSON.stringify(criteria),
      reason,
      referred_by: actor.userId,
    });
    return { ok: true, referralId: referral.id } as const;
  });
}

export interface WholeAssessment {
  victim: VictimIdentity;
  household?: NewHouseholdMember[];
  childMatrices?: (ChildMatrixEntry | null)[]; // one per child in `household`, in order
  answers: Answer[];
  judgement: Judgement;
  referToMarac: boolean;
  referralReason: string | null;
}

/**
 * A whole checklist in one transaction, as agency systems send it through the
 * API: all of it is saved, or (on any error) none of it.
 */
export async function recordAssessment(
  db: Kysely<Database>,
  actor: Actor,
  instrument: ChecklistInstrument,
  input: WholeAssessment,
) {
  return asActor(db, actor, async (tx) => {
    const personId = await personFor(tx, actor, input.victim);
    const { id } = await repo.insertAssessment(tx, {
      partnership_id: actor.partnershipId,
      agency_id: actor.agencyId,
      person_id: personId,
      instrument_id: instrument.id,
      instrument_version: instrument.version,
      created_by: actor.userId,
    });
    await repo.updateDraft(tx, id, 1, { answers: JSON.stringify(input.answers) });
    const memberIds: string[] = [];
    for (const member of input.household ?? []) memberIds.push(await addHouseholdMemberTx(tx, actor, id, member));
    const row = (await repo.findAssessment(tx, actor.partnershipId, id))!;
    const on = today();
    const result = await evaluate(tx, actor, row, instrument, input.judgement, on);
    await repo.updateDraft(tx, id, row.version, {
      victim_view: input.judgement.victimView,
      judgement_level: input.judgement.judgementLevel,
      judgement_reason: input.judgement.judgementReason,
      consent_to_share: input.judgement.consentToShare,
      children_in_household: input.judgement.childrenInHousehold,
      score: result.score,
      level_by_score: result.levelByScore,
      level: result.level,
      level_reasons: JSON.stringify(result.reasons),
      factors_present: JSON.stringify(result.factorsPresent),
      criteria_met: JSON.stringify(result.criteria),
      next_steps: JSON.stringify(result.steps),
      status: 'completed',
      completed_on: on,
    });
    const children = (input.household ?? [])
      .map((member, index) => ({ member, id: memberIds[index]! }))
      .filter(({ member }) => member.relationship === 'child');
    const childRatings: { householdMemberId: string; overall: string; reasons: string[] }[] = [];
    for (const [index, child] of children.entries()) {
      const entry = input.childMatrices?.[index];
      if (entry)
        childRatings.push({ householdMemberId: child.id, ...(await rateChildTx(tx, actor, id, child.id, entry)) });
    }
    let referralId: string | null = null;
    if (input.referToMarac) {
      const referral = await repo.insertReferral(tx, {
        partnership_id: actor.partnershipId,
        referring_agency_id: actor.agencyId,
        person_id: personId,
        assessment_id: id,
        criteria_met: JSON.stringify(result.criteria),
        reason: input.referralReason,
        referred_by: actor.userId,
      });
      referralId = referral.id;
    }
    return { id, personId, referralId, result, householdMemberIds: memberIds, childRatings };
  });
}
