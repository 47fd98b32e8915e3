/**
 * Flags users whose reading looks unlike casework, for their agency lead:
 * - volume: many different people or checklists opened in one window;
 * - outside caseload: several different people read who are not in the user's
 *   caseload (see `0010-access-caseload.ts` and docs/access-model.md for what
 *   the caseload is: people the agency holds, assesses, refers or meets about,
 *   or a current break-glass grant).
 * The thresholds are a partnership setting in time; these are the defaults for
 * 24 hours. Pure, so it is testable.
 */
export interface ReadingVolume {
  userId: string;
  distinctRecords: number;
  reads: number;
  /** Different people read outside the user's caseload. */
  outsideCaseload: number;
}

export type ReadingSignal = 'volume' | 'outside-caseload';
export interface ReadingThresholds {
  distinctRecords: number;
  outsideCaseload: number;
}

export const DEFAULT_DAILY_DISTINCT_RECORDS = 25;
export const DEFAULT_DAILY_OUTSIDE_CASELOAD = 5;
export const DEFAULT_READING_THRESHOLDS: ReadingThresholds = {
  distinctRecords: DEFAULT_DAILY_DISTINCT_RECORDS,
  outsideCaseload: DEFAULT_DAILY_OUTSIDE_CASELOAD,
};

/** The users above either threshold, each with the signals that fired; both signals first, then the most records read. */
export function unusualReading(
  volumes: readonly ReadingVolume[],
  thresholds: ReadingThresholds = DEFAULT_READING_THRESHOLDS,
): (ReadingVolume & { signals: ReadingSignal[] })[] {
  return volumes
    .map((v) => ({
      ...v,
      signals: [
        ...(v.distinctRecords > thresholds.distinctRecords ? ['volume' as const] : []),
        ...(v.outsideCaseload > thresholds.outsideCaseload ? ['outside-caseload' as const] : []),
      ],
    }))
    .filter((v) => v.signals.length > 0)
    .sort(
      (a, b) =>
        b.signals.length - a.signals.length ||
        b.distinctRecords - a.distinctRecords ||
        b.outsideCaseload - a.outsideCaseload ||
        a.userId.localeCompare(b.userId),
    );
}
