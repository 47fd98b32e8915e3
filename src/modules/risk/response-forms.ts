import type { z } from 'zod';
import { label, type MessageValues } from '../../platform/language/index.ts';
import { childRatings, type ChildMatrixInstrument, type ChildRating } from './instrument.ts';
import {
  raraCategories,
  riskManagementPlanSchema,
  safetyPlanSchema,
  safetyPlanTopics,
  type RiskManagementPlan,
  type SafetyPlan,
} from './risk-plan.ts';
import { riskLevels } from './scoring.ts';
import {
  checkStepOutcomes,
  tieredResponseConfigSchema,
  type ResponseStep,
  type StepOutcome,
  type TieredResponseConfig,
} from './tiered-response.ts';
import type { NewHouseholdMember } from './household.ts';
import { levelWords, stepWords } from './labels.ts';

// Form fields <-> the pure rules' shapes. Every form returns all its problems
// at once, keyed by field id, in page order, for the GOV.UK error summary.
// Problems are catalogue keys (risk.form.*, and the rules' own risk.plan.* and risk.next-steps.*), put into the page's language here.

export type Errors = Record<string, { text: string }>;
export type Parsed<T> =
  { ok: true; value: T } | { ok: false; errors: Errors; errorList: { text: string; href: string }[] };

class Problems {
  errors: Errors = {};
  errorList: { text: string; href: string }[] = [];
  add(field: string, key: string, values: MessageValues = {}): void {
    if (this.errors[field]) return;
    const text = label(key, values);
    this.errors[field] = { text };
    this.errorList.push({ text, href: `#${field}` });
  }
  get empty(): boolean {
    return this.errorList.length === 0;
  }
  result<T>(value: T): Parsed<T> {
    return this.empty ? { ok: true, value } : { ok: false, errors: this.errors, errorList: this.errorList };
  }
}

const str = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** A GOV.UK date input (prefix-day, -month, -year): '' when left blank, 'invalid' when not a real date. */
export function dateFromParts(values: Record<string, unknown>, prefix: string): string {
  const parts = ['day', 'month', 'year'].map((p) => str(values[`${prefix}-${p}`]));
  if (parts.every((p) => p === '')) return '';
  const [day, month, year] = parts as [string, string, string];
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return 'invalid';
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || !date.toISOString().startsWith(iso) || iso < '1900-01-01' ? 'invalid' : iso;
}

/** The values a date input shows for a stored ISO date. */
export function dateParts(prefix: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return {};
  const [year, month, day] = iso.split('-');
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year ?? '',
  };
}

const todayIso = () => new Date().toISOString().slice(0, 10);

// ---- household ----

export function parseHouseholdMember(values: Record<string, unknown>): Parsed<NewHouseholdMember> {
  const p = new Problems();
  const relationship = str(values.relationship);
  if (!['perpetrator', 'child', 'other'].includes(relationship)) p.add('relationship', 'risk.form.select-relationship');
  const givenName = str(values.givenName);
  const familyName = str(values.familyName);
  if (!givenName) p.add('givenName', 'risk.form.enter-given-name');
  else if (givenName.length > 100) p.add('givenName', 'risk.form.given-name-too-long');
  if (familyName.length > 100) p.add('familyName', 'risk.form.family-name-too-long');
  else if (!familyName && relationship === 'perpetrator')
    p.add('familyName', 'risk.form.enter-perpetrator-family-name');
  const dateOfBirth = dateFromParts(values, 'dateOfBirth');
  if (dateOfBirth === 'invalid') p.add('dateOfBirth', 'risk.form.child-date-of-birth-real');
  else if (dateOfBirth && dateOfBirth > todayIso()) p.add('dateOfBirth', 'risk.form.date-of-birth-past');
  else if (!dateOfBirth && relationship === 'child') p.add('dateOfBirth', 'risk.form.enter-child-date-of-birth');
  const description = str(values.description);
  if (description.length > 200) p.add('description', 'risk.form.description-too-long');
  return p.result({
    relationship: relationship as NewHouseholdMember['relationship'],
    givenName,
    familyName: familyName || null,
    dateOfBirth: dateOfBirth || null,
    description: relationship === 'other' ? description || null : null,
  });
}

