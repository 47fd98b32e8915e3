import type { FormErrors } from '../../../platform/pages/page.ts';
import type { risksFor, SharedChecklist } from '../for-viewer.ts';
import type { ChecklistInstrument } from '../instrument.ts';
import type { resultExtras } from '../checklist/extras.ts';
import type * as service from '../service.ts';
import { labels } from './checklist.ts';
import { responseLabels } from './response.ts';

// The checklist's result -> the result page (in full) or the shared page (the parts of a lower level).

type Shared = Awaited<ReturnType<ReturnType<typeof risksFor>['result']>>;
type Extras = Awaited<ReturnType<typeof resultExtras>>;

export const result = (
  row: service.AssessmentRow,
  instrument: ChecklistInstrument,
  shared: Shared,
  extras: Extras,
  query: Record<string, string | undefined>,
  form: Partial<FormErrors> = {},
) => ({
  title: 'Risk checklist result',
  row,
  instrument,
  ...shared,
  labels,
  factorText: Object.fromEntries(instrument.questions.map((q) => [q.riskFactor, q.text])),
  referred: query.referred === '1',
  saved: query.saved,
  ...extras,
  responseLabels,
  ...form,
});

export const shared = (shown: service.AssessmentRow | SharedChecklist, level: string, parts: unknown) => ({
  title: 'Risk checklist',
  row: shown,
  level,
  parts,
  labels,
});
