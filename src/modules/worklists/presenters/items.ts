import type { FormErrors } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import { decisionLabel, kindLabels, timeLabel } from '../labels.ts';
import type { WorklistItem } from '../service.ts';
import { CONCERN_DECISIONS } from '../tables.ts';

type Listed = { items: unknown[]; total: number };
type Times = { kind: string; raised: number; answered: number; median: number | null; p90: number | null }[];

/** Where an item's record is: the page that answers it. */
export function subjectLinks(item: Pick<WorklistItem, 'subject_type' | 'subject_id' | 'person_id'>) {
  const links: { href: string; text: string }[] = [];
  if (item.subject_type === 'referral')
    links.push({ href: `/referrals/${item.subject_id}`, text: label('worklists.link.referral') });
  if (item.subject_type === 'incident')
    links.push({ href: `/incidents/${item.subject_id}`, text: label('worklists.link.incident') });
  if (item.subject_type === 'assessment')
    links.push({ href: `/assessments/${item.subject_id}`, text: label('worklists.link.assessment') });
  if (item.subject_type === 'marac-action')
    links.push({ href: '/marac/actions', text: label('worklists.link.marac-actions') });
  if (item.person_id) links.push({ href: `/people/${item.person_id}`, text: label('worklists.link.person') });
  return links;
}

const hoursText = (h: number | null) =>
  h === null
    ? label('worklists.times.none')
    : h < 48
      ? label('worklists.times.hours', { count: Math.round(h) })
      : label('worklists.times.days', { count: Math.round(h / 24) });

export const worklist = (open: Listed, times: Times, query: { closed?: string }) => ({
  title: label('worklists.worklist.title'),
  section: 'worklist',
  ...open,
  kinds: kindLabels(),
  now: new Date(),
  closed: query.closed === '1',
  times: times.map((t) => ({
    label: timeLabel(t.kind),
    raised: t.raised,
    answered: t.answered,
    median: hoursText(t.median),
    p90: hoursText(t.p90),
  })),
});

export const itemPage = (item: WorklistItem, form?: FormErrors) => ({
  title: label('worklists.item.title'),
  section: 'worklist',
  item,
  kinds: kindLabels(),
  links: subjectLinks(item),
  isConcern: item.kind === 'cumulative-concern',
  decisionItems: CONCERN_DECISIONS.map((d) => ({
    value: d,
    text: decisionLabel(d),
    checked: form?.values.decision === d,
  })),
  decisionLabel: item.decision ? decisionLabel(item.decision) : null,
  now: new Date(),
  values: form?.values ?? {},
  errors: form?.errors ?? {},
  errorList: form?.errorList,
});
