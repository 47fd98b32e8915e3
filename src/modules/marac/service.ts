import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { sendInTheirLanguages, type Mailer } from '../../platform/mail.ts';
import { label } from '../../platform/language/index.ts';
import { formatDate } from '../../platform/views/nunjucks.ts';
import * as repo from './repository.ts';
import { linkedPersonIdsByConfirmation } from '../people/service.ts';
import {
  chooseForListing,
  quarterRange,
  quarterlyReturn,
  returnTable,
  type Quarter,
  type RecommendedLevels,
} from './rules.ts';
import type { Consent, RiskLevel, TransferPackage, VictimSex } from './tables.ts';

type Db = Kysely<Database>;
export type Outcome<T = string> = { ok: true; value: T } | { ok: false; problem: string; field?: string };

const today = () => new Date().toISOString().slice(0, 10);

/** The latest MARAC at which any of these records (one victim's, across agencies) was discussed; for the risk checklist too. */
export const lastDiscussedOf = (tx: Parameters<typeof repo.lastDiscussed>[0], personIds: readonly string[]) =>
  repo.lastDiscussed(tx, personIds);

/** The victim's last MARAC over every record confirmed as hers (another agency's record may have been discussed). */
const lastDiscussed = async (tx: Parameters<typeof repo.lastDiscussed>[0], personId: string) =>
  lastDiscussedOf(tx, (await linkedPersonIdsByConfirmation(tx, personId)).confirmed);

// Referrals ---------------------------------------------------------------

export const referralQueue = (db: Db, actor: Actor) =>
  asActor(db, actor, async (tx) => ({
    awaiting: await repo.referralQueue(tx, 'awaiting-coordinator'),
    decided: await repo.referralQueue(tx, 'decided'),
  }));

export const referralsFromMyAgency = (db: Db, actor: Actor) =>
  asActor(db, actor, (tx) => repo.referralsFromAgency(tx, actor.agencyId));

export const getReferral = (db: Db, actor: Actor, id: string) =>
  asActor(db, actor, async (tx) => {
    const referral = await repo.findReferral(tx, id);
    return referral ? { ...referral, riskLevel: await repo.assessmentLevel(tx, referral.assessment_id) } : undefined;
  });

export interface ManualReferral {
  victim: repo.VictimIdentity;
  reason: string;
  consentStatus: Consent;
  lawfulBasis: string | null;
  childrenInHousehold: number;
}

/** Any agency may refer without a checklist, with a reason. A victim with an open case or a MARAC in the last 12 months is flagged as a repeat (by the database). */
export const referManually = (db: Db, actor: Actor, input: ManualReferral) =>
  asActor(db, actor, async (tx) => {
    const personId = await repo.findOrCreatePerson(tx, actor, input.victim);
    return repo.insertManualReferral(tx, {
      partnership_id: actor.partnershipId,
      referring_agency_id: actor.agencyId,
      person_id: personId,
      reason: input.reason,
      referred_by: actor.userId,
      consent_status: input.consentStatus,
      lawful_basis: input.lawfulBasis,
      children_in_household: input.childrenInHousehold,
    });
  });

export interface Acceptance {
  consentStatus: Consent;
  lawfulBasis: string | null;
  riskLevel: RiskLevel | null;
  childrenInHousehold: number;
  summary: string | null;
  victimSex: VictimSex;
  victimBme: boolean | null;
  victimLgbt: boolean | null;
  victimDisabled: boolean | null;
}

