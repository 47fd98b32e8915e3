import type { FormErrors } from '../../../platform/pages/page.ts';
import type { peopleFor } from '../for-viewer.ts';
import { label } from '../../../platform/language/index.ts';

// Search -> what the search page shows: the form (with its answers and problems) and the people found.

type Results = Awaited<ReturnType<ReturnType<typeof peopleFor>['search']>>;

export const search = (form: Partial<FormErrors> = {}) => ({
  title: label('people.search.title'),
  values: {},
  ...form,
});

export const results = (values: Record<string, unknown>, found: Results) => ({
  title: label('people.search.title'),
  values,
  results: found,
  searched: true,
  // At signpost level a result names only the agency that holds it.
  signposted: found.some((r) => !r.name),
});