// ---- child risk matrix ----

export type ChildMatrixForm = {
  ratings: Record<string, ChildRating>;
  judgement: { rating: ChildRating; reason: string } | null;
};

export function parseChildMatrix(
  matrix: ChildMatrixInstrument,
  values: Record<string, unknown>,
): Parsed<ChildMatrixForm> {
  const p = new Problems();
  const ratings: Record<string, ChildRating> = {};
  for (const dimension of matrix.dimensions) {
    const value = str(values[`rating-${dimension.id}`]);
    if ((childRatings as readonly string[]).includes(value)) ratings[dimension.id] = value as ChildRating;
    else p.add(`rating-${dimension.id}`, 'risk.form.select-rating', { dimension: dimension.text });
  }
  const judgementRating = str(values.judgementRating) || 'none';
  const judgementReason = str(values.judgementReason);
  if (judgementRating !== 'none' && !(childRatings as readonly string[]).includes(judgementRating))
    p.add('judgementRating', 'risk.form.select-child-judgement');
  if (judgementRating !== 'none' && !judgementReason) p.add('judgementReason', 'risk.form.give-judgement-reason');
  if (judgementReason.length > 4000) p.add('judgementReason', 'risk.form.reason-too-long');
  return p.result({
    ratings,
    judgement: judgementRating === 'none' ? null : { rating: judgementRating as ChildRating, reason: judgementReason },
  });
}

// ---- next-step outcomes ----

export const OUTCOME_VALUES = ['done', 'declined', 'not-applicable'] as const;

/** Steps left unanswered stay outstanding; the rest are checked with checkStepOutcomes. */
export function parseStepOutcomes(steps: ResponseStep[], values: Record<string, unknown>): Parsed<StepOutcome[]> {
  const p = new Problems();
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    const outcome = str(values[`outcome-${step.id}`]);
    const reason = str(values[`reason-${step.id}`]);
    if (reason.length > 4000) p.add(`reason-${step.id}`, 'risk.form.step-reason-too-long', { step: stepWords(step) });
    if (!outcome) continue;
    outcomes.push({ stepId: step.id, outcome: outcome as StepOutcome['outcome'], ...(reason ? { reason } : {}) });
  }
  const check = checkStepOutcomes(steps, outcomes);
  const stepLabels = new Map(steps.map((s) => [s.id, stepWords(s)]));
  for (const problem of check.problems) {
    const values = { problem: label(problem.message), step: stepLabels.get(problem.stepId) ?? problem.stepId };
    if (problem.field === 'reason') p.add(`reason-${problem.stepId}`, 'risk.form.step-problem', values);
    else p.add(`outcome-${problem.stepId}`, 'risk.form.step-problem', values);
  }
  if (p.empty && outcomes.length === 0) p.add(`outcome-${steps[0]?.id ?? ''}`, 'risk.form.record-one-outcome');
  return p.result(outcomes);
}

// ---- plans ----

function applyIssues(
  p: Problems,
  issues: readonly z.core.$ZodIssue[],
  fieldFor: (path: PropertyKey[]) => string,
  dateMessage: (field: string) => string | null,
) {
  for (const issue of issues) {
    const field = fieldFor(issue.path as PropertyKey[]);
    p.add(field, dateMessage(field) ?? issue.message);
  }
}

const planDateMessage =
  (raw: Record<string, string>) =>
  (field: string): string | null => {
    const value = raw[field];
    if (value === undefined) return null;
    const which = field.endsWith('agreedOn') ? 'agreed-on' : 'review-on';
    if (value === '') return `risk.form.enter-${which}`;
    if (value === 'invalid') return `risk.form.real-${which}`;
    return null;
  };

export type ActionRow = Record<string, string>;
const ACTION_TEXT = ['riskAddressed', 'action', 'ownerAgency', 'rationale'] as const;

/** Reads action rows 0..rows-1; a row left entirely blank is ignored. */
export function actionRows(values: Record<string, unknown>): number {
  const n = Number(str(values.rows));
  return Number.isInteger(n) && n >= 1 && n <= 50 ? n : 1;
}