/** Accepting opens a case, or (for a repeat) lists the existing case again instead of making a second one. */
export const acceptReferral = (db: Db, actor: Actor, referralId: string, a: Acceptance): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const referral = await repo.findReferral(tx, referralId);
    if (!referral || referral.status !== 'awaiting-coordinator')
      return { ok: false, problem: 'marac.problem.already-decided' };
    let caseId = referral.case_id;
    if (caseId) {
      await repo.updateCase(tx, caseId, {
        status: 'open',
        listing_needed: true,
        is_repeat: true,
        consent_status: a.consentStatus,
        lawful_basis: a.lawfulBasis,
        children_in_household: a.childrenInHousehold,
        victim_sex: a.victimSex,
        victim_bme: a.victimBme,
        victim_lgbt: a.victimLgbt,
        victim_disabled: a.victimDisabled,
        ...(a.riskLevel ? { risk_level: a.riskLevel } : {}),
        ...(a.summary ? { summary: a.summary } : {}),
        outcome: null,
        closed_at: null,
        closed_by: null,
      });
    } else {
      caseId = (
        await repo.insertCase(tx, {
          partnership_id: actor.partnershipId,
          agency_id: actor.agencyId,
          person_id: referral.person_id,
          opened_by: actor.userId,
          risk_level: a.riskLevel,
          is_repeat: referral.is_repeat,
          children_in_household: a.childrenInHousehold,
          consent_status: a.consentStatus,
          lawful_basis: a.lawfulBasis,
          summary: a.summary,
          first_referral_at: referral.referred_at,
          victim_sex: a.victimSex,
          victim_bme: a.victimBme,
          victim_lgbt: a.victimLgbt,
          victim_disabled: a.victimDisabled,
        })
      ).id;
    }
    await repo.decideReferral(tx, referralId, {
      status: 'accepted',
      decision_reason: null,
      decided_by: actor.userId,
      consent_status: a.consentStatus,
      lawful_basis: a.lawfulBasis,
      case_id: caseId,
    });
    return { ok: true, value: caseId };
  });

export const declineReferral = (db: Db, actor: Actor, referralId: string, reason: string): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const result = await repo.decideReferral(tx, referralId, {
      status: 'declined',
      decision_reason: reason,
      decided_by: actor.userId,
    });
    return Number(result.numUpdatedRows) === 1
      ? { ok: true, value: referralId }
      : { ok: false, problem: 'marac.problem.already-decided' };
  });

// Meetings ------------------------------------------------------------------

export const meetingsOverview = (db: Db, actor: Actor) => asActor(db, actor, (tx) => repo.meetings(tx));
export const meetingFormData = (db: Db, actor: Actor) =>
  asActor(db, actor, async (tx) => ({ chairs: await repo.chairs(tx), agencies: await repo.agencies(tx) }));

export interface NewMeeting {
  heldOn: string;
  chairUserId: string;
  capacity: number;
  agencyIds: string[];
}

export const scheduleMeeting = (db: Db, actor: Actor, m: NewMeeting): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const known = new Set((await repo.agencies(tx)).map((a) => a.id));
    const chairs = new Set((await repo.chairs(tx)).map((c) => c.id));
    if (!chairs.has(m.chairUserId)) return { ok: false, problem: 'marac.problem.select-chair', field: 'chairUserId' };
    if (m.agencyIds.length === 0 || m.agencyIds.some((id) => !known.has(id)))
      return { ok: false, problem: 'marac.problem.select-agencies', field: 'agencyIds' };
    const { id } = await repo.insertMeeting(tx, {
      partnership_id: actor.partnershipId,
      agency_id: actor.agencyId,
      held_on: m.heldOn,
      chair_user_id: m.chairUserId,
      capacity: m.capacity,
      created_by: actor.userId,
    });
    await repo.insertAttendees(
      tx,
      m.agencyIds.map((agencyId) => ({ meeting_id: id, partnership_id: actor.partnershipId, agency_id: agencyId })),
    );
    return { ok: true, value: id };
  });

/** Fills the meeting's free places with the cases waiting, highest priority first. */
export const assignCases = (db: Db, actor: Actor, meetingId: string): Promise<Outcome<number>> =>
  asActor(db, actor, async (tx) => {
    const meeting = await repo.findMeeting(tx, meetingId);
    if (!meeting || meeting.status !== 'scheduled') return { ok: false, problem: 'marac.problem.meeting-held-add' };
    const listed = await repo.listedCount(tx, meetingId);
    const candidates = (await repo.listingCandidates(tx)).map((c) => ({
      ...c,
      riskLevel: c.risk_level,
      isRepeat: c.is_repeat,
      firstReferralAt: new Date(c.first_referral_at),
    }));
    const chosen = chooseForListing(candidates, meeting.capacity - listed);
    await repo.insertMeetingCases(
      tx,
      chosen.map((c, i) => ({
        meeting_id: meetingId,
        case_id: c.id,
        partnership_id: actor.partnershipId,
        position: listed + i + 1,
        is_repeat: c.is_repeat,
        children_in_household: c.children_in_household,
      })),
    );
    await repo.markListed(
      tx,
      chosen.map((c) => c.id),
    );
    return { ok: true, value: chosen.length };
  });

