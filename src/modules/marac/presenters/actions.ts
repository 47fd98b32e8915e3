import type { FormErrors } from '../../../platform/pages/page.ts';
import type * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';

// An agency's open MARAC actions -> its action list, with the completion note of one action sent back when it had a problem.

type Rows = Awaited<ReturnType<typeof service.myOpenActions>>;

export interface ActionNoteProblem {
  actionId: string;
  form: FormErrors;
}

export function agencyActions(rows: Rows, shown: { completed?: string; problem?: ActionNoteProblem } = {}) {
  const model = {
    title: label('marac.actions.title'),
    section: 'marac',
    rows,
    today: new Date().toISOString().slice(0, 10),
    completed: shown.completed,
  };
  if (!shown.problem) return model;
  // Each action has its own note field on the page, so the error links to that action's field.
  const { actionId, form } = shown.problem;
  const field = `note-${actionId}`;
  const text = form.errors.note?.text ?? form.errorList[0]?.text ?? '';
  return {
    ...model,
    errorFor: actionId,
    errors: { [field]: form.errors.note },
    errorList: [{ text, href: `#${field}` }],
  };
}
