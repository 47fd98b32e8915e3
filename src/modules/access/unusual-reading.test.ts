import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unusualReading } from './unusual-reading.ts';

const volume = fc.record({ userId: fc.uuid(), distinctRecords: fc.nat(200), reads: fc.nat(1000) });

describe('unusual reading', () => {
  it('flags exactly the users above the threshold, most first', () => {
    fc.assert(fc.property(fc.array(volume), fc.nat(100), (volumes, threshold) => {
      const flagged = unusualReading(volumes, threshold);
      expect(flagged.length).toBe(volumes.filter((v) => v.distinctRecords > threshold).length);
      for (let i = 1; i < flagged.length; i++) expect(flagged[i - 1]!.distinctRecords).toBeGreaterThanOrEqual(flagged[i]!.distinctRecords);
    }));
  });

  it('raising the threshold never flags more users', () => {
    fc.assert(fc.property(fc.array(volume), fc.nat(100), fc.nat(100), (volumes, a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      expect(unusualReading(volumes, high).length).toBeLessThanOrEqual(unusualReading(volumes, low).length);
    }));
  });

  it('does not flag ordinary casework', () => {
    expect(unusualReading([{ userId: 'u', distinctRecords: 8, reads: 40 }])).toEqual([]);
    expect(unusualReading([{ userId: 'u', distinctRecords: 26, reads: 26 }])).toHaveLength(1);
  });
});
