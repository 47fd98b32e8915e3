import { visibleParts, type SharingLevel } from './policy.ts';

/**
 * Cuts the rows of lists that show people (person search results, the possible
 * matches a practitioner reviews) to what the viewing agency may see of each
 * record, as `VISIBLE_PARTS` in policy.ts declares. Each row is rebuilt from the
 * parts allowed, never copied and trimmed, so a field added to the query later
 * does not leak by default.
 */
export interface SearchHit {
  id: string;
  agency_id: string;
  agency_name: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
}
export interface SharedSearchHit {
  id: string;
  agencyName: string;
  level: SharingLevel;
  name: string | null;
  dateOfBirth: string | null;
}

export function shareSearchHits(
  hits: readonly SearchHit[],
  levelOf: (recordId: string) => SharingLevel,
): SharedSearchHit[] {
  const shared: SharedSearchHit[] = [];
  for (const h of hits) {
    const level = levelOf(h.id);
    const parts = new Set<string>(visibleParts('search-result', level));
    if (!parts.has('holding-agency')) continue;
    shared.push({
      id: h.id,
      agencyName: h.agency_name,
      level,
      name: parts.has('name') ? `${h.given_name} ${h.family_name}` : null,
      dateOfBirth: parts.has('date-of-birth') ? h.date_of_birth : null,
    });
  }
  return shared;
}

export interface MatchSide {
  id: string;
  agency_id: string;
  agency_name: string;
}
export interface SharedMatchSide<R> {
  id: string;
  agencyName: string;
  level: SharingLevel;
  record: R | null;
}

/** One side of a possible match: the whole record (names, other names, addresses, identifiers) only where the level shows identity. */
export function shareMatchSide<R extends MatchSide>(r: R, level: SharingLevel): SharedMatchSide<R> {
  const parts = new Set<string>(visibleParts('match-record', level));
  const whole = ['identity', 'other-names', 'addresses', 'identifiers'].every((p) => parts.has(p));
  return { id: r.id, agencyName: r.agency_name, level, record: whole ? r : null };
}
