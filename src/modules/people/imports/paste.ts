import { formFields } from '../../../platform/forms.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { notFound, redirect, view } from '../../../platform/pages/results.ts';
import { importRun, IMPORT_WAIT_ROWS } from '../import-runs.ts';
import { csvToIncidents } from '../import-schema.ts';
import { importInBackground } from '../jobs.ts';
import { byId, importers } from '../page-rules.ts';
import * as present from '../presenters/imports.ts';
import * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';

// Incidents pasted as CSV by a practitioner: imported while they wait, or in the background when large.

export const importForm = definePage({
  path: '/people/import',
  access: importers,
  get: async () => view('people/views/import.njk', present.importForm({})),
});

export const importIncidents = definePage({
  path: '/people/import',
  access: importers,
  audit: { action: 'incident.import', subjectType: 'import', subjectId: () => null },
  post: async ({ app, actor, db, request }) => {
    const values = formFields(request.body);
    const parsed = csvToIncidents(typeof values.csv === 'string' ? values.csv : '');
    if (!parsed.ok) return view('people/views/import.njk', present.importForm(values, parsed.problem), { status: 400 });
    if (parsed.rows.length > IMPORT_WAIT_ROWS) {
      const id = await importInBackground(app, actor, 'user', parsed.rows);
      return redirect(`/people/imports/${id}`, { subjectId: id });
    }
    const report = await service.importIncidents(db, actor, parsed.rows);
    return view('people/views/import-report.njk', { title: label('people.import.report-title'), report });
  },
});

// No script: the page says how far the import has got and offers to check again, so it never refreshes under a screen reader.
export const importProgress = definePage({
  path: '/people/imports/:id',
  access: importers,
  params: byId,
  get: async ({ db, actor, params }) => {
    const run = await importRun(db, actor, params.id);
    return run ? view('people/views/import-run.njk', present.importRun(run)) : notFound();
  },
});
