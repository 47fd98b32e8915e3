import type { Role } from '../../db/schema.ts';

/**
 * Every kind of record the service holds about a person, declared as data in
 * one place: which agency owns it, which person it is about, which parts each
 * sharing level shows, which parts are restricted, and who may write it.
 *
 * The gate (cut.ts) cuts records to a viewer's level from this declaration;
 * the row-level-security policies of declared tables are generated from it
 * (rls.ts) and the live policies are checked against it; the property tests
 * generate record types of the same shape. Adding a record type is: declare
 * it here, write its migration with `recordTypePolicies`, done.
 */
export type Level = 'signpost' | 'shared-summary' | 'full';

export interface RecordTypeDeclaration {
  /** The table holding it, or null for a record built from others (a search result). */
  table: string | null;
  /** The column naming the agency that owns (recorded) the record: its level is decided for that agency. */
  owner: string;
  /** The column naming the person the record is about: every read of it is audited against that person. */
  person: string | null;
  /** Fields always carried once the record is seen at all (signpost up): ids, never personal data. */
  envelope: readonly string[];
  /** Each part and the fields that make it up. */
  parts: Readonly<Record<string, readonly string[]>>;
  /** The parts each level adds to the one below it (signpost, then shared summary, then full). */
  adds: Readonly<Record<Level, readonly string[]>>;
  /**
   * Restricted parts (a safe address, say): never shown by level, only to the owning agency and the
   * agencies, teams or users the record names (`namedBy`).
   */
  restricted?: { parts: readonly string[]; namedBy: string };
  /**
   * Who may write it. `owner-agency`: only the owning agency's users in these roles, and the database
   * refuses a write in another agency's name. `roles`: users in these roles for the partnership.
   */
  writers: { kind: 'owner-agency'; roles: readonly Role[] } | { kind: 'roles'; roles: readonly Role[] };
  /**
   * How it is shared. `by-level`: cut to the viewer's sharing level. `with-meeting`: written for a MARAC
   * meeting and shown whole to those the database lets read it (the meeting's agencies, chair and coordinator).
   */
  sharing: 'by-level' | 'with-meeting';
}

const caseworkers = [
  'practitioner',
  'agency-lead',
  'marac-coordinator',
  'marac-chair',
] as const satisfies readonly Role[];

