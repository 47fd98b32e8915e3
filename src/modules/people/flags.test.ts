import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeFlags, escalationOf, type FlagIncident, type Severity } from './flags.ts';

const TODAY = '2026-06-30';
const at = (
  occurredOn: string,
  agencyName = 'Police',
  role = 'victim',
  severity: Severity = 'medium',
): FlagIncident => ({ occurredOn, agencyId: agencyName, agencyName, role, severity });
const kinds = (incidents: FlagIncident[], extra: { assessments?: string[]; victimsAsPerpetrator?: number } = {}) =>
  computeFlags({
    today: TODAY,
    incidents,
    assessments: extra.assessments ?? [],
    victimsAsPerpetrator: extra.victimsAsPerpetrator ?? 0,
  }).map((f) => f.kind);

describe('flags', () => {
  it('raises repeat victim for a second incident as victim within 12 months, with the reason', () => {
    expect(kinds([at('2025-01-01'), at('2025-11-30')])).toContain('repeat-victim');
    expect(kinds([at('2023-01-01'), at('2025-11-30')])).not.toContain('repeat-victim');
    expect(kinds([at('2025-01-01', 'Police', 'witness'), at('2025-02-01', 'Police', 'witness')])).not.toContain(
      'repeat-victim',
    );
    const [flag] = computeFlags({
      today: TODAY,
      incidents: [at('2025-01-01'), at('2025-03-01'), at('2025-04-01')],
      assessments: [],
      victimsAsPerpetrator: 0,
    });
    expect(flag!.reason).toBe('Victim in 3 incidents; 2 incidents within 12 months of the one before.');
  });

  it('raises serial perpetrator for two or more victims', () => {
    expect(kinds([], { victimsAsPerpetrator: 1 })).not.toContain('serial-perpetrator');
    expect(computeFlags({ today: TODAY, incidents: [], assessments: [], victimsAsPerpetrator: 2 })[0]).toMatchObject({
      kind: 'serial-perpetrator',
      reason: expect.stringContaining('2 different victims'),
    });
  });

  it('counts victims in other partnerships that share perpetrator alerts, and names them', () => {
    const flag = (here: number, elsewhere: { partnershipName: string; victims: number }[]) =>
      computeFlags({
        today: TODAY,
        incidents: [],
        assessments: [],
        victimsAsPerpetrator: here,
        victimsElsewhere: elsewhere,
      }).find((f) => f.kind === 'serial-perpetrator');
    expect(flag(1, [])).toBeUndefined();
    expect(flag(1, [{ partnershipName: 'Southvale', victims: 1 }])?.reason).toBe(
      'Named as perpetrator in incidents against 1 different victim here, and against 1 victim in Southvale (the same name and date of birth or identifier, shared by agreement between the partnerships).',
    );
    expect(flag(0, [{ partnershipName: 'Southvale', victims: 1 }])).toBeUndefined();
    expect(flag(0, [{ partnershipName: 'Eastmarsh', victims: 2 }])?.reason).toContain('against 2 victims in Eastmarsh');
    // More victims anywhere never takes the flag away.
    fc.assert(
      fc.property(
        fc.nat(5),
        fc.array(fc.record({ partnershipName: fc.constantFrom('A', 'B'), victims: fc.nat(3) }), { maxLength: 3 }),
        fc.nat(3),
        (here, elsewhere, more) => {
          if (flag(here, elsewhere))
            expect(flag(here + more, [...elsewhere, { partnershipName: 'C', victims: more }])).toBeDefined();
        },
      ),
    );
  });

  it('raises cumulative concern for contacts from two agencies in 12 months with no checklist in that time', () => {
    const contacts = [at('2026-01-10', 'Police'), at('2026-03-01', 'General Hospital')];
    expect(kinds(contacts)).toContain('cumulative-concern');
    expect(kinds(contacts, { assessments: ['2026-02-01'] })).not.toContain('cumulative-concern');
    expect(kinds(contacts, { assessments: ['2025-02-01'] })).toContain('cumulative-concern');
    expect(kinds([at('2026-01-10', 'Police'), at('2024-03-01', 'General Hospital')])).not.toContain(
      'cumulative-concern',
    );
    expect(kinds([at('2026-01-10', 'Police'), at('2026-03-01', 'Police')])).not.toContain('cumulative-concern');
  });

  it('sees escalation in frequency and in severity, and says which', () => {
    expect(escalationOf([at('2025-08-01'), at('2026-02-01'), at('2026-05-01')], TODAY)).toContain(
      '2 incidents in the last 6 months against 1',
    );
    const severer = escalationOf(
      [at('2025-08-01', 'P', 'victim', 'low'), at('2026-05-01', 'P', 'victim', 'high')],
      TODAY,
    );
    expect(severer).toContain('latest incident is more severe than any before it');
    expect(severer).not.toMatch(/2026-05-01|high/); // nothing of the incident itself: the flag is seen at every level
    expect(
      escalationOf([at('2025-08-01', 'P', 'victim', 'high'), at('2026-05-01', 'P', 'victim', 'high')], TODAY),
    ).toBeNull();
    expect(escalationOf([at('2026-05-01', 'P', 'victim', 'severe')], TODAY)).toBeNull();
  });

  it('never flags escalation when the latest incident is no worse and incidents are not becoming more frequent', () => {
    const severity = fc.constantFrom<Severity>('low', 'medium', 'high', 'severe');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 190, max: 360 }), severity), { maxLength: 6 }), (earlier) => {
        // Everything in the earlier half-year, nothing later: frequency cannot be rising, and the latest is among them.
        const incidents = earlier.map(([days, s]) =>
          at(
            new Date(Date.parse(`${TODAY}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10),
            'P',
            'victim',
            s,
          ),
        );
        const sorted = [...incidents].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
        const last = sorted.at(-1);
        const rises =
          last &&
          sorted.length >= 2 &&
          sorted
            .slice(0, -1)
            .every(
              (i) =>
                ['low', 'medium', 'high', 'severe'].indexOf(i.severity) <
                ['low', 'medium', 'high', 'severe'].indexOf(last.severity),
            );
        expect(escalationOf(incidents, TODAY) !== null).toBe(Boolean(rises));
      }),
    );
  });
});
