import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shareWithViewer } from './person-view.ts';
import { sharingLevels, type SharingLevel } from './policy.ts';

const agencies = ['Police', 'Hospital', 'Housing'];
const record = fc.record({ agency_name: fc.constantFrom(...agencies), secret: fc.string() }).map((r) => ({ ...r, agency_id: `id-${r.agency_name}` }));
const entry = fc.record({ agencyName: fc.constantFrom(...agencies), summary: fc.option(fc.string({ minLength: 1 })), role: fc.option(fc.constant('victim')), severity: fc.option(fc.constant('high')) });
const levels = fc.record({ Police: fc.constantFrom(...sharingLevels), Hospital: fc.constantFrom(...sharingLevels), Housing: fc.constantFrom(...sharingLevels) });

describe('sharing a person’s picture with a viewer', () => {
  it('shows a record or any detail only at full, and every record or entry is either shown or counted', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.array(entry, { maxLength: 10 }), levels, (records, allEntries, lv) => {
      const present = new Set(records.map((r) => r.agency_name));
      const chronology = allEntries.filter((e) => present.has(e.agencyName));
      const levelOf = (id: string) => lv[id.slice(3) as keyof typeof lv] as SharingLevel;
      const shared = shareWithViewer({ records, chronology }, levelOf);
      for (const r of shared.records) expect(lv[r.agency_name as keyof typeof lv]).toBe('full');
      for (const e of shared.chronology) {
        const level = lv[e.agencyName as keyof typeof lv];
        expect(['full', 'shared-summary']).toContain(level);
        if (level !== 'full') expect([e.summary, e.role, e.severity]).toEqual([null, null, null]);
      }
      const counted = shared.withheld.reduce((n, w) => n + w.records, 0);
      expect(shared.records.length + counted).toBe(records.length);
      const countedEntries = shared.withheld.reduce((n, w) => n + w.entries, 0);
      expect(shared.chronology.length + countedEntries).toBe(chronology.length);
    }));
  });
});
