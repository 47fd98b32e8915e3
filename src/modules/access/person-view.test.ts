import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shareHouseholdWithViewer, shareWithViewer } from './person-view.ts';
import { sharingLevels, type SharingLevel } from './policy.ts';

const agencyIds = ['police', 'hospital', 'housing'] as const;
// Two agencies may carry the same display name: the policy must never confuse them.
const names = fc.constantFrom('Northshire Health', 'Police');
const record = fc.record({ agency_id: fc.constantFrom(...agencyIds), agency_name: names, secret: fc.string() });
const entry = fc.record({ agencyId: fc.constantFrom(...agencyIds), agencyName: names, summary: fc.option(fc.string({ minLength: 1 })), role: fc.option(fc.constant('victim')), severity: fc.option(fc.constant('high')) });
const levels = fc.record({ police: fc.constantFrom(...sharingLevels), hospital: fc.constantFrom(...sharingLevels), housing: fc.constantFrom(...sharingLevels) });

describe('sharing a person’s picture with a viewer', () => {
  it('shows a record or any detail only at its agency’s level (by id), and every record or entry is either shown or counted', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.array(entry, { maxLength: 10 }), levels, (records, chronology, lv) => {
      const levelOf = (id: string) => lv[id as keyof typeof lv] as SharingLevel;
      const shared = shareWithViewer({ records, chronology }, levelOf);
      for (const r of shared.records) expect(lv[r.agency_id]).toBe('full');
      for (const e of shared.chronology) {
        const level = lv[e.agencyId];
        expect(['full', 'shared-summary']).toContain(level);
        if (level !== 'full') expect([e.summary, e.role, e.severity]).toEqual([null, null, null]);
      }
      for (const w of shared.withheld) expect(w.level).toBe(lv[w.agencyId as keyof typeof lv]);
      const counted = shared.withheld.reduce((n, w) => n + w.records, 0);
      expect(shared.records.length + counted).toBe(records.length);
      const countedEntries = shared.withheld.reduce((n, w) => n + w.entries, 0);
      expect(shared.chronology.length + countedEntries).toBe(chronology.length);
    }));
  });

  it('two agencies with the same name are kept apart', () => {
    const shared = shareWithViewer({
      records: [{ agency_id: 'a', agency_name: 'Health' }, { agency_id: 'b', agency_name: 'Health' }],
      chronology: [{ agencyId: 'a', agencyName: 'Health', summary: 'seen', role: null, severity: null }, { agencyId: 'b', agencyName: 'Health', summary: 'secret', role: null, severity: null }],
    }, (id) => (id === 'a' ? 'full' : 'signpost'));
    expect(shared.chronology.map((e) => e.summary)).toEqual(['seen']);
    expect(shared.withheld).toEqual([{ agencyId: 'b', agencyName: 'Health', level: 'signpost', records: 1, entries: 1 }]);
  });

  it('shows a household relationship only where its recording agency is seen in full, and counts the rest', () => {
    const member = fc.record({ agencyId: fc.constantFrom('police', 'hospital', 'housing'), recordedBy: fc.constant('Agency'), child: fc.boolean(), name: fc.string() });
    fc.assert(fc.property(fc.array(member, { maxLength: 8 }), levels, fc.constantFrom('police', 'hospital', 'housing'), (all, lv, holder) => {
      const levelOf = (id: string) => lv[id as keyof typeof lv] as SharingLevel;
      const shared = shareHouseholdWithViewer({ name: 'Someone', agencyId: holder, members: all.filter((m) => !m.child), children: all.filter((m) => m.child) }, levelOf);
      for (const m of [...shared.members, ...shared.children]) expect(levelOf(m.agencyId)).toBe('full');
      expect(shared.name).toBe(levelOf(holder) === 'full' ? 'Someone' : null);
      expect(shared.children.length + shared.withheld.reduce((n, w) => n + w.children, 0)).toBe(all.filter((m) => m.child).length);
      expect(shared.members.length + shared.withheld.reduce((n, w) => n + w.adults, 0)).toBe(all.filter((m) => !m.child).length);
    }));
  });
});