export const RECORD_TYPES = {
  person: {
    table: 'person',
    owner: 'agency_id',
    person: 'id',
    envelope: ['id', 'agency_id', 'agency_name'],
    parts: {
      'known-to-agencies': ['agency_name'],
      'risk-level': ['risk_level'],
      flags: ['flags'],
      'marac-status': ['marac_status'],
      'open-actions-for-viewer': ['open_actions'],
      identity: ['given_name', 'family_name', 'date_of_birth'],
      chronology: ['chronology'],
      assessments: ['assessments'],
      household: ['household'],
      'restricted-details': ['restricted_details'],
    },
    adds: {
      signpost: ['known-to-agencies'],
      'shared-summary': ['risk-level', 'flags', 'marac-status', 'open-actions-for-viewer'],
      full: ['identity', 'chronology', 'assessments', 'household'],
    },
    restricted: { parts: ['restricted-details'], namedBy: 'named_agency_ids' },
    writers: { kind: 'owner-agency', roles: ['practitioner', 'agency-lead'] },
    sharing: 'by-level',
  },
  assessment: {
    table: 'assessment',
    owner: 'agency_id',
    person: 'person_id',
    envelope: ['id', 'person_id', 'agency_id', 'agency_name', 'partnership_id', 'status', 'created_by'],
    parts: {
      exists: [],
      level: ['level'],
      'criteria-met': ['criteria_met'],
      'completed-on': ['completed_on'],
      answers: [
        'answers',
        'score',
        'level_by_score',
        'level_reasons',
        'factors_present',
        'instrument_id',
        'instrument_version',
        'version',
      ],
      comments: [],
      'victim-view': ['victim_view'],
      judgement: ['judgement_level', 'judgement_reason', 'consent_to_share', 'children_in_household', 'next_steps'],
      'victim-identity': ['given_name', 'family_name', 'date_of_birth'],
    },
    adds: {
      signpost: ['exists'],
      'shared-summary': ['level', 'criteria-met', 'completed-on'],
      full: ['answers', 'comments', 'victim-view', 'judgement', 'victim-identity'],
    },
    writers: { kind: 'owner-agency', roles: ['practitioner'] },
    sharing: 'by-level',
  },
  // An incident or contact in a person's chronology (and beside a risk checklist), and on its own page: who
  // was there and the recording agency's summary only in full.
  incident: {
    table: 'incident',
    owner: 'agency_id',
    person: 'person_id',
    envelope: ['id', 'person_id', 'agency_id'],
    parts: {
      exists: [],
      date: ['occurred_on'],
      kind: ['kind'],
      agency: ['agency_name'],
      severity: ['severity'],
      classification: ['contact_type', 'is_abuse', 'police_recorded'],
      'children-present': ['children_present'],
      role: ['role'],
      summary: ['summary'],
      people: ['people'],
    },
    adds: {
      signpost: ['exists'],
      'shared-summary': ['date', 'kind', 'agency', 'classification', 'children-present'],
      full: ['severity', 'role', 'summary', 'people'],
    },
    writers: { kind: 'owner-agency', roles: ['practitioner', 'agency-lead'] },
    sharing: 'by-level',
  },
  // The risk management plan is read from a shared summary up; the safety plan only in full.
  'risk-management-plan': {
    table: 'risk_plan',
    owner: 'agency_id',
    person: null,
    envelope: ['id', 'assessment_id', 'agency_id', 'kind', 'version'],
    parts: { plan: ['plan', 'agreed_on', 'review_on', 'owner_agency', 'created_at'] },
    adds: { signpost: [], 'shared-summary': ['plan'], full: [] },
    writers: { kind: 'owner-agency', roles: ['practitioner'] },
    sharing: 'by-level',
  },
  'safety-plan': {
    table: 'risk_plan',
    owner: 'agency_id',
    person: null,
    envelope: ['id', 'assessment_id', 'agency_id', 'kind', 'version'],
    parts: { plan: ['plan', 'agreed_on', 'review_on', 'owner_agency', 'created_at'] },
    adds: { signpost: [], 'shared-summary': [], full: ['plan'] },
    writers: { kind: 'owner-agency', roles: ['practitioner'] },
    sharing: 'by-level',
  },
  'marac-case': {
    table: 'marac_case',
    owner: 'agency_id',
    person: 'person_id',
    envelope: ['id', 'person_id', 'agency_id', 'status'],
    parts: {
      listing: ['risk_level', 'is_repeat', 'children_in_household', 'consent_status'],
      summary: ['summary', 'lawful_basis', 'outcome'],
      'equality-monitoring': ['victim_sex', 'victim_bme', 'victim_lgbt', 'victim_disabled'],
    },
    adds: { signpost: [], 'shared-summary': ['listing'], full: ['summary', 'equality-monitoring'] },
    writers: { kind: 'roles', roles: ['marac-coordinator'] },
    sharing: 'by-level',
  },
  'marac-referral': {
    table: 'marac_referral',
    owner: 'referring_agency_id',
    person: 'person_id',
    envelope: ['id', 'person_id', 'referring_agency_id', 'status'],
    parts: {
      referral: [
        'risk_level',
        'reason',
        'children_in_household',
        'consent_status',
        'lawful_basis',
        'is_repeat',
        'decision_reason',
      ],
    },
    adds: { signpost: [], 'shared-summary': [], full: ['referral'] },
    writers: { kind: 'roles', roles: [...caseworkers] },
    sharing: 'by-level',
  },
  // Written for the meeting; the database shows it only to the meeting's agencies, its chair and the coordinator.
  'marac-research': {
    table: 'marac_research',
    owner: 'agency_id',
    person: null,
    envelope: ['id', 'meeting_id', 'case_id', 'agency_id'],
    parts: { research: ['no_trace', 'victim', 'perpetrator', 'children', 'recorded_at'] },
    adds: { signpost: ['research'], 'shared-summary': [], full: [] },
    writers: { kind: 'owner-agency', roles: [...caseworkers] },
    sharing: 'with-meeting',
  },
  'marac-action': {
    table: 'marac_action',
    owner: 'owner_agency_id',
    person: null,
    envelope: ['id', 'case_id', 'meeting_id', 'owner_agency_id', 'status'],
    parts: { action: ['description', 'due_on', 'completion_note', 'completed_at'] },
    adds: { signpost: ['action'], 'shared-summary': [], full: [] },
    writers: { kind: 'roles', roles: ['marac-coordinator', 'marac-chair'] },
    sharing: 'with-meeting',
  },
  // A referral between services: only the referring and receiving agencies read it (row-level security);
  // the receiver sees what the referrer chose to share (shared_level), never the person's restricted details.
  referral: {
    table: 'referral',
    owner: 'agency_id',
    person: 'person_id',
    envelope: ['id', 'person_id', 'agency_id', 'to_agency_id', 'status'],
    parts: {
      routing: ['service', 'risk_level', 'referred_at', 'due_at', 'escalated_at', 'from_agency', 'to_agency'],
      decision: ['decided_at', 'allocated_to', 'allocated_user_id', 'decided_by_name', 'decline_reason'],
      referral: ['reason', 'consent_status', 'lawful_basis', 'shared_level', 'referred_by_name'],
      'person-identity': ['given_name', 'family_name', 'date_of_birth'],
      source: ['assessment_id', 'step_id'],
    },
    // The receiving agency reads it at the level the referrer shared (shared summary or full); the
    // referrer in full. Whom it is about and why are in the shared summary: the receiver must know.
    adds: {
      signpost: ['routing'],
      'shared-summary': ['decision', 'referral', 'person-identity'],
      full: ['source'],
    },
    // The receiver decides (accepts or declines) in its own name; the referrer makes it in its own.
    writers: { kind: 'roles', roles: ['practitioner', 'agency-lead'] },
    sharing: 'by-level',
  },
  // A worklist item: the work, its owner and due times. Ids and a kind only: what it is about is on the
  // record it points to, read through that record's own declaration.
  'worklist-item': {
    table: 'worklist_item',
    owner: 'agency_id',
    person: 'person_id',
    envelope: ['id', 'agency_id', 'kind', 'status', 'due_at', 'for_lead', 'for_coordinator'],
    parts: {
      work: ['checklist_due_at', 'created_at', 'owner_user_id', 'owner_name'],
      subject: ['subject_type', 'subject_id', 'person_id'],
      outcome: ['outcome', 'decision', 'closed_at'],
    },
    adds: { signpost: [], 'shared-summary': ['work', 'outcome'], full: ['subject'] },
    writers: { kind: 'roles', roles: ['practitioner', 'agency-lead', 'marac-coordinator'] },
    sharing: 'by-level',
  },
  // A row of person search results: at signpost and shared summary only which agency holds a record
  // matching the search (so the practitioner knows whom to call); who it is only at full.
  'search-result': {
    table: null,
    owner: 'agency_id',
    person: 'id',
    envelope: ['id'],
    parts: {
      'holding-agency': ['agency_name'],
      name: ['given_name', 'family_name'],
      'date-of-birth': ['date_of_birth'],
    },
    adds: { signpost: ['holding-agency'], 'shared-summary': [], full: ['name', 'date-of-birth'] },
    writers: { kind: 'roles', roles: [] },
    sharing: 'by-level',
  },
  // One side of a possible match under review: the engine's comparison (which fields agree, partly
  // agree or differ, and by how much) is always shown; the record's values only at full.
  'match-record': {
    table: null,
    owner: 'agency_id',
    person: 'id',
    envelope: ['id'],
    parts: {
      'holding-agency': ['agency_name'],
      'comparison-evidence': [],
      identity: ['given_name', 'family_name', 'middle_names', 'date_of_birth', 'sex'],
      'other-names': ['aliases'],
      addresses: ['addresses'],
      identifiers: ['nhs_number', 'pnc_id', 'source_id'],
    },
    adds: {
      signpost: ['holding-agency', 'comparison-evidence'],
      'shared-summary': [],
      full: ['identity', 'other-names', 'addresses', 'identifiers'],
    },
    writers: { kind: 'roles', roles: [] },
    sharing: 'by-level',
  },
  // A decision to share is itself seen by the whole partnership (so everyone knows what was decided and why).
  'sharing-decision': {
    table: 'sharing_decision',
    owner: 'recorded_by_agency_id',
    person: 'person_id',
    envelope: ['id', 'person_id', 'agency_id', 'recorded_by_agency_id'],
    parts: { decision: ['level', 'basis', 'note', 'recorded_at', 'agency_name', 'disclosing_agency_name'] },
    adds: { signpost: ['decision'], 'shared-summary': [], full: [] },
    writers: { kind: 'owner-agency', roles: ['practitioner', 'agency-lead'] },
    sharing: 'by-level',
  },
} as const satisfies Record<string, RecordTypeDeclaration>;

export type RecordTypeName = keyof typeof RECORD_TYPES;
export const recordTypeNames = Object.keys(RECORD_TYPES) as RecordTypeName[];
