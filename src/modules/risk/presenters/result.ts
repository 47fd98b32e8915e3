import type { FormErrors } from '../../../platform/pages/page.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import type { resultExtras } from '../checklist/extras.ts';
import type { risksFor, SharedChecklist } from '../for-viewer.ts';
import type { ChecklistInstrument } from '../instrument.ts';
import {
  CHILD_RATING_TAG,
  CONSENT_LABELS,
  CRITERION_LABELS,
  LEVEL_LABELS,
  LEVEL_TAG,
  OUTCOME_LABELS,
  RELATIONSHIP_LABELS,
} from '../labels.ts';
import type * as service from '../service.ts';
import { labels } from './checklist.ts';

// The checklist's result -> the result page (in full) or the shared page (the parts of a lower level).
// Everything the page says is decided here; the template loops and calls macros. Dates go through the
// `date` filter, or its formatter where they sit inside a macro's text.

type Shared = Awaited<ReturnType<ReturnType<typeof risksFor>['result']>>;
type Extras = Awaited<ReturnType<typeof resultExtras>>;
type Row = service.AssessmentRow;
type Level = keyof typeof LEVEL_LABELS;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();

const levelTag = (level: Level) => ({ text: LEVEL_LABELS[level], classes: LEVEL_TAG[level], testid: 'risk-level' });

const stepItems = (steps: Extras['stepRecords']) =>
  steps.map((s) => ({
    label: s.label,
    tag: s.current
      ? {
          text: OUTCOME_LABELS[s.current.outcome as keyof typeof OUTCOME_LABELS],
          classes: s.current.outcome === 'done' ? 'govuk-tag--green' : 'govuk-tag--grey',
        }
      : { text: 'Outstanding', classes: 'govuk-tag--yellow' },
    reason: s.current?.reason ?? null,
  }));

function householdRows(h: Extras['household']) {
  return [
    ...h.perpetrators.map((m) => ({
      key: { text: RELATIONSHIP_LABELS.perpetrator },
      value: {
        text: `${m.given_name} ${m.family_name}${m.date_of_birth ? `, born ${formatDate(m.date_of_birth)}` : ''}`,
      },
    })),
    ...h.others.map((m) => ({
      key: { text: RELATIONSHIP_LABELS.other },
      value: {
        text: [m.given_name, m.family_name].filter(Boolean).join(' ') + (m.description ? ` (${m.description})` : ''),
      },
    })),
  ];
}

const childItems = (row: Row, h: Extras['household'], ownAgency: boolean) =>
  h.children.map((c) => ({
    name: c.given_name,
    born: c.date_of_birth,
    tag: c.rating
      ? {
          text: capitalise(c.rating.overall),
          classes: CHILD_RATING_TAG[c.rating.overall as keyof typeof CHILD_RATING_TAG],
          testid: 'child-rating',
        }
      : { text: 'Not rated yet', classes: 'govuk-tag--yellow' },
    reasons: c.rating ? c.rating.reasons.join(' ') : null,
    rate: ownAgency
      ? c.rating
        ? {
            href: `/assessments/${row.id}/children?child=${c.id}`,
            text: 'Rate again',
            hidden: ` the risk to ${c.given_name}`,
          }
        : {
            href: `/assessments/${row.id}/children?child=${c.id}`,
            text: `Rate the risk to ${c.given_name}`,
            hidden: '',
          }
      : null,
  }));

const planItem = (row: Row, path: string, title: string, plan: Extras['riskPlan'] | Extras['safetyPlan']) => ({
  href: `/assessments/${row.id}/${path}`,
  title,
  plan: plan
    ? { version: plan.version, owner: plan.owner_agency, reviewOn: plan.review_on, due: plan.dueForReview }
    : null,
});

function scoreChange(change: number | null) {
  if (!change) return 'unchanged';
  return change > 0 ? `up ${change}` : `down ${-change}`;
}

const withheldText = (w: Shared['historyWithheld'][number]) =>
  [
    w.checklists ? plural(w.checklists, 'earlier checklist') : null,
    w.incidents ? plural(w.incidents, 'incident') : null,
  ]
    .filter(Boolean)
    .join(' and ');

function history(shared: Shared) {
  const h = shared.evaluation.history;
  return {
    warnings: h.warnings,
    previous: h.previous ? { on: h.previous.completedOn, inFull: shared.previousInFull } : null,
    scoreChange: scoreChange(h.scoreChange),
    newlyPresent: h.factorsNewlyPresent,
    earlier: shared.earlier.map((e) => ({
      on: e.completed_on,
      text: `${e.agency_name}${e.score != null ? `, score ${e.score}` : ''}, ${LEVEL_LABELS[e.level as Level].toLowerCase()}`,
      possibleMatch: Boolean(e.possibleMatch),
    })),
    incidents: shared.incidents.map((i) => ({
      on: i.occurred_on,
      text: `${i.kind} (${i.agency_name}${i.police_recorded ? ', police recorded' : ''})`,
      possibleMatch: Boolean(i.possibleMatch),
    })),
    withheld: shared.historyWithheld.map((w) => ({ agencyName: w.agencyName, holds: withheldText(w) })),
    anyPossibleMatch: shared.earlier.some((e) => e.possibleMatch) || shared.incidents.some((i) => i.possibleMatch),
  };
}

export const result = (
  row: Row,
  instrument: ChecklistInstrument,
  shared: Shared,
  extras: Extras,
  query: Record<string, string | undefined>,
  form: Partial<FormErrors> = {},
) => {
  const e = shared.evaluation;
  const level = e.level as Level;
  return {
    title: 'Risk checklist result',
    row,
    referred: query.referred === '1',
    stepsSaved: query.saved === 'next-steps',
    levelTag: levelTag(level),
    summary: [
      { key: { text: 'Score' }, value: { text: `${e.score} (MARAC threshold ${e.threshold})` } },
      { key: { text: 'Checklist' }, value: { text: `${instrument.title} (version ${instrument.version})` } },
      { key: { text: 'Completed by' }, value: { text: `${row.agency_name}, ${formatDate(row.completed_on)}` } },
      {
        key: { text: 'Consent to share' },
        value: { text: CONSENT_LABELS[row.consent_to_share as keyof typeof CONSENT_LABELS] },
      },
      { key: { text: 'Children in the household' }, value: { text: String(row.children_in_household) } },
    ],
    reasons: e.reasons,
    criteria: e.criteria.map((c) => ({ label: CRITERION_LABELS[c.criterion] ?? c.criterion, evidence: c.evidence })),
    referral: shared.referral,
    nextStepsHeading: `Next steps for ${LEVEL_LABELS[level].toLowerCase()} risk`,
    steps: stepItems(extras.stepRecords),
    ownAgency: extras.ownAgency,
    householdRows: householdRows(extras.household),
    noOneRecorded: householdRows(extras.household).length === 0 && extras.household.children.length === 0,
    children: childItems(row, extras.household, extras.ownAgency),
    plans: [
      planItem(row, 'risk-management-plan', 'Risk management plan', extras.riskPlan),
      planItem(row, 'safety-plan', 'Safety plan', extras.safetyPlan),
    ],
    history: history(shared),
    ...form,
  };
};

export const shared = (shown: Row | SharedChecklist, level: string, parts: unknown) => ({
  title: 'Risk checklist',
  row: shown,
  level,
  parts,
  labels,
});
