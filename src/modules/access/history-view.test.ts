import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shareHistory } from './history-view.ts';
import { sharingLevels, type SharingLevel } from './policy.ts';

const agencies = ['police', 'health', 'housing'] as const;
const checklist = fc.record({
  id: fc.uuid(),
  person_id: fc.constantFrom('r1', 'r2'),
  agency_id: fc.constantFrom(...agencies),
  agency_name: fc.constantFrom('Police', 'Health'),
  score: fc.nat(24),
  factors_present: fc.constant(['strangulation']),
});
const incident = fc.record({
  person_id: fc.constantFrom('r1', 'r2'),
  agency_id: fc.constantFrom(...agencies),
  agency_name: fc.constantFrom('Police', 'Health'),
  kind: fc.constant('Police call-out'),
});
const levels = fc.record({
  police: fc.constantFrom(...sharingLevels),
  health: fc.constantFrom(...sharingLevels),
  housing: fc.constantFrom(...sharingLevels),
});

describe('the history beside a risk checklist, at the viewer’s level', () => {
  it('a score or risk factors only at full, an entry only from shared summary, everything else counted; the comparison only with a previous checklist seen in full', () => {
    fc.assert(
      fc.property(
        fc.array(checklist, { maxLength: 6 }),
        fc.array(incident, { maxLength: 6 }),
        levels,
        fc.boolean(),
        (earlier, incidents, lv, withPrevious) => {
          // Levels differ by record as well as by agency (bases are not carried across unconfirmed links).
          const levelOf = (id: string) => lv[id as keyof typeof lv] as SharingLevel;
          const levelAt = (recordId: string, agencyId: string): SharingLevel =>
            recordId === 'r2' ? 'signpost' : levelOf(agencyId);
          const previousId = withPrevious && earlier.length ? earlier.at(-1)!.id : null;
          const shared = shareHistory({ earlier, incidents, previousId }, levelAt);
          for (const e of shared.earlier) {
            expect(['shared-summary', 'full']).toContain(levelAt(e.person_id, e.agency_id));
            if (levelAt(e.person_id, e.agency_id) !== 'full')
              expect([e.score, e.factors_present]).toEqual([null, null]);
          }
          for (const i of shared.incidents)
            expect(['shared-summary', 'full']).toContain(levelAt(i.person_id, i.agency_id));
          expect(shared.earlier.length + shared.withheld.reduce((n, w) => n + w.checklists, 0)).toBe(earlier.length);
          expect(shared.incidents.length + shared.withheld.reduce((n, w) => n + w.incidents, 0)).toBe(incidents.length);
          expect(shared.previousInFull).toBe(
            previousId === null || levelAt(earlier.at(-1)!.person_id, earlier.at(-1)!.agency_id) === 'full',
          );
        },
      ),
    );
  });
});
