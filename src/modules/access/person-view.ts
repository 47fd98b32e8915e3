import { visibleParts, type SharingLevel } from './policy.ts';

/**
 * Cuts one person's whole picture to what the viewing agency may see of each
 * agency's records: at full, everything; at shared summary, when and what kind
 * of contact, but no detail; at signpost, only that the agency holds records
 * (and how many), so the practitioner knows whom to call. Records and entries
 * are matched to their agency by id, never by name.
 */
export interface ShareableRecord {
  id: string;
  agency_id: string;
  agency_name: string;
}
export interface ShareableEntry {
  recordId: string;
  agencyId: string;
  agencyName: string;
  summary: string | null;
  role: string | null;
  severity: string | null;
}

/**
 * The level the viewer has on what `ownerAgencyId` recorded against the record
 * `recordId`: the bases are those of the records confirmed as that person, so a
 * suggestion nobody has confirmed never carries consent or a decision across.
 */
export type LevelAt = (recordId: string, ownerAgencyId: string) => SharingLevel;
export interface Withheld {
  agencyId: string;
  agencyName: string;
  level: SharingLevel;
  records: number;
  entries: number;
}

export function shareWithViewer<R extends ShareableRecord, E extends ShareableEntry>(
  picture: { records: R[]; chronology: E[] },
  levelAt: LevelAt,
): { records: R[]; chronology: E[]; withheld: Withheld[] } {
  const withheld = new Map<string, Withheld>();
  const note = (agencyId: string, agencyName: string, level: SharingLevel, what: 'records' | 'entries') => {
    const w = withheld.get(agencyId) ?? { agencyId, agencyName, level, records: 0, entries: 0 };
    w[what]++;
    withheld.set(agencyId, w);
  };
  const records = picture.records.filter((r) => {
    const level = levelAt(r.id, r.agency_id);
    if (level === 'full') return true;
    note(r.agency_id, r.agency_name, level, 'records');
    return false;
  });
  const chronology: E[] = [];
  for (const e of picture.chronology) {
    const l = levelAt(e.recordId, e.agencyId);
    if (l === 'full') chronology.push(e);
    else if (l === 'shared-summary') chronology.push({ ...e, summary: null, role: null, severity: null });
    else note(e.agencyId, e.agencyName, l, 'entries');
  }
  return {
    records,
    chronology,
    withheld: [...withheld.values()].sort(
      (a, b) => a.agencyName.localeCompare(b.agencyName) || a.agencyId.localeCompare(b.agencyId),
    ),
  };
}

/**
 * A person's household: each relationship is shown (name, date of birth) only
 * where the agency that recorded it shares its household details with the
 * viewer (full); otherwise counted, adults and children apart, so the
 * practitioner knows that agency knows of children and whom to call. The
 * person's own name shows only where their record is seen in full.
 */
export interface ShareableMember {
  recordId: string;
  agencyId: string;
  recordedBy: string;
  child: boolean;
}
export interface WithheldMembers {
  agencyId: string;
  agencyName: string;
  adults: number;
  children: number;
}

export function shareHouseholdWithViewer<M extends ShareableMember>(
  household: { personId: string; name: string; agencyId: string; members: readonly M[]; children: readonly M[] },
  levelAt: LevelAt,
): { name: string | null; members: M[]; children: M[]; withheld: WithheldMembers[] } {
  const withheld = new Map<string, WithheldMembers>();
  const shown = (list: readonly M[]) =>
    list.filter((m) => {
      if (visibleParts('person', levelAt(m.recordId, m.agencyId)).includes('household')) return true;
      const w = withheld.get(m.agencyId) ?? { agencyId: m.agencyId, agencyName: m.recordedBy, adults: 0, children: 0 };
      w[m.child ? 'children' : 'adults']++;
      withheld.set(m.agencyId, w);
      return false;
    });
  return {
    name: visibleParts('person', levelAt(household.personId, household.agencyId)).includes('identity')
      ? household.name
      : null,
    members: shown(household.members),
    children: shown(household.children),
    withheld: [...withheld.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName)),
  };
}
