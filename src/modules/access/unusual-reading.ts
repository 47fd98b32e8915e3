/**
 * Flags users whose reading looks unlike casework: many different people or
 * checklists opened in one window. The threshold is a partnership setting in
 * time; 25 distinct records a day is the default. Pure, so it is testable.
 */
export interface ReadingVolume {
  userId: string;
  distinctRecords: number;
  reads: number;
}

export const DEFAULT_DAILY_DISTINCT_RECORDS = 25;

export function unusualReading(volumes: readonly ReadingVolume[], threshold = DEFAULT_DAILY_DISTINCT_RECORDS): ReadingVolume[] {
  return volumes.filter((v) => v.distinctRecords > threshold).sort((a, b) => b.distinctRecords - a.distinctRecords || a.userId.localeCompare(b.userId));
}
