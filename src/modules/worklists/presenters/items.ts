import type { FormErrors } from '../../../platform/pages/page.ts';
import { DECISION_LABELS, KIND_LABELS, TIME_LABELS } from '../labels.ts';
import type { WorklistItem } from '../service.ts';
import { CONCERN_DECISIONS } from '../tables.ts';

type Listed = { items: unknown[]; total: number };
type Times = { kind: string; raised: number; answered: number; median: number | null; p90: number | null }[];

/** Where an item's record is: the page that answers it. */
export function subjectLinks(item: Pick<WorklistItem, 'subject_type' | 'subject_id' | 'person_id'>) {
  const links: { href: string; text: string }[] = [];
  if (item.subject_type === 'referral') links.push({ href: `/referrals/${item.subject_id}`, text: 'The referral' });
  if (item.subject_type === 'incident')
    links.push({ href: `/incidents/${item.subject_id}`, text: 'The incident or contact' });
  if (item.subject_type === 'assessment')
    links.push({ href: `/assessments/${item.subject_id}`, text: 'The risk checklist' });
  if (item.subject_type === 'marac-action') links.push({ href: '/marac/actions', text: 'Your agency’s MARAC actions' });
  if (item.person_id) links.push({ href: `/people/${item.person_id}`, text: 'The person’s whole picture' });
  return links;
}

const hoursText = (h: number | null) =>
  h === null ? 'None yet' : h < 48 ? `${Math.round(h)} hours` : `${Math.round(h / 24)} days`;

export const worklist = (open: Listed, times: Times, query: { closed?: string }) => ({
  title: 'Worklist',
  section: 'worklist',
  ...open,
  kinds: KIND_LABELS,
  now: new Date(),
  closed: query.closed === '1',
  times: times.map((t) => ({
    label: TIME_LABELS[t.kind] ?? t.kind,
    raised: t.raised,
    answered: t.answered,
    median: hoursText(t.median),
    p90: hoursText(t.p90),
  })),
});

export const itemPage = (item: WorklistItem, form?: FormErrors) => ({
  title: 'Worklist item',
  section: 'worklist',
  item,
  kinds: KIND_LABELS,
  links: subjectLinks(item),
  isConcern: item.kind === 'cumulative-concern',
  decisionItems: CONCERN_DECISIONS.map((d) => ({
    value: d,
    text: DECISION_LABELS[d],
    checked: form?.values.decision === d,
  })),
  decisionLabel: item.decision ? DECISION_LABELS[item.decision] : null,
  now: new Date(),
  values: form?.values ?? {},
  errors: form?.errors ?? {},
  errorList: form?.errorList,
});