export function parseRiskManagementPlan(values: Record<string, unknown>): Parsed<RiskManagementPlan> {
  const p = new Problems();
  const raw: Record<string, string> = {
    agreedOn: dateFromParts(values, 'agreedOn'),
    reviewOn: dateFromParts(values, 'reviewOn'),
  };
  const rowIndex: number[] = [];
  const actions: Record<string, unknown>[] = [];
  for (let i = 0; i < actionRows(values); i += 1) {
    const reviewOn = dateFromParts(values, `action-${i}-reviewOn`);
    const category = str(values[`action-${i}-category`]);
    const texts = Object.fromEntries(ACTION_TEXT.map((f) => [f, str(values[`action-${i}-${f}`])]));
    if (!category && !reviewOn && ACTION_TEXT.every((f) => !texts[f])) continue;
    raw[`action-${i}-reviewOn`] = reviewOn;
    rowIndex.push(i);
    actions.push({
      category: category || undefined,
      riskAddressed: texts.riskAddressed,
      action: texts.action,
      ownerAgency: texts.ownerAgency,
      reviewOn,
      status: str(values[`action-${i}-status`]) || 'planned',
      ...(texts.rationale ? { rationale: texts.rationale } : {}),
    });
  }
  const candidate = { agreedOn: raw.agreedOn, ownerAgency: str(values.ownerAgency), reviewOn: raw.reviewOn, actions };
  const parsed = riskManagementPlanSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, value: parsed.data };
  applyIssues(
    p,
    parsed.error.issues,
    (path) => {
      if (path[0] === 'actions' && typeof path[1] === 'number')
        return `action-${rowIndex[path[1]]}-${String(path[2] ?? 'category')}`;
      if (path[0] === 'actions') return 'action-0-category';
      return String(path[0] ?? 'agreedOn');
    },
    planDateMessage(raw),
  );
  return p.result(parsed.data as never);
}

/** Form values that show a stored plan; `extraRows` blank rows are added for new actions. */
export function riskPlanValues(plan: RiskManagementPlan | undefined, extraRows: number): Record<string, string> {
  const values: Record<string, string> = {};
  if (!plan) return { rows: String(extraRows) };
  Object.assign(values, dateParts('agreedOn', plan.agreedOn), dateParts('reviewOn', plan.reviewOn), {
    ownerAgency: plan.ownerAgency,
  });
  plan.actions.forEach((a, i) => {
    Object.assign(values, dateParts(`action-${i}-reviewOn`, a.reviewOn), {
      [`action-${i}-category`]: a.category,
      [`action-${i}-riskAddressed`]: a.riskAddressed,
      [`action-${i}-action`]: a.action,
      [`action-${i}-ownerAgency`]: a.ownerAgency,
      [`action-${i}-status`]: a.status,
      [`action-${i}-rationale`]: a.rationale ?? '',
    });
  });
  values.rows = String(plan.actions.length + extraRows);
  return values;
}

export function parseSafetyPlan(values: Record<string, unknown>): Parsed<SafetyPlan> {
  const p = new Problems();
  const raw: Record<string, string> = {
    agreedOn: dateFromParts(values, 'agreedOn'),
    reviewOn: dateFromParts(values, 'reviewOn'),
  };
  const items = safetyPlanTopics
    .map((topic) => ({ topic, arrangement: str(values[`item-${topic}`]) }))
    .filter((item) => item.arrangement !== '');
  const candidate = {
    agreedOn: raw.agreedOn,
    ownerAgency: str(values.ownerAgency),
    reviewOn: raw.reviewOn,
    agreedWithVictim: values.agreedWithVictim === 'yes',
    items,
  };
  const parsed = safetyPlanSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, value: parsed.data };
  applyIssues(
    p,
    parsed.error.issues,
    (path) => {
      if (path[0] === 'items' && typeof path[1] === 'number')
        return `item-${items[path[1]]?.topic ?? safetyPlanTopics[0]}`;
      if (path[0] === 'items') return `item-${safetyPlanTopics[0]}`;
      return String(path[0] ?? 'agreedOn');
    },
    planDateMessage(raw),
  );
  return p.result(parsed.data as never);
}

