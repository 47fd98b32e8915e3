import type { ImportRun } from '../import-runs.ts';
import { CSV_COLUMNS } from '../import-schema.ts';
import { label } from '../../../platform/language/index.ts';

// Imports -> the paste form (with the columns it takes) and a background run's progress.

export const importForm = (values: Record<string, unknown>, problem?: string) => ({
  title: label('people.import.title'),
  values,
  columns: CSV_COLUMNS,
  ...(problem
    ? { errors: { csv: { text: label(problem) } }, errorList: [{ text: label(problem), href: '#csv' }] }
    : {}),
});

export const importRun = (run: ImportRun) => ({
  title: label(run.status === 'done' ? 'people.import.report-title' : 'people.import.in-progress-title'),
  run,
  report: run.report,
});
