import { currentLanguage, label } from '../../platform/language/index.ts';
import { planActionStatuses, raraCategories, safetyPlanTopics } from './risk-plan.ts';
import { defaultTieredResponse } from './tiered-response.ts';

// What the risk pages call each value, from the catalogue in the page's language (risk.<group>.<value>).
// Called while a page is built, so the words are those of that request's language.

const wordsFor = <K extends string>(group: string, values: readonly K[]) =>
  Object.fromEntries(values.map((v) => [v, label(`risk.${group}.${v}`)])) as Record<K, string>;

export const LEVELS = ['standard', 'medium', 'high'] as const;
export const LEVEL_TAG = { standard: 'govuk-tag--grey', medium: 'govuk-tag--yellow', high: 'govuk-tag--red' } as const;
export const CRITERIA = ['visible-high-risk', 'professional-judgement', 'potential-escalation', 'repeat'] as const;
export const CONSENTS = ['given', 'refused', 'not-asked'] as const;
export const OUTCOMES = ['done', 'declined', 'not-applicable'] as const;
export const RELATIONSHIPS = ['perpetrator', 'child', 'other'] as const;
export const CHILD_RATING_TAG = {
  low: 'govuk-tag--grey',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  severe: 'govuk-tag--red',
} as const;

export const levelLabels = () => wordsFor('level', LEVELS);
/** A level inside a sentence ("Northshire Police, medium"). */
export const levelWords = (level: string | null) => (level ? label(`risk.level.${level}`).toLowerCase() : '');
export const criterionLabel = (criterion: string) =>
  (CRITERIA as readonly string[]).includes(criterion) ? label(`risk.criterion.${criterion}`) : criterion;
export const consentLabels = () => wordsFor('consent', CONSENTS);
export const outcomeLabels = () => wordsFor('outcome', OUTCOMES);
export const relationshipLabels = () => wordsFor('relationship', RELATIONSHIPS);
export const raraLabels = () => wordsFor('rara', raraCategories);
export const statusLabels = () => wordsFor('plan-status', planActionStatuses);
export const safetyTopicLabels = () => wordsFor('safety-topic', safetyPlanTopics);
export const criterionLabels = () => wordsFor('criterion', CRITERIA);

/**
 * A next step's words. A step still worded as the default minimum response is shown in the page's language from
 * the catalogue (risk.step.<id>); a step the partnership worded itself is kept as written, in Welsh on a Welsh
 * page when the partnership gave a Welsh wording too.
 */
export function stepWords(step: { id: string; label: string; labelCy?: string }): string {
  const standard = defaultTieredResponse.steps.find((s) => s.id === step.id);
  if (standard && standard.label === step.label) return label(`risk.step.${step.id}`);
  return currentLanguage() === 'cy' && step.labelCy ? step.labelCy : step.label;
}
