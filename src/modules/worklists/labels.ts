import { label } from '../../platform/language/index.ts';
import type { ConcernDecision, ConcernLeadRule, WorklistKind } from './tables.ts';

// What the worklist pages call each kind, decision and rule, in the page's language (worklists.<group>.<value>).

const wordsFor = <K extends string>(group: string, values: readonly K[]) =>
  Object.fromEntries(values.map((v) => [v, label(`worklists.${group}.${v}`)])) as Record<K, string>;

const KINDS: readonly WorklistKind[] = [
  'incident-without-checklist',
  'referral-not-picked-up',
  'criterion-without-referral',
  'cumulative-concern',
  'plan-review-overdue',
  'marac-action-overdue',
];
export const DECISIONS: readonly ConcernDecision[] = [
  'managed-by-lead-agency',
  'referred-to-marac',
  'referred-to-service',
  'no-further-action',
];
const RULES: readonly ConcernLeadRule[] = ['most-incidents', 'latest-incident', 'named-agency'];

export const kindLabels = () => wordsFor('kind', KINDS);
export const decisionLabel = (decision: ConcernDecision) => label(`worklists.decision.${decision}`);
export const leadRuleLabels = () => wordsFor('lead-rule', RULES);
/** How long a kind of item took to answer, as the worklist's table names it. */
export const timeLabel = (kind: string) =>
  kind === 'incident-without-checklist' || kind === 'criterion-without-referral'
    ? label(`worklists.time.${kind}`)
    : kind;
