// MARAC rules as plain functions: listing priority, quarters, the quarterly data return, CSV.

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
  return rank(a) - rank(b) || Number(b.isRepeat) - Number(a.isRepeat) || a.firstReferralAt.getTime() - b.firstReferralAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The cases a meeting takes, in priority order, up to the places it has left. */
export function chooseForListing<T extends ListingCandidate>(candidates: T[], placesLeft: number): T[] {
  return [...candidates].sort(comparePriority).slice(0, Math.max(0, placesLeft));
}

export interface Quarter { year: number; quarter: 1 | 2 | 3 | 4 }

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

export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export interface Discussion {
  meetingOn: string;
  isRepeat: boolean;
  children: number;
  victimSex: 'female' | 'male' | 'other' | 'not-known';
  bme: boolean | null;
  lgbt: boolean | null;
  disabled: boolean | null;
  dateOfBirth: string;
}
export interface ReferralRow { agencyName: string; agencyKind: string }

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
  /** SafeLives' recommended volume: 40 cases a year per 10,000 adult women, so 10 a quarter. */
  recommendedPer10k: number;
  /** SafeLives' recommended repeat rate range. */
  recommendedRepeatRate: { from: number; to: number };
}

export const RECOMMENDED_CASES_PER_10K_PER_YEAR = 40;

export function quarterlyReturn(quarter: Quarter, discussions: Discussion[], referrals: ReferralRow[], adultWomen: number | null): QuarterlyReturn {
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
    aged16to17: discussions.filter((d) => { const age = ageOn(d.dateOfBirth, d.meetingOn); return age === 16 || age === 17; }).length,
    referrals: referrals.length,
    referralsByAgency: [...byAgency.values()].sort((a, b) => b.count - a.count || a.agencyName.localeCompare(b.agencyName)),
    adultWomen,
    casesPer10k: adultWomen ? (casesDiscussed * 10_000) / adultWomen : null,
    recommendedPer10k: RECOMMENDED_CASES_PER_10K_PER_YEAR / 4,
    recommendedRepeatRate: { from: 0.28, to: 0.4 },
  };
}

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  // Quote when needed, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function returnToCsv(r: QuarterlyReturn): string {
  const pct = (n: number) => (r.casesDiscussed ? ((n / r.casesDiscussed) * 100).toFixed(1) : '');
  const rows: (string | number | null)[][] = [
    ['measure', 'value', 'percentage of cases discussed', 'recommended'],
    ['quarter', `${r.quarter.year} Q${r.quarter.quarter}`, null, null],
    ['cases discussed', r.casesDiscussed, null, null],
    ['cases per 10,000 adult women', r.casesPer10k === null ? null : r.casesPer10k.toFixed(2), null, r.recommendedPer10k],
    ['repeat cases', r.repeatCases, pct(r.repeatCases), '28-40%'],
    ['children in the households', r.children, null, null],
    ['male victims', r.male, pct(r.male), null],
    ['black and minority ethnic victims', r.bme, pct(r.bme), null],
    ['LGBT victims', r.lgbt, pct(r.lgbt), null],
    ['disabled victims', r.disabled, pct(r.disabled), null],
    ['victims aged 16-17', r.aged16to17, pct(r.aged16to17), null],
    ['referrals received', r.referrals, null, null],
    ...r.referralsByAgency.map((a) => [`referrals from ${a.agencyName}`, a.count, null, null]),
  ];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