export type MeetingView = NonNullable<Awaited<ReturnType<typeof meetingView>>>;

/** The meeting with its agenda, research and actions, as the actor may see them (row-level security hides all of it from non-attendees). */
export const meetingView = (db: Db, actor: Actor, meetingId: string) =>
  asActor(db, actor, async (tx) => {
    const meeting = await repo.findMeeting(tx, meetingId);
    if (!meeting) return undefined;
    const [agencies, cases, research, actions] = await Promise.all([
      repo.attendees(tx, meetingId),
      repo.meetingCases(tx, meetingId),
      repo.research(tx, meetingId),
      repo.actionsForMeeting(tx, meetingId),
    ]);
    return { meeting, agencies, cases, research, actions };
  });

/** Completeness: for each case, which attending agencies have recorded research (or no trace). */
export function completeness(view: MeetingView) {
  const done = new Set(view.research.map((r) => `${r.case_id}/${r.agency_id}`));
  const rows = view.cases.map((c) => ({
    caseId: c.case_id,
    position: c.position,
    name: `${c.given_name} ${c.family_name}`,
    agencies: view.agencies.map((a) => ({ id: a.id, name: a.name, done: done.has(`${c.case_id}/${a.id}`) })),
  }));
  const byAgency = view.agencies.map((a) => ({
    name: a.name,
    id: a.id,
    done: view.cases.filter((c) => done.has(`${c.case_id}/${a.id}`)).length,
    of: view.cases.length,
  }));
  return { rows, byAgency };
}

export interface ResearchInput {
  noTrace: boolean;
  victim: string | null;
  perpetrator: string | null;
  children: string | null;
}

export const recordResearch = (
  db: Db,
  actor: Actor,
  meetingId: string,
  caseId: string,
  r: ResearchInput,
): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const listed = await repo.meetingCase(tx, meetingId, caseId);
    if (!listed) return { ok: false, problem: 'marac.problem.not-on-your-agenda' };
    await repo.upsertResearch(tx, {
      partnership_id: actor.partnershipId,
      meeting_id: meetingId,
      case_id: caseId,
      agency_id: actor.agencyId,
      no_trace: r.noTrace,
      victim: r.noTrace ? null : r.victim,
      perpetrator: r.noTrace ? null : r.perpetrator,
      children: r.noTrace ? null : r.children,
      recorded_by: actor.userId,
    });
    return { ok: true, value: caseId };
  });

/** The chair's view of one case at one meeting: the case, its chronology, each agency's research, every action on it (open ones from earlier meetings too). */
export const chairView = (db: Db, actor: Actor, meetingId: string, caseId: string) =>
  asActor(db, actor, async (tx) => {
    const listed = await repo.meetingCase(tx, meetingId, caseId);
    const theCase = listed ? await repo.findCase(tx, caseId) : undefined;
    if (!listed || !theCase) return undefined;
    // Every record confirmed as the victim's, not only the one the case was opened on: the
    // police incident and the hospital's checklist are hers too. Suggested links do not count.
    const { confirmed } = await linkedPersonIdsByConfirmation(tx, theCase.person_id);
    const [meeting, agencies, research, actions, chronology, lastOn] = await Promise.all([
      repo.findMeeting(tx, meetingId),
      repo.attendees(tx, meetingId),
      repo.research(tx, meetingId),
      repo.actionsForCase(tx, caseId),
      repo.chronology(tx, confirmed),
      lastDiscussedOf(tx, confirmed),
    ]);
    const caseResearch = research.filter((r) => r.case_id === caseId);
    return {
      meeting: meeting!,
      listed,
      theCase,
      agencies,
      research: caseResearch,
      victimWishes: caseResearch.filter((r) => r.agency_kind === 'idva-service'),
      actions,
      chronology,
      lastOn,
    };
  });

