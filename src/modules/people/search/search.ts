import { definePage, type FormErrors } from '../../../platform/pages/page.ts';
import { view } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { peopleFor } from '../for-viewer.ts';
import { searchFields, searchForm } from '../forms.ts';
import { caseWorkers } from '../page-rules.ts';
import * as present from '../presenters/search.ts';

// Finding a person. The criteria go in a POST, so no personal data is ever in a URL.

const searchPage = (form: Partial<FormErrors> = {}) => view('people/views/search.njk', present.search(form));

export const findPerson = definePage({
  path: '/people/search',
  access: caseWorkers,
  get: async () => searchPage(),
  post: {
    audit: { action: 'person.search', subjectType: 'person-search', subjectId: () => null },
    schema: searchForm,
    prepare: searchFields,
    invalid: async (_ctx, form) => searchPage(form),
    handle: async ({ db, request }, criteria, values) => {
      // Need to know: the service gives each result at this user's level (at signpost, only the holding agency).
      const results = await peopleFor(db, viewerOf(request)).search(criteria);
      return view('people/views/search.njk', present.results(values, results));
    },
  },
});
