import { visibleParts, type SharingLevel } from './policy.ts';

/**
 * Cuts the history shown beside a risk checklist (earlier checklists and
 * incidents of the victim's linked records) to what the viewing agency may see
 * of each agency's part, as the person page does: at full, everything; at
 * shared summary, an earlier checklist's date, agency and level (no score: that
 * is its answers) and an incident's date, kind and agency; at signpost, only
 * how many the agency holds. The comparison with the previous checklist (score
 * change, risk factors newly present) comes from that checklist's answers, so it
 * is shown only when the previous checklist is visible in full.
 */
export interface HistoryChecklist {
  id: string;
  person_id: string;
  agency_id: string;
  agency_name: string;
  score: number | null;
  factors_present: unknown;
}
export interface HistoryIncident {
  person_id: string;
  agency_id: string;
  agency_name: string;
}
export interface HistoryWithheld {
  agencyId: string;
  agencyName: string;
  checklists: number;
  incidents: number;
}

export function shareHistory<C extends HistoryChecklist, I extends HistoryIncident>(
  history: { earlier: readonly C[]; incidents: readonly I[]; previousId: string | null },
  levelAt: (recordId: string, ownerAgencyId: string) => SharingLevel,
): { earlier: C[]; incidents: I[]; withheld: HistoryWithheld[]; previousInFull: boolean } {
  const withheld = new Map<string, HistoryWithheld>();
  const note = (agencyId: string, agencyName: string, what: 'checklists' | 'incidents') => {
    const w = withheld.get(agencyId) ?? { agencyId, agencyName, checklists: 0, incidents: 0 };
    w[what]++;
    withheld.set(agencyId, w);
  };
  const earlier: C[] = [];
  let previousInFull = history.previousId === null;
  for (const e of history.earlier) {
    const parts = new Set<string>(visibleParts('assessment', levelAt(e.person_id, e.agency_id)));
    if (e.id === history.previousId) previousInFull = parts.has('answers');
    if (parts.has('answers')) earlier.push(e);
    else if (parts.has('level')) earlier.push({ ...e, score: null, factors_present: null });
    else note(e.agency_id, e.agency_name, 'checklists');
  }
  const incidents: I[] = [];
  for (const i of history.incidents) {
    // Listed by date, kind and agency (what the page shows of an incident) only where the level shows those.
    const parts = new Set<string>(visibleParts('incident', levelAt(i.person_id, i.agency_id)));
    if (parts.has('date') && parts.has('kind')) incidents.push(i);
    else note(i.agency_id, i.agency_name, 'incidents');
  }
  return {
    earlier,
    incidents,
    withheld: [...withheld.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName)),
    previousInFull,
  };
}
