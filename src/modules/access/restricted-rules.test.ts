import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROLES } from '../../db/schema.ts';
import { CASEWORKING_ROLES, mayReadRestrictedDetail, workingDaysBetween } from './restricted-rules.ts';

const id = fc.constantFrom('a1', 'a2', 'a3', 'a4');
const viewer = fc.record({
  userId: fc.constantFrom('u1', 'u2', 'u3'),
  agencyId: id,
  role: fc.constantFrom(...ROLES),
  teamIds: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3'), { maxLength: 2 }),
});
const naming = fc.record({
  recordingAgencyId: id,
  agencyIds: fc.uniqueArray(id, { maxLength: 2 }),
  teamIds: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3'), { maxLength: 2 }),
  userIds: fc.uniqueArray(fc.constantFrom('u1', 'u2', 'u3'), { maxLength: 2 }),
});

describe('restricted details', () => {
  it('only the named group reads them, never an administrator or analyst', () => {
    fc.assert(
      fc.property(viewer, naming, (v, n) => {
        const named =
          v.agencyId === n.recordingAgencyId ||
          n.agencyIds.includes(v.agencyId) ||
          n.userIds.includes(v.userId) ||
          v.teamIds.some((t) => n.teamIds.includes(t));
        expect(mayReadRestrictedDetail(v, n)).toBe(named && (CASEWORKING_ROLES as readonly string[]).includes(v.role));
      }),
    );
  });

  it('a team names its members only, not the rest of their agency', () => {
    const n = { recordingAgencyId: 'csc', agencyIds: [], teamIds: ['dau'], userIds: [] };
    expect(
      mayReadRestrictedDetail({ userId: 'u1', agencyId: 'police', role: 'practitioner', teamIds: ['dau'] }, n),
    ).toBe(true);
    expect(mayReadRestrictedDetail({ userId: 'u2', agencyId: 'police', role: 'marac-chair', teamIds: [] }, n)).toBe(
      false,
    );
    expect(mayReadRestrictedDetail({ userId: 'u3', agencyId: 'police', role: 'agency-lead', teamIds: [] }, n)).toBe(
      false,
    );
  });
});

describe('working days', () => {
  it('counts Monday to Friday after the start day', () => {
    // Friday 4 December 2026 -> Wednesday 9 December: Mon, Tue, Wed.
    expect(workingDaysBetween(new Date('2026-12-04T16:00:00Z'), new Date('2026-12-09T09:00:00Z'))).toBe(3);
    expect(workingDaysBetween(new Date('2026-12-04T16:00:00Z'), new Date('2026-12-06T09:00:00Z'))).toBe(0);
  });
  it('never counts more days than the calendar, nor a weekend', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 }),
        (from, days) => {
          const to = new Date(from.getTime() + days * 86_400_000);
          const n = workingDaysBetween(from, to);
          expect(n).toBeLessThanOrEqual(days);
          expect(n).toBeGreaterThanOrEqual(Math.floor(days / 7) * 5);
        },
      ),
    );
  });
});