export const recordDiscussion = (
  db: Db,
  actor: Actor,
  meetingId: string,
  caseId: string,
  d: { informationShared: string | null; decisions: string | null },
): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const result = await repo.recordDiscussion(tx, meetingId, caseId, {
      information_shared: d.informationShared,
      decisions: d.decisions,
    });
    return Number(result.numUpdatedRows) === 1
      ? { ok: true, value: caseId }
      : { ok: false, problem: 'marac.problem.not-on-agenda' };
  });

export const addAction = (
  db: Db,
  actor: Actor,
  meetingId: string,
  caseId: string,
  a: { ownerAgencyId: string; description: string; dueOn: string },
): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    if (!(await repo.meetingCase(tx, meetingId, caseId))) return { ok: false, problem: 'marac.problem.not-on-agenda' };
    if (!(await repo.agencies(tx)).some((x) => x.id === a.ownerAgencyId))
      return { ok: false, problem: 'marac.problem.owner-agency', field: 'ownerAgencyId' };
    const { id } = await repo.insertAction(tx, {
      partnership_id: actor.partnershipId,
      case_id: caseId,
      meeting_id: meetingId,
      owner_agency_id: a.ownerAgencyId,
      description: a.description,
      due_on: a.dueOn,
      created_by: actor.userId,
    });
    return { ok: true, value: id };
  });

/** The meeting has been held: every case on it counts as discussed on that date (the risk checklist's repeat criterion reads this). */
export const markHeld = (db: Db, actor: Actor, meetingId: string): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const meeting = await repo.findMeeting(tx, meetingId);
    if (!meeting || meeting.status !== 'scheduled') return { ok: false, problem: 'marac.problem.already-held' };
    if (meeting.held_on > today())
      return { ok: false, problem: 'A meeting can only be marked as held on or after its date' };
    await repo.setHeld(tx, meetingId);
    for (const c of await repo.meetingCases(tx, meetingId)) {
      const theCase = (await repo.findCase(tx, c.case_id))!;
      await repo.upsertLastMarac(tx, {
        person_id: theCase.person_id,
        partnership_id: actor.partnershipId,
        discussed_on: meeting.held_on,
      });
    }
    return { ok: true, value: meetingId };
  });

// Actions -------------------------------------------------------------------

export const myOpenActions = (db: Db, actor: Actor) =>
  asActor(db, actor, (tx) => repo.openActionsOfAgency(tx, actor.agencyId));

export const completeAction = (db: Db, actor: Actor, actionId: string, note: string): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const action = await repo.findAction(tx, actionId);
    if (!action || (action.owner_agency_id !== actor.agencyId && actor.role !== 'marac-coordinator'))
      return { ok: false, problem: 'marac.problem.not-owner' };
    const result = await repo.completeAction(tx, actionId, note, actor.userId);
    return Number(result.numUpdatedRows) === 1
      ? { ok: true, value: actionId }
      : { ok: false, problem: 'marac.problem.action-done' };
  });

/**
 * Background job: e-mails each agency with actions past their due date (at most weekly per action), and
 * each partnership's coordinators with the count. The e-mails name no person: they link to the pages behind sign-in.
 */
export async function sendOverdueReminders(
  owner: Db,
  mailer: Mailer,
  publicUrl: string,
  on = today(),
): Promise<{ agencies: number; actions: number }> {
  const due = await repo.actionsToRemind(owner, on);
  const byAgency = new Map<string, { partnership: string; ids: string[] }>();
  for (const a of due) {
    const entry = byAgency.get(a.owner_agency_id) ?? { partnership: a.partnership_id, ids: [] };
    entry.ids.push(a.id);
    byAgency.set(a.owner_agency_id, entry);
  }
  const byPartnership = new Map<string, number>();
  for (const [agencyId, { partnership, ids }] of byAgency) {
    const users = await repo.activeUsersOfAgency(owner, agencyId);
    const leads = users.filter((u) => u.role === 'agency-lead');
    await sendInTheirLanguages(mailer, leads.length ? leads : users, () => ({
      subject: label('marac.mail.overdue.subject'),
      text: label('marac.mail.overdue.text', { count: ids.length, link: `${publicUrl}/marac/actions` }),
    }));
    await repo.markReminded(owner, ids, on);
    byPartnership.set(partnership, (byPartnership.get(partnership) ?? 0) + ids.length);
  }
  for (const [partnershipId, count] of byPartnership) {
    const coordinators = await repo.activeCoordinators(owner, partnershipId);
    await sendInTheirLanguages(mailer, coordinators, () => ({
      subject: label('marac.mail.escalation.subject'),
      text: label('marac.mail.escalation.text', { count, link: `${publicUrl}/marac/meetings` }),
    }));
  }
  return { agencies: byAgency.size, actions: due.length };
}

