import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chooseForListing,
  comparePriority,
  quarterOf,
  quarterRange,
  quarterlyReturn,
  position,
  returnSpreadsheet,
  returnTable,
  type ListingCandidate,
  type RecommendedLevels,
} from './rules.ts';

const candidate = fc.record({
  id: fc.uuid(),
  riskLevel: fc.constantFrom('standard' as const, 'medium' as const, 'high' as const, null),
  isRepeat: fc.boolean(),
  firstReferralAt: fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }),
});

describe('listing priority', () => {
  it('takes at most the places left, highest priority first, and never a lower case before a higher one', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 40 }), fc.nat(50), (cases, places) => {
        const chosen = chooseForListing(cases, places);
        expect(chosen.length).toBe(Math.min(places, cases.length));
        for (let i = 1; i < chosen.length; i++)
          expect(comparePriority(chosen[i - 1]!, chosen[i]!)).toBeLessThanOrEqual(0);
        const left = cases.filter((c) => !chosen.includes(c));
        for (const c of left) for (const k of chosen) expect(comparePriority(k, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('puts high risk before a repeat, and a repeat before an older referral', () => {
    const at = (d: string) => new Date(d);
    const cases: ListingCandidate[] = [
      { id: 'a', riskLevel: 'medium', isRepeat: false, firstReferralAt: at('2026-01-01') },
      { id: 'b', riskLevel: 'medium', isRepeat: true, firstReferralAt: at('2026-03-01') },
      { id: 'c', riskLevel: 'high', isRepeat: false, firstReferralAt: at('2026-05-01') },
    ];
    expect(chooseForListing(cases, 3).map((c) => c.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('quarters and ages', () => {
  it('maps every date into the quarter whose range contains it', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const { from, to } = quarterRange(quarterOf(iso));
        expect(iso >= from && iso < to).toBe(true);
      }),
    );
    expect(quarterRange({ year: 2026, quarter: 4 })).toEqual({ from: '2026-10-01', to: '2027-01-01' });
  });
});

describe('quarterly return', () => {
  it('counts, rates per 10,000 adult women and sets each share against the recommended level', () => {
    const d = (over: object) => ({
      meetingOn: '2026-02-10',
      isRepeat: false,
      children: 1,
      victimSex: 'female' as const,
      bme: false,
      lgbt: false,
      disabled: false,
      ageAtMeeting: 36,
      ...over,
    });
    const r = quarterlyReturn(
      { year: 2026, quarter: 1 },
      [d({ isRepeat: true }), d({ victimSex: 'male', children: 3 }), d({ ageAtMeeting: 16 })],
      [
        { agencyName: '=Police', agencyKind: 'police' },
        { agencyName: '=Police', agencyKind: 'police' },
        { agencyName: 'Health', agencyKind: 'health' },
      ],
      20_000,
    );
    expect(r).toMatchObject({
      casesDiscussed: 3,
      repeatCases: 1,
      children: 5,
      male: 1,
      aged16to17: 1,
      referrals: 3,
      casesPer10k: 1.5,
    });
    expect(r.referralsByAgency[0]).toEqual({ agencyName: '=Police', agencyKind: 'police', count: 2 });
    const levels: RecommendedLevels = {
      source: 'test',
      casesPer10kAdultWomenPerYear: 40,
      shares: { repeat: { min: 28, max: 40 }, policeReferrals: { min: 60, max: 75 }, male: { min: 5, max: 10 } },
    };
    const rows = new Map(returnTable(r, levels, 40).map((row) => [row.measure, row]));
    expect(rows.get('cases per 10,000 adult women')).toMatchObject({
      value: 1.5,
      recommended: '10 a quarter (40 a year)',
      position: 'below',
    });
    expect(rows.get('repeat cases')).toMatchObject({
      value: 1,
      percent: 33.3,
      recommended: '28% to 40%',
      position: 'within',
    });
    expect(rows.get('male victims')).toMatchObject({ percent: 33.3, position: 'above' });
    expect(rows.get('black and minority ethnic victims')).toMatchObject({ value: 0, percent: 0, position: 'below' });
    expect(rows.get('LGBT victims')).toMatchObject({ recommended: null, position: null }); // no level in this file
    expect(rows.get('referrals from the police')).toMatchObject({ value: 2, percent: 66.7, position: 'within' });
    expect(rows.get('referrals from partner agencies')).toMatchObject({ value: 1, percent: 33.3 });
    expect(rows.get('referrals from =Police')).toMatchObject({ value: 2 });
    const sheet = returnSpreadsheet(r, [...rows.values()]);
    expect(sheet[1]).toEqual(['quarter', '2026 Q1', null, null, null]);
    expect(sheet).toHaveLength(rows.size + 2);
  });

  it('with no cases or no population, no share or position is claimed', () => {
    const r = quarterlyReturn({ year: 2026, quarter: 2 }, [], [], null);
    for (const row of returnTable(
      r,
      { source: 'test', casesPer10kAdultWomenPerYear: 40, shares: { repeat: { min: 28, max: 40 } } },
      null,
    )) {
      expect(row.percent, row.measure).toBeNull();
      expect(row.position, row.measure).toBeNull();
    }
  });
});

describe('position against a recommended range', () => {
  it('is within exactly when the value is between the bounds, inclusive', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (value, a, b) => {
          const [min, max] = a <= b ? [a, b] : [b, a];
          const p = position(value, { min, max });
          expect(p === 'within').toBe(value >= min && value <= max);
          expect(p === 'below').toBe(value < min);
          expect(position(value, { min })).toBe(value < min ? 'below' : 'within'); // a minimum only has no "above"
        },
      ),
    );
  });
});