export function safetyPlanValues(plan: SafetyPlan | undefined): Record<string, string> {
  if (!plan) return {};
  const values: Record<string, string> = {
    ...dateParts('agreedOn', plan.agreedOn),
    ...dateParts('reviewOn', plan.reviewOn),
    ownerAgency: plan.ownerAgency,
    agreedWithVictim: 'yes',
  };
  for (const item of plan.items) values[`item-${item.topic}`] = item.arrangement;
  return values;
}

// ---- the partnership's minimum response ----

const slugify = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** Rows step-<i>-* (levels as step-<i>-level-<level> = yes): existing steps keep their id; a new row's id comes from its label. Rows marked for removal are left out. */
export function parseResponseConfig(values: Record<string, unknown>): Parsed<TieredResponseConfig> {
  const p = new Problems();
  const count = Math.min(Math.max(Number(str(values.stepCount)) || 0, 0), 100);
  const rowIndex: number[] = [];
  const steps: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i += 1) {
    const wording = str(values[`step-${i}-label`]);
    const welsh = str(values[`step-${i}-label-cy`]);
    const id = str(values[`step-${i}-id`]) || slugify(wording);
    const levels = riskLevels.filter((level) => values[`step-${i}-level-${level}`] === 'yes');
    if (values[`step-${i}-remove`] === 'yes') continue;
    if (!str(values[`step-${i}-id`]) && !wording && levels.length === 0) continue; // the blank "add a step" row
    if (wording.length > 200) p.add(`step-${i}-label`, 'risk.form.step-label-too-long', { number: i + 1 });
    if (welsh.length > 200) p.add(`step-${i}-label-cy`, 'risk.form.step-label-too-long', { number: i + 1 });
    rowIndex.push(i);
    steps.push({
      id,
      label: wording,
      ...(welsh ? { labelCy: welsh } : {}),
      levels,
      ...(values[`step-${i}-children`] === 'yes' ? { onlyWhenChildrenInHousehold: true } : {}),
    });
  }
  const parsed = tieredResponseConfigSchema.safeParse({ steps });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const params = (issue as { params?: { problem?: string; id?: string; level?: string; withChildren?: boolean } })
        .params;
      if (issue.path[0] === 'steps' && typeof issue.path[1] === 'number') {
        const i = rowIndex[issue.path[1]]!;
        const field = issue.path[2] === 'levels' ? 'levels' : 'label';
        const key =
          issue.path[2] === 'levels'
            ? 'risk.form.step-choose-level'
            : issue.path[2] === 'label'
              ? 'risk.form.step-enter-label'
              : params?.problem === 'twice'
                ? 'risk.form.step-twice'
                : 'risk.form.step-wording-letters';
        p.add(`step-${i}-${field}`, key, { number: i + 1 });
      } else if (params?.problem === 'floor' && params.id && params.level) {
        p.add('steps', params.withChildren ? 'risk.form.steps-floor-children' : 'risk.form.steps-floor', {
          step: label(`risk.step.${params.id}`),
          level: levelWords(params.level),
        });
      } else {
        p.add('steps', 'risk.form.steps-enter', {});
      }
    }
  }
  return p.empty ? { ok: true, value: parsed.data! } : p.result(undefined as never);
}

export function responseConfigValues(config: TieredResponseConfig): Record<string, unknown> {
  const values: Record<string, unknown> = { stepCount: String(config.steps.length + 1) };
  config.steps.forEach((step, i) => {
    values[`step-${i}-id`] = step.id;
    values[`step-${i}-label`] = step.label;
    values[`step-${i}-label-cy`] = step.labelCy ?? '';
    for (const level of step.levels) values[`step-${i}-level-${level}`] = 'yes';
    values[`step-${i}-children`] = step.onlyWhenChildrenInHousehold ? 'yes' : '';
  });
  return values;
}

export { raraCategories, safetyPlanTopics };
