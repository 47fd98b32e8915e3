import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shareHouseholdWithViewer, shareWithViewer, type LevelAt } from './person-view.ts';
import { sharingLevels, type SharingLevel } from './policy.ts';

const agencyIds = ['police', 'hospital', 'housing'] as const;
const recordIds = ['r1', 'r2'] as const;
// Two agencies may carry the same display name: the policy must never confuse them.
const names = fc.constantFrom('Northshire Health', 'Police');
const record = fc.record({
  id: fc.constantFrom(...recordIds),
  agency_id: fc.constantFrom(...agencyIds),
  agency_name: names,
  secret: fc.string(),
});
const entry = fc.record({
  recordId: fc.constantFrom(...recordIds),
  agencyId: fc.constantFrom(...agencyIds),
  agencyName: names,
  summary: fc.option(fc.string({ minLength: 1 })),
  role: fc.option(fc.constant('victim')),
  severity: fc.option(fc.constant('high')),
});
/** A level for each (record, agency): the bases differ between records not confirmed as one person. */
const levels = fc.dictionary(
  fc.constantFrom(...recordIds.flatMap((r) => agencyIds.map((a) => `${r}/${a}`))),
  fc.constantFrom(...sharingLevels),
);
const at =
  (lv: Record<string, SharingLevel>): LevelAt =>
  (recordId, agencyId) =>
    lv[`${recordId}/${agencyId}`] ?? 'signpost';

describe('sharing a person’s picture with a viewer', () => {
  it('shows a record or any detail only at the level for that record and its agency (by id), and every record or entry is either shown or counted', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 6 }),
        fc.array(entry, { maxLength: 10 }),
        levels,
        (records, chronology, lv) => {
          const levelAt = at(lv);
          const shared = shareWithViewer({ records, chronology }, levelAt);
          for (const r of shared.records) expect(levelAt(r.id, r.agency_id)).toBe('full');
          for (const e of shared.chronology) {
            const level = levelAt(e.recordId, e.agencyId);
            expect(['full', 'shared-summary']).toContain(level);
            if (level !== 'full') expect([e.summary, e.role, e.severity]).toEqual([null, null, null]);
          }
          const counted = shared.withheld.reduce((n, w) => n + w.records, 0);
          expect(shared.records.length + counted).toBe(records.length);
          const countedEntries = shared.withheld.reduce((n, w) => n + w.entries, 0);
          expect(shared.chronology.length + countedEntries).toBe(chronology.length);
        },
      ),
    );
  });

  it('two agencies with the same name are kept apart', () => {
    const shared = shareWithViewer(
      {
        records: [
          { id: 'r', agency_id: 'a', agency_name: 'Health' },
          { id: 's', agency_id: 'b', agency_name: 'Health' },
        ],
        chronology: [
          { recordId: 'r', agencyId: 'a', agencyName: 'Health', summary: 'seen', role: null, severity: null },
          { recordId: 's', agencyId: 'b', agencyName: 'Health', summary: 'secret', role: null, severity: null },
        ],
      },
      (_record, id) => (id === 'a' ? 'full' : 'signpost'),
    );
    expect(shared.chronology.map((e) => e.summary)).toEqual(['seen']);
    expect(shared.withheld).toEqual([
      { agencyId: 'b', agencyName: 'Health', level: 'signpost', records: 1, entries: 1 },
    ]);
  });

  it('shows a household relationship only where its recording agency is seen in full for that record, and counts the rest', () => {
    const member = fc.record({
      recordId: fc.constantFrom(...recordIds),
      agencyId: fc.constantFrom(...agencyIds),
      recordedBy: fc.constant('Agency'),
      child: fc.boolean(),
      name: fc.string(),
    });
    fc.assert(
      fc.property(fc.array(member, { maxLength: 8 }), levels, fc.constantFrom(...agencyIds), (all, lv, holder) => {
        const levelAt = at(lv);
        const shared = shareHouseholdWithViewer(
          {
            personId: 'r1',
            name: 'Someone',
            agencyId: holder,
            members: all.filter((m) => !m.child),
            children: all.filter((m) => m.child),
          },
          levelAt,
        );
        for (const m of [...shared.members, ...shared.children]) expect(levelAt(m.recordId, m.agencyId)).toBe('full');
        expect(shared.name).toBe(levelAt('r1', holder) === 'full' ? 'Someone' : null);
        expect(shared.children.length + shared.withheld.reduce((n, w) => n + w.children, 0)).toBe(
          all.filter((m) => m.child).length,
        );
        expect(shared.members.length + shared.withheld.reduce((n, w) => n + w.adults, 0)).toBe(
          all.filter((m) => !m.child).length,
        );
      }),
    );
  });
});
