import type { FormErrors } from '../../../platform/pages/page.ts';
import type { peopleFor } from '../for-viewer.ts';
import { label } from '../../../platform/language/index.ts';

// Possible matches -> the review queue and the page that compares two records.

type Queue = Awaited<ReturnType<ReturnType<typeof peopleFor>['matchQueue']>>;
type Match = NonNullable<Awaited<ReturnType<ReturnType<typeof peopleFor>['match']>>>;

export const queue = (links: Queue) => ({
  title: label('people.matches.title'),
  review: links.filter((l) => l.status === 'review'),
  suggested: links.filter((l) => l.status === 'suggested'),
});

/** The engine's evidence in full, each record at the viewer's sharing level. */
export const match = (found: Match, canDecide: boolean, form: Partial<FormErrors> = {}) => ({
  title: label('people.match.title'),
  ...found,
  canDecide,
  ...form,
});
