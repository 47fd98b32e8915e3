import type { SharingLevel } from './policy.ts';

/**
 * Cuts one person's whole picture to what the viewing agency may see of each
 * agency's records: at full, everything; at shared summary, when and what kind
 * of contact, but no detail; at signpost, only that the agency holds records
 * (and how many), so the practitioner knows whom to call. Records and entries
 * are matched to their agency by id, never by name.
 */
export interface ShareableRecord { agency_id: string; agency_name: string }
export interface ShareableEntry { agencyId: string; agencyName: string; summary: string | null; role: string | null; severity: string | null }
export interface Withheld { agencyId: string; agencyName: string; level: SharingLevel; records: number; entries: number }

export function shareWithViewer<R extends ShareableRecord, E extends ShareableEntry>(
  picture: { records: R[]; chronology: E[] },
  levelOf: (agencyId: string) => SharingLevel,
): { records: R[]; chronology: E[]; withheld: Withheld[] } {
  const levels = new Map<string, SharingLevel>();
  const level = (agencyId: string) => {
    if (!levels.has(agencyId)) levels.set(agencyId, levelOf(agencyId));
    return levels.get(agencyId)!;
  };
  const withheld = new Map<string, Withheld>();
  const note = (agencyId: string, agencyName: string, what: 'records' | 'entries') => {
    const w = withheld.get(agencyId) ?? { agencyId, agencyName, level: level(agencyId), records: 0, entries: 0 };
    w[what]++;
    withheld.set(agencyId, w);
  };
  const records = picture.records.filter((r) => {
    if (level(r.agency_id) === 'full') return true;
    note(r.agency_id, r.agency_name, 'records');
    return false;
  });
  const chronology: E[] = [];
  for (const e of picture.chronology) {
    const l = level(e.agencyId);
    if (l === 'full') chronology.push(e);
    else if (l === 'shared-summary') chronology.push({ ...e, summary: null, role: null, severity: null });
    else note(e.agencyId, e.agencyName, 'entries');
  }
  return { records, chronology, withheld: [...withheld.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName) || a.agencyId.localeCompare(b.agencyId)) };
}
