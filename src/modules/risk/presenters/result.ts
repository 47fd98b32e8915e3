import type { FormErrors } from '../../../platform/pages/page.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import type { resultExtras } from '../checklist/extras.ts';
import type { risksFor, SharedChecklist } from '../for-viewer.ts';
import type { ChecklistInstrument } from '../instrument.ts';
import { label } from '../../../platform/language/index.ts';
import { CHILD_RATING_TAG, criterionLabel, LEVEL_TAG, levelWords, stepWords } from '../labels.ts';
import type * as service from '../service.ts';
import { labels } from './checklist.ts';
import { historyOf } from './history.ts';
import { recordedSentence } from './recorded.ts';

// The checklist's result -> the result page (in full) or the shared page (the parts of a lower level).
// Everything the page says is decided here; the template loops and calls macros. Dates go through the
// `date` filter, or its formatter where they sit inside a macro's text.

type Shared = Awaited<ReturnType<ReturnType<typeof risksFor>['result']>>;
type Extras = Awaited<ReturnType<typeof resultExtras>>;
type Row = service.AssessmentRow;
type Level = keyof typeof LEVEL_TAG;

const levelTag = (level: Level) => ({
  text: label(`risk.level.${level}`),
  classes: LEVEL_TAG[level],
  testid: 'risk-level',
});

const stepItems = (steps: Extras['stepRecords']) =>
  steps.map((s) => ({
    label: stepWords(s),
    tag: s.current
      ? {
          text: label(`risk.outcome.${s.current.outcome}`),
          classes: s.current.outcome === 'done' ? 'govuk-tag--green' : 'govuk-tag--grey',
        }
      : { text: label('risk.next-steps.outstanding'), classes: 'govuk-tag--yellow' },
    reason: s.current?.reason ?? null,
  }));

function householdRows(h: Extras['household']) {
  return [
    ...h.perpetrators.map((m) => ({
      key: { text: label('risk.relationship.perpetrator') },
      value: {
        text: m.date_of_birth
          ? label('risk.result.person-born', {
              name: `${m.given_name} ${m.family_name}`,
              date: formatDate(m.date_of_birth),
            })
          : `${m.given_name} ${m.family_name}`,
      },
    })),
    ...h.others.map((m) => ({
      key: { text: label('risk.relationship.other') },
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
          text: label(`risk.child-rating.${c.rating.overall}`),
          classes: CHILD_RATING_TAG[c.rating.overall as keyof typeof CHILD_RATING_TAG],
          testid: 'child-rating',
        }
      : { text: label('risk.children.not-rated'), classes: 'govuk-tag--yellow' },
    reasons: c.rating ? c.rating.reasons.map(recordedSentence).join(' ') : null,
    rate: ownAgency
      ? c.rating
        ? {
            href: `/assessments/${row.id}/children?child=${c.id}`,
            text: label('risk.children.rate-again'),
            hidden: label('risk.children.rate-hidden', { name: c.given_name }),
          }
        : {
            href: `/assessments/${row.id}/children?child=${c.id}`,
            text: label('risk.children.rate', { name: c.given_name }),
            hidden: '',
          }
      : null,
  }));

const planItem = (row: Row, path: string, title: string, plan: Extras['riskPlan'] | Extras['safetyPlan']) => ({
  href: `/assessments/${row.id}/${path}`,
  title,
  plan: plan
    ? {
        text: label('risk.result.plan', {
          version: plan.version,
          owner: plan.owner_agency,
          date: formatDate(plan.review_on),
        }),
        due: plan.dueForReview,
      }
    : null,
});

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
    title: label('risk.result.title'),
    row,
    referred: query.referred === '1',
    stepsSaved: query.saved === 'next-steps',
    levelTag: levelTag(level),
    summary: [
      {
        key: { text: label('risk.result.score') },
        value: { text: label('risk.result.score-value', { score: e.score, threshold: e.threshold }) },
      },
      {
        key: { text: label('risk.result.checklist') },
        value: { text: label('risk.result.checklist-value', { title: instrument.title, version: instrument.version }) },
      },
      {
        key: { text: label('risk.result.completed-by') },
        value: { text: `${row.agency_name}, ${formatDate(row.completed_on)}` },
      },
      {
        key: { text: label('risk.result.consent') },
        value: { text: row.consent_to_share ? label(`risk.consent.${row.consent_to_share}`) : '' },
      },
      {
        key: { text: label('risk.result.children') },
        value: { text: String(row.children_in_household) },
      },
    ],
    reasons: e.reasons.map(recordedSentence),
    criteria: e.criteria.map((c) => ({ label: criterionLabel(c.criterion), evidence: recordedSentence(c.evidence) })),
    referral: shared.referral,
    nextStepsHeading: label('risk.next-steps.title', { level: levelWords(level) }),
    steps: stepItems(extras.stepRecords),
    ownAgency: extras.ownAgency,
    householdRows: householdRows(extras.household),
    noOneRecorded: householdRows(extras.household).length === 0 && extras.household.children.length === 0,
    children: childItems(row, extras.household, extras.ownAgency),
    plans: [
      planItem(row, 'risk-management-plan', label('risk.risk-plan.title'), extras.riskPlan),
      planItem(row, 'safety-plan', label('risk.safety-plan.title'), extras.safetyPlan),
    ],
    history: historyOf(shared),
    ...form,
  };
};

export const shared = (shown: Row | SharedChecklist, level: string, parts: unknown) => ({
  title: label('risk.shared.page-title'),
  row: shown,
  level,
  parts,
  labels: labels(),
});