/** The attending agencies still missing research for some case on the agenda, with how many cases each. */
export const missingResearch = (view: MeetingView) =>
  completeness(view)
    .byAgency.filter((a) => a.done < a.of)
    .map((a) => ({ agencyId: a.id, missing: a.of - a.done }));

/** Background job: e-mails each agency still owing research; names no one, only the meeting date and the count. */
export async function sendResearchReminders(
  owner: Db,
  mailer: Mailer,
  publicUrl: string,
  payload: { meetingId: string; heldOn: string; agencies: { agencyId: string; missing: number }[] },
) {
  for (const a of payload.agencies) {
    const users = await repo.activeUsersOfAgency(owner, a.agencyId);
    const leads = users.filter((u) => u.role === 'agency-lead');
    await sendInTheirLanguages(mailer, leads.length ? leads : users, () => ({
      subject: label('marac.mail.research.subject'),
      text: label('marac.mail.research.text', {
        count: a.missing,
        date: formatDate(`${payload.heldOn}T12:00:00Z`),
        link: `${publicUrl}/marac/meetings/${payload.meetingId}`,
      }),
    }));
  }
}

// Repeats -------------------------------------------------------------------

export const repeatFlags = (db: Db, actor: Actor) => asActor(db, actor, (tx) => repo.repeatFlags(tx));
export const markFlagSeen = (db: Db, actor: Actor, id: string) => asActor(db, actor, (tx) => repo.markFlagSeen(tx, id));

// Cases: closure and transfer -------------------------------------------------

export const casesOverview = (db: Db, actor: Actor) => asActor(db, actor, (tx) => repo.openCases(tx));

export const caseView = (db: Db, actor: Actor, caseId: string) =>
  asActor(db, actor, async (tx) => {
    const theCase = await repo.findCase(tx, caseId);
    if (!theCase) return undefined;
    return {
      theCase,
      actions: await repo.actionsForCase(tx, caseId),
      destinations: await repo.transferDestinations(tx),
      lastOn: await lastDiscussed(tx, theCase.person_id),
    };
  });

export const closeCase = (db: Db, actor: Actor, caseId: string, outcome: string): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const c = await repo.findCase(tx, caseId);
    if (!c || c.status !== 'open') return { ok: false, problem: 'marac.problem.close-open-only' };
    await repo.updateCase(tx, caseId, {
      status: 'closed',
      listing_needed: false,
      outcome,
      closed_by: actor.userId,
      closed_at: new Date(),
    });
    return { ok: true, value: caseId };
  });

/** Sends the transfer package (summary, risk, open actions, consent) to another partnership's MARAC; the function in 0007 copies it across. */
export const transferCase = (db: Db, actor: Actor, caseId: string, toPartnershipId: string): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const c = await repo.findCase(tx, caseId);
    if (!c || c.status !== 'open') return { ok: false, problem: 'marac.problem.transfer-open-only' };
    if (!(await repo.transferDestinations(tx)).some((d) => d.id === toPartnershipId))
      return { ok: false, problem: 'marac.problem.destination', field: 'toPartnershipId' };
    const actions = (await repo.actionsForCase(tx, caseId)).filter((a) => a.status === 'open');
    const pkg: TransferPackage = {
      victim: { givenName: c.given_name, familyName: c.family_name, dateOfBirth: c.date_of_birth },
      summary: c.summary,
      riskLevel: c.risk_level,
      consentStatus: c.consent_status,
      lawfulBasis: c.lawful_basis,
      childrenInHousehold: c.children_in_household,
      isRepeat: c.is_repeat,
      openActions: actions.map((a) => ({ agency: a.agency_name, description: a.description, dueOn: a.due_on })),
      lastDiscussedOn: await lastDiscussed(tx, c.person_id),
    };
    return { ok: true, value: await repo.sendTransfer(tx, caseId, toPartnershipId, JSON.stringify(pkg)) };
  });

