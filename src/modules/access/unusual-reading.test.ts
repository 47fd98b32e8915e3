import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unusualReading } from './unusual-reading.ts';

const volume = fc.record({
  userId: fc.uuid(),
  distinctRecords: fc.nat(200),
  reads: fc.nat(1000),
  outsideCaseload: fc.nat(40),
});
const thresholds = fc.record({ distinctRecords: fc.nat(100), outsideCaseload: fc.nat(20) });

describe('unusual reading', () => {
  it('flags exactly the users above either threshold, each with the signals that fired', () => {
    fc.assert(
      fc.property(fc.array(volume), thresholds, (volumes, t) => {
        const flagged = unusualReading(volumes, t);
        expect(flagged.length).toBe(
          volumes.filter((v) => v.distinctRecords > t.distinctRecords || v.outsideCaseload > t.outsideCaseload).length,
        );
        for (const f of flagged) {
          expect(f.signals.includes('volume')).toBe(f.distinctRecords > t.distinctRecords);
          expect(f.signals.includes('outside-caseload')).toBe(f.outsideCaseload > t.outsideCaseload);
        }
        for (let i = 1; i < flagged.length; i++)
          expect(flagged[i - 1]!.signals.length).toBeGreaterThanOrEqual(flagged[i]!.signals.length);
      }),
    );
  });

  it('raising a threshold never flags more users', () => {
    fc.assert(
      fc.property(fc.array(volume), thresholds, fc.nat(50), fc.nat(20), (volumes, low, up1, up2) => {
        const high = { distinctRecords: low.distinctRecords + up1, outsideCaseload: low.outsideCaseload + up2 };
        expect(unusualReading(volumes, high).length).toBeLessThanOrEqual(unusualReading(volumes, low).length);
      }),
    );
  });

  it('does not flag ordinary casework; flags volume, and reading outside the caseload, by default', () => {
    expect(unusualReading([{ userId: 'u', distinctRecords: 8, reads: 40, outsideCaseload: 2 }])).toEqual([]);
    expect(unusualReading([{ userId: 'u', distinctRecords: 26, reads: 26, outsideCaseload: 0 }])[0]?.signals).toEqual([
      'volume',
    ]);
    expect(unusualReading([{ userId: 'u', distinctRecords: 6, reads: 6, outsideCaseload: 6 }])[0]?.signals).toEqual([
      'outside-caseload',
    ]);
    expect(unusualReading([{ userId: 'u', distinctRecords: 6, reads: 6, outsideCaseload: 5 }])).toEqual([]);
  });
});
