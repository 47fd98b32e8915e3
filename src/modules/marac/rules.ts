// MARAC rules as plain functions: listing priority, quarters, the quarterly data return and its table.

export interface ListingCandidate {
  id: string;
  riskLevel: 'standard' | 'medium' | 'high' | null;
  isRepeat: boolean;
  firstReferralAt: Date;
}

const levelRank = { high: 0, medium: 1, standard: 2 } as const;

/** Cases are listed high risk first, then repeats, then the longest waiting; the id breaks ties so the order is total. */
export function comparePriority(a: ListingCandidate, b: ListingCandidate): number {
  const rank = (c: ListingCandidate) => (c.riskLevel ? levelRank[c.riskLevel] : 1);
  return (
    rank(a) - rank(b) ||
    Number(b.isRepeat) - Number(a.isRepeat) ||
    a.firstReferralAt.getTime() - b.firstReferralAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The cases a meeting takes, in priority order, up to the places it has left. */
export function chooseForListing<T extends ListingCandidate>(candidates: T[], placesLeft: number): T[] {
  return [...candidates].sort(comparePriority).slice(0, Math.max(0, placesLeft));
}

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

/** First day of the quarter and first day of the next, as ISO dates (the range is half-open). */
export function quarterRange(q: Quarter): { from: string; to: string } {
  const startMonth = (q.quarter - 1) * 3;
  const iso = (y: number, m: number) => `${y + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
  return { from: iso(q.year, startMonth), to: iso(q.year, startMonth + 3) };
}

export function quarterOf(isoDate: string): Quarter {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return { year: y, quarter: (Math.floor((m - 1) / 3) + 1) as Quarter['quarter'] };
}

export interface Discussion {
  meetingOn: string;
  isRepeat: boolean;
  children: number;
  victimSex: 'female' | 'male' | 'other' | 'not-known';
  bme: boolean | null;
  lgbt: boolean | null;
  disabled: boolean | null;
  /** Completed years on the day of the meeting. */
  ageAtMeeting: number;
}
export interface ReferralRow {
  agencyName: string;
  agencyKind: string;
}

export interface QuarterlyReturn {
  quarter: Quarter;
  casesDiscussed: number;
  repeatCases: number;
  repeatRate: number | null;
  children: number;
  male: number;
  bme: number;
  lgbt: number;
  disabled: number;
  aged16to17: number;
  referrals: number;
  referralsByAgency: { agencyName: string; agencyKind: string; count: number }[];
  adultWomen: number | null;
  casesPer10k: number | null;
}

export function quarterlyReturn(
  quarter: Quarter,
  discussions: Discussion[],
  referrals: ReferralRow[],
  adultWomen: number | null,
): QuarterlyReturn {
  const casesDiscussed = discussions.length;
  const repeatCases = discussions.filter((d) => d.isRepeat).length;
  const byAgency = new Map<string, { agencyName: string; agencyKind: string; count: number }>();
  for (const r of referrals) {
    const entry = byAgency.get(r.agencyName) ?? { ...r, count: 0 };
    entry.count++;
    byAgency.set(r.agencyName, entry);
  }
  return {
    quarter,
    casesDiscussed,
    repeatCases,
    repeatRate: casesDiscussed ? repeatCases / casesDiscussed : null,
    children: discussions.reduce((n, d) => n + d.children, 0),
    male: discussions.filter((d) => d.victimSex === 'male').length,
    bme: discussions.filter((d) => d.bme === true).length,
    lgbt: discussions.filter((d) => d.lgbt === true).length,
    disabled: discussions.filter((d) => d.disabled === true).length,
    aged16to17: discussions.filter((d) => d.ageAtMeeting === 16 || d.ageAtMeeting === 17).length,
    referrals: referrals.length,
    referralsByAgency: [...byAgency.values()].sort(
      (a, b) => b.count - a.count || a.agencyName.localeCompare(b.agencyName),
    ),
    adultWomen,
    casesPer10k: adultWomen ? (casesDiscussed * 10_000) / adultWomen : null,
  };
}

/** A recommended range in percent; `max` absent means "at least `min`". */
export interface Range {
  min: number;
  max?: number;
}
export interface RecommendedLevels {
  /** The maintainers' note on where the figures come from. */
  source: string;
  /** When the figures were last checked against the publication (the page names the publication in its own words). */
  checkedOn?: string;
  casesPer10kAdultWomenPerYear: number;
  shares: Partial<
    Record<'repeat' | 'policeReferrals' | 'partnerAgencyReferrals' | 'male' | 'lgbt' | 'disabled', Range>
  >;
}
export type Position = 'below' | 'within' | 'above';

/** Where a value sits against a range; a value on either bound is within it. */
export function position(value: number, range: Range): Position {
  if (value < range.min) return 'below';
  return range.max !== undefined && value > range.max ? 'above' : 'within';
}

export interface ReturnRow {
  measure: string;
  value: number | null;
  /** Percentage of cases discussed (or of referrals, for referral shares), one decimal place. */
  percent: number | null;
  recommended: string | null;
  position: Position | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const describe = (r: Range) => (r.max === undefined ? `at least ${r.min}%` : `${r.min}% to ${r.max}%`);

/**
 * The return as one table, the same for the page, CSV and XLSX. Shares are compared with the
 * recommended levels; the BME share is compared with the area's own population when it is known.
 */
export function returnTable(
  r: QuarterlyReturn,
  levels: RecommendedLevels,
  bmePopulationPercent: number | null,
): ReturnRow[] {
  const ofCases = (n: number) => (r.casesDiscussed ? round1((n / r.casesDiscussed) * 100) : null);
  const ofReferrals = (n: number) => (r.referrals ? round1((n / r.referrals) * 100) : null);
  const row = (measure: string, value: number | null, percent: number | null, range?: Range): ReturnRow => ({
    measure,
    value,
    percent,
    recommended: range ? describe(range) : null,
    position: range && percent !== null ? position(percent, range) : null,
  });
  const police = r.referralsByAgency.filter((a) => a.agencyKind === 'police').reduce((n, a) => n + a.count, 0);
  // SafeLives counts referrals from partner agencies: neither the police nor an IDVA service.
  const partners = r.referralsByAgency
    .filter((a) => a.agencyKind !== 'police' && a.agencyKind !== 'idva-service')
    .reduce((n, a) => n + a.count, 0);
  const quarterlyVolume = levels.casesPer10kAdultWomenPerYear / 4;
  const bmeRange = bmePopulationPercent === null ? undefined : { min: bmePopulationPercent };
  return [
    row('cases discussed', r.casesDiscussed, null),
    {
      measure: 'cases per 10,000 adult women',
      value: r.casesPer10k === null ? null : Math.round(r.casesPer10k * 100) / 100,
      percent: null,
      recommended: `${quarterlyVolume} a quarter (${levels.casesPer10kAdultWomenPerYear} a year)`,
      position: r.casesPer10k === null ? null : position(r.casesPer10k, { min: quarterlyVolume, max: quarterlyVolume }),
    },
    row('repeat cases', r.repeatCases, ofCases(r.repeatCases), levels.shares.repeat),
    row('children in the households', r.children, null),
    row('male victims', r.male, ofCases(r.male), levels.shares.male),
    {
      ...row('black and minority ethnic victims', r.bme, ofCases(r.bme), bmeRange),
      recommended: bmeRange
        ? `at least the area's ${bmePopulationPercent}%`
        : 'in line with the area (enter its share below)',
    },
    row('LGBT victims', r.lgbt, ofCases(r.lgbt), levels.shares.lgbt),
    row('disabled victims', r.disabled, ofCases(r.disabled), levels.shares.disabled),
    row('victims aged 16-17', r.aged16to17, ofCases(r.aged16to17)),
    row('referrals received', r.referrals, null),
    row('referrals from the police', police, ofReferrals(police), levels.shares.policeReferrals),
    row('referrals from partner agencies', partners, ofReferrals(partners), levels.shares.partnerAgencyReferrals),
    ...r.referralsByAgency.map((a) => row(`referrals from ${a.agencyName}`, a.count, ofReferrals(a.count))),
  ];
}

/** The return as rows for a spreadsheet: a header, the quarter, then one row per measure. */
export function returnSpreadsheet(r: QuarterlyReturn, rows: ReturnRow[]): (string | number | null)[][] {
  return [
    ['measure', 'value', 'percentage', 'recommended', 'against recommended'],
    ['quarter', `${r.quarter.year} Q${r.quarter.quarter}`, null, null, null],
    ...rows.map((x) => [x.measure, x.value, x.percent, x.recommended, x.position]),
  ];
}
