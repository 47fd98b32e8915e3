import type { FormErrors } from '../../../platform/pages/page.ts';
import type { peopleFor } from '../for-viewer.ts';
import { COMPARISON_LABELS } from '../labels.ts';

// Possible matches -> the review queue and the page that compares two records.

type Queue = Awaited<ReturnType<ReturnType<typeof peopleFor>['matchQueue']>>;
type Match = NonNullable<Awaited<ReturnType<ReturnType<typeof peopleFor>['match']>>>;

export const queue = (links: Queue) => ({
  title: 'Possible matches to review',
  review: links.filter((l) => l.status === 'review'),
  suggested: links.filter((l) => l.status === 'suggested'),
});

/** The engine's evidence in full, each record at the viewer's sharing level. */
export const match = (found: Match, canDecide: boolean, form: Partial<FormErrors> = {}) => ({
  title: 'Are these the same person?',
  labels: COMPARISON_LABELS,
  ...found,
  canDecide,
  ...form,
});