export const transfers = (db: Db, actor: Actor) =>
  asActor(db, actor, async (tx) => ({ incoming: await repo.transfersIn(tx), outgoing: await repo.transfersOut(tx) }));
export const getTransferIn = (db: Db, actor: Actor, id: string) =>
  asActor(db, actor, (tx) => repo.findTransferIn(tx, id));

/** The receiving coordinator accepts: the victim is found or recorded here and a case opens, ready for listing, with the package as its summary. */
export const acceptTransfer = (db: Db, actor: Actor, id: string): Promise<Outcome> =>
  asActor(db, actor, async (tx) => {
    const t = await repo.findTransferIn(tx, id);
    if (!t || t.status !== 'received') return { ok: false, problem: 'marac.problem.transfer-accepted' };
    const p = t.package;
    const personId = await repo.findOrCreatePerson(tx, actor, p.victim);
    const actionsText = p.openActions.map((a) => `- ${a.agency}: ${a.description} (due ${a.dueOn})`).join('\n');
    const summary = [
      `Transferred from ${t.from_partnership_name}.`,
      p.summary,
      actionsText ? `Open actions there:\n${actionsText}` : null,
    ]
      .filter(Boolean)
      .join('\n\n')
      .slice(0, 8000);
    const { id: caseId } = await repo.insertCase(tx, {
      partnership_id: actor.partnershipId,
      agency_id: actor.agencyId,
      person_id: personId,
      opened_by: actor.userId,
      risk_level: p.riskLevel,
      is_repeat: p.isRepeat,
      children_in_household: p.childrenInHousehold,
      consent_status: p.consentStatus,
      lawful_basis: p.lawfulBasis,
      summary,
      first_referral_at: new Date(),
      victim_sex: 'not-known',
      victim_bme: null,
      victim_lgbt: null,
      victim_disabled: null,
      transferred_in_from: t.from_partnership_name,
    });
    await repo.acceptTransfer(tx, id, caseId);
    return { ok: true, value: caseId };
  });

// Quarterly return ------------------------------------------------------------

const range = z.object({ min: z.number().min(0).max(100), max: z.number().min(0).max(100).optional() }).strict();
const levelsFile = z
  .object({
    source: z.string().min(1),
    checkedOn: z.iso.date(),
    casesPer10kAdultWomenPerYear: z.number().positive(),
    shares: z
      .object({
        repeat: range,
        policeReferrals: range,
        partnerAgencyReferrals: range,
        male: range,
        lgbt: range,
        disabled: range,
      })
      .partial()
      .strict(),
  })
  .strict();
/** The nationally recommended levels are data, read (and checked) once at start; a broken file stops the service starting. */
export const recommendedLevels: RecommendedLevels = levelsFile.parse(
  JSON.parse(readFileSync(new URL('./recommended-levels.json', import.meta.url), 'utf8')),
);

export const computeReturn = (db: Db, actor: Actor, quarter: Quarter) =>
  asActor(db, actor, async (tx) => {
    const { from, to } = quarterRange(quarter);
    const discussions = (await repo.discussionsBetween(tx, from, to)).map((d) => ({
      meetingOn: d.held_on,
      isRepeat: d.is_repeat,
      children: d.children,
      victimSex: d.victim_sex,
      bme: d.victim_bme,
      lgbt: d.victim_lgbt,
      disabled: d.victim_disabled,
      ageAtMeeting: d.age_at_meeting,
    }));
    const referrals = (await repo.referralsBetween(tx, from, to)).map((r) => ({
      agencyName: r.agency_name,
      agencyKind: r.agency_kind,
    }));
    const area = await repo.population(tx);
    const r = quarterlyReturn(quarter, discussions, referrals, area.adultWomen);
    return {
      ...r,
      bmePopulationPercent: area.bmePercent,
      rows: returnTable(r, recommendedLevels, area.bmePercent),
      levelsCheckedOn: recommendedLevels.checkedOn,
    };
  });

export const setPopulation = (db: Db, actor: Actor, p: { adultWomen: number; bmePercent: number | null }) =>
  asActor(db, actor, (tx) => repo.setPopulation(tx, actor, p));
