import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shareMatchSide, shareSearchHits } from './listing-view.ts';
import { sharingLevels, type SharingLevel } from './policy.ts';

const hit = fc.record({
  id: fc.uuid(),
  agency_id: fc.constantFrom('police', 'hospital'),
  agency_name: fc.constantFrom('Police', 'Hospital'),
  given_name: fc.string({ minLength: 1 }),
  family_name: fc.string({ minLength: 1 }),
  date_of_birth: fc.constant('1988-03-07'),
});
const level = fc.constantFrom(...sharingLevels);

describe('lists of people at the viewer’s sharing level', () => {
  it('a search result names the person and their date of birth only at full, and is dropped at none', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hit, level), { maxLength: 8 }), (rows) => {
        const levels = new Map<string, SharingLevel>(rows.map(([h, l]) => [h.id, l]));
        const hits = [...new Map(rows.map(([h]) => [h.id, h])).values()];
        const shared = shareSearchHits(hits, (id) => levels.get(id)!);
        expect(shared.length).toBe(hits.filter((h) => levels.get(h.id) !== 'none').length);
        for (const s of shared) {
          expect(Object.keys(s).sort()).toEqual(['agencyName', 'dateOfBirth', 'id', 'level', 'name']);
          if (s.level === 'full') expect(s.name).not.toBeNull();
          else expect([s.name, s.dateOfBirth]).toEqual([null, null]);
        }
      }),
    );
  });

  it('one side of a possible match carries the record only at full', () => {
    fc.assert(
      fc.property(hit, level, (h, l) => {
        const side = shareMatchSide(h, l);
        expect(side.record).toBe(l === 'full' ? h : null);
        expect(side.agencyName).toBe(h.agency_name);
      }),
    );
  });
});
