import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, table, view } from '../../../platform/pages/results.ts';
import { TABLE_FORMATS } from '../../../platform/spreadsheet.ts';
import * as f from '../forms.ts';
import { coordinator, returnReaders } from '../page-rules.ts';
import * as present from '../presenters/return.ts';
import { quarterOf, returnSpreadsheet } from '../rules.ts';
import * as service from '../service.ts';

// The quarterly data return for the partnership, as a page and as CSV and XLSX; the coordinator enters the area's population beside it.

const partnership = {
  subjectType: 'partnership',
  subjectId: (_params: unknown, actor: { partnershipId: string }) => actor.partnershipId,
};

/** The quarter asked for, or the current one. */
const quarterFrom = (query: PageContext<unknown>['query']) => {
  const q = f.quarterQuery.safeParse(query);
  return q.success ? q.data : quarterOf(new Date().toISOString().slice(0, 10));
};

const returnPage = async ({ db, actor, query }: PageContext<unknown>, form?: Partial<FormErrors>) =>
  view(
    'marac/views/return.njk',
    present.quarterlyReturn(await service.computeReturn(db, actor, quarterFrom(query)), actor, form),
  );

export const quarterlyReturn = definePage({
  path: '/marac/return',
  access: returnReaders,
  audit: { action: 'marac-return.view', ...partnership },
  get: (ctx) => returnPage(ctx),
});

export const returnExports = TABLE_FORMATS.map((format) =>
  definePage({
    path: `/marac/return.${format}`,
    access: returnReaders,
    audit: { action: 'marac-return.export', ...partnership },
    get: async ({ db, actor, query }) => {
      const quarter = quarterFrom(query);
      const data = await service.computeReturn(db, actor, quarter);
      return table(returnSpreadsheet(data, data.rows), {
        format,
        filename: present.exportName(quarter),
        sheet: 'MARAC return',
      });
    },
  }),
);

export const areaPopulation = definePage({
  path: '/marac/population',
  access: coordinator,
  audit: { action: 'marac-population.update', ...partnership },
  post: {
    schema: f.populationForm,
    invalid: (ctx, form) => returnPage(ctx, form),
    handle: async ({ db, actor }, v) => {
      await service.setPopulation(db, actor, { adultWomen: v.adultWomen, bmePercent: v.bmePercent });
      return redirect('/marac/return');
    },
  },
});
