// The one access model: what an agency may see of a record another agency
// holds. Pure and declarative, so a data protection officer can read it and
// the tests can prove its properties. The database enforces the same rules
// with row-level security; this module decides what the pages show.

import { RECORD_TYPES, recordTypeNames, type Level, type RecordTypeName } from './record-types.ts';

export const sharingLevels = ['none', 'signpost', 'shared-summary', 'full'] as const;
export type SharingLevel = (typeof sharingLevels)[number];

/** Lawful bases that may move an agency above signpost. Each is stored with the decision it supports. */
export const sharingBases = [
  'own-record',
  'consent',
  'marac-attendance',
  'risk-of-serious-harm',
  'legal-duty',
  'break-glass',
] as const;
export type SharingBasis = (typeof sharingBases)[number];

export interface SharingDecision {
  /** The agency the records are shared with. */
  agencyId: string;
  /**
   * The agency whose records are shared: the one that recorded the decision. Only
   * the agency holding a record decides to disclose it, so a decision opens that
   * agency's records and no other's, and nobody can widen their own access.
   */
  disclosingAgencyId: string;
  level: Exclude<SharingLevel, 'none'>;
  basis: Exclude<SharingBasis, 'own-record' | 'break-glass'>;
}

export interface AccessQuestion {
  viewerAgencyId: string;
  viewerPartnershipId: string;
  ownerAgencyId: string;
  ownerPartnershipId: string;
  consent: 'given' | 'refused' | 'not-asked';
  attendsMaracForCase: boolean;
  decisions: readonly SharingDecision[];
  breakGlassActive: boolean;
}

export interface AccessAnswer {
  level: SharingLevel;
  basis: SharingBasis | null;
}

const rank = (level: SharingLevel) => sharingLevels.indexOf(level);

/**
 * Deny by default: another partnership sees nothing; another agency in the
 * partnership sees a signpost (that the person is known, and to whom); more
 * only on a recorded basis. The highest level any basis supports wins.
 */
export function accessLevel(q: AccessQuestion): AccessAnswer {
  if (q.viewerPartnershipId !== q.ownerPartnershipId) return { level: 'none', basis: null };
  if (q.viewerAgencyId === q.ownerAgencyId) return { level: 'full', basis: 'own-record' };
  if (q.breakGlassActive) return { level: 'full', basis: 'break-glass' };
  let answer: AccessAnswer = { level: 'signpost', basis: null };
  const consider = (level: SharingLevel, basis: SharingBasis) => {
    if (rank(level) > rank(answer.level)) answer = { level, basis };
  };
  if (q.consent === 'given') consider('shared-summary', 'consent');
  if (q.attendsMaracForCase) consider('shared-summary', 'marac-attendance');
  for (const d of q.decisions) {
    if (d.agencyId !== q.viewerAgencyId || d.disclosingAgencyId !== q.ownerAgencyId) continue;
    // A decision resting on consent or MARAC attendance lapses when that basis does (consent withdrawn, case closed).
    if (d.basis === 'consent' && q.consent !== 'given') continue;
    if (d.basis === 'marac-attendance' && !q.attendsMaracForCase) continue;
    consider(d.level, d.basis);
  }
  return answer;
}

/**
 * Declarative: which parts of each record type each level shows, derived from the
 * record types' declaration (record-types.ts): each level shows what the level
 * below shows and what it adds. Restricted parts are never shown by level.
 */
export const VISIBLE_PARTS = Object.fromEntries(
  recordTypeNames.map((name) => {
    const adds = RECORD_TYPES[name].adds as Readonly<Record<Level, readonly string[]>>;
    const signpost = [...adds.signpost];
    const summary = [...signpost, ...adds['shared-summary']];
    return [name, { none: [], signpost, 'shared-summary': summary, full: [...summary, ...adds.full] }];
  }),
) as unknown as Record<RecordTypeName, Record<SharingLevel, readonly string[]>>;

export type RecordType = RecordTypeName;

export function visibleParts(recordType: RecordType, level: SharingLevel): readonly string[] {
  return VISIBLE_PARTS[recordType][level];
}

/** Restricted fields (safe address, new area, phone, refuge location): only the owner and the agencies named. Never by level. */
export function mayReadRestricted(input: {
  viewerAgencyId: string;
  ownerAgencyId: string;
  namedAgencyIds: readonly string[];
  breakGlassActive: boolean;
}): boolean {
  return (
    input.viewerAgencyId === input.ownerAgencyId ||
    input.namedAgencyIds.includes(input.viewerAgencyId) ||
    input.breakGlassActive
  );
}

export const restrictedKinds = ['safe-address', 'new-area', 'phone', 'refuge-location'] as const;
export type RestrictedKind = (typeof restrictedKinds)[number];
