import { definePage } from '../../../platform/pages/page.ts';
import { table } from '../../../platform/pages/results.ts';
import { TABLE_FORMATS } from '../../../platform/spreadsheet.ts';
import { everyone } from '../page-rules.ts';
import * as service from '../service.ts';
import { viewerOf } from '../viewer.ts';

/** The checklists this user may see, as a file; the audit event records how many rows it held. */
export const checklistExports = TABLE_FORMATS.map((format) =>
  definePage({
    path: `/exports/checklists.${format}`,
    access: everyone,
    audit: { action: 'export.checklists', subjectType: 'export' },
    get: async ({ db, actor, request }) => {
      const rows = await service.checklistExport(db, actor, viewerOf(request));
      return table(rows, { format, filename: 'checklists', sheet: 'Checklists', subjectId: String(rows.length - 1) });
    },
  }),
);
