import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextSchoolDayStart } from './school-day.ts';

describe('the next school day', () => {
  it('is the same morning before 08:00 on a weekday, the next morning after it', () => {
    // Tuesday 1 December 2026 (winter: UK time is UTC)
    expect(nextSchoolDayStart(new Date('2026-12-01T06:30:00Z')).toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(nextSchoolDayStart(new Date('2026-12-01T22:10:00Z')).toISOString()).toBe('2026-12-02T08:00:00.000Z');
  });

  it('is Monday after a Friday evening or a weekend', () => {
    expect(nextSchoolDayStart(new Date('2026-12-04T19:00:00Z')).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextSchoolDayStart(new Date('2026-12-06T12:00:00Z')).toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  it('starts at 08:00 UK time in summer (07:00 UTC)', () => {
    expect(nextSchoolDayStart(new Date('2026-06-10T20:00:00Z')).toISOString()).toBe('2026-06-11T07:00:00.000Z');
  });

  it('is always later, on a weekday, and at most three days and a bit away', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }), (now) => {
        const next = nextSchoolDayStart(now);
        expect(next.getTime()).toBeGreaterThan(now.getTime());
        expect([1, 2, 3, 4, 5]).toContain(next.getUTCDay());
        expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(3 * 86_400_000 + 3_600_000);
      }),
    );
  });
});
