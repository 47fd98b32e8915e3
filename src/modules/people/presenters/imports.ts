import type { ImportRun } from '../import-runs.ts';
import { CSV_COLUMNS } from '../import-schema.ts';

// Imports -> the paste form (with the columns it takes) and a background run's progress.

export const importForm = (values: Record<string, unknown>, problem?: string) => ({
  title: 'Import incidents',
  values,
  columns: CSV_COLUMNS,
  ...(problem ? { errors: { csv: { text: problem } }, errorList: [{ text: problem, href: '#csv' }] } : {}),
});

export const importRun = (run: ImportRun) => ({
  title: run.status === 'done' ? 'Import report' : 'Import in progress',
  run,
  report: run.report,
});
