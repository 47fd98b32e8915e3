import type { SharingLevel } from './policy.ts';

/**
 * Cuts one person's whole picture to what the viewing agency may see of each
 * agency's records: at full, everything; at shared summary, when and what kind
 * of contact, but no detail; at signpost, only that the agency holds records
 * (and how many), so the practitioner knows whom to call.
 */
export interface ShareableRecord { agency_id: string; agency_name: string }
export interface ShareableEntry { agencyName: string; summary: string | null; role: string | null; severity: string | null }
export interface Withheld { agencyName: string; level: SharingLevel; records: number; entries: number }

export function shareWithViewer<R extends ShareableRecord, E extends ShareableEntry>(
  picture: { records: R[]; chronology: E[] },
  levelOf: (agencyId: string) => SharingLevel,
): { records: R[]; chronology: E[]; withheld: Withheld[] } {
  const levelByName = new Map(picture.records.map((r) => [r.agency_name, levelOf(r.agency_id)]));
  const withheld = new Map<string, Withheld>();
  const note = (agencyName: string, level: SharingLevel, what: 'records' | 'entries') => {
    const w = withheld.get(agencyName) ?? { agencyName, level, records: 0, entries: 0 };
    w[what]++;
    withheld.set(agencyName, w);
  };
  const records = picture.records.filter((r) => {
    if (levelByName.get(r.agency_name) === 'full') return true;
    note(r.agency_name, levelByName.get(r.agency_name) ?? 'none', 'records');
    return false;
  });
  const chronology: E[] = [];
  for (const e of picture.chronology) {
    const level = levelByName.get(e.agencyName) ?? 'none';
    if (level === 'full') chronology.push(e);
    else if (level === 'shared-summary') chronology.push({ ...e, summary: null, role: null, severity: null });
    else note(e.agencyName, level, 'entries');
  }
  return { records, chronology, withheld: [...withheld.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName)) };
}
