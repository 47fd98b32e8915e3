import { definePage } from '../../../platform/pages/page.ts';
import { notFound, table, view } from '../../../platform/pages/results.ts';
import { TABLE_FORMATS } from '../../../platform/spreadsheet.ts';
import { byId, leads } from '../page-rules.ts';
import * as present from '../presenters/access-log.ts';
import * as service from '../service.ts';

// Who has looked at a person's records (agency leads), and the same as a file for a subject access request.

export const accessLog = definePage({
  path: '/access-log/:id',
  access: leads,
  params: byId,
  audit: { action: 'access-log.view', subjectType: 'person' },
  get: async ({ db, actor, params }) => {
    const events = await service.accessLog(db, actor, params.id);
    return events ? view('access/views/access-log.njk', present.accessLog(params.id, events)) : notFound();
  },
});

/** The report has no other person's details in it. */
export const accessReports = TABLE_FORMATS.map((format) =>
  definePage({
    path: `/access-log/:id/report.${format}`,
    access: leads,
    params: byId,
    audit: { action: 'access-log.export', subjectType: 'person' },
    get: async ({ db, actor, params }) => {
      const events = await service.accessLog(db, actor, params.id);
      if (!events) return notFound();
      return table(present.accessReport(events), { format, filename: 'access-report', sheet: 'Access report' });
    },
  }),
);

export const readingAlerts = definePage({
  path: '/access-alerts',
  access: leads,
  get: async ({ db, actor }) => view('access/views/alerts.njk', present.alerts(await service.readingAlerts(db, actor))),
});
