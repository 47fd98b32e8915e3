import { label } from '../../../platform/language/index.ts';
import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { closeForm } from '../forms.ts';
import { byId, workers } from '../page-rules.ts';
import * as present from '../presenters/items.ts';
import * as service from '../service.ts';

// The worklist: the user's own and the agency's open items (the coordinator's list for the MARAC
// coordinator); one item; closing it with an outcome (and a decision, for cumulative concern).

export const worklist = definePage({
  path: '/worklist',
  access: workers,
  audit: { action: 'worklist.list', subjectType: 'worklist-item', subjectId: () => null },
  get: async ({ db, actor, query }) =>
    view(
      'worklists/views/worklist.njk',
      present.worklist(await service.openItems(db, actor, 200), await service.answerTimes(db, actor), query),
    ),
});

const shown = async (ctx: PageContext<{ id: string }>) => service.getItem(ctx.db, viewerOf(ctx.request), ctx.params.id);

export const item = definePage({
  path: '/worklist/:id',
  access: workers,
  params: byId,
  audit: { action: 'worklist.view', subjectType: 'worklist-item' },
  get: async (ctx) => {
    const found = await shown(ctx);
    return found ? view('worklists/views/item.njk', present.itemPage(found)) : notFound();
  },
});

export const closeItem = definePage({
  path: '/worklist/:id/close',
  access: workers,
  params: byId,
  audit: { action: 'worklist.close', subjectType: 'worklist-item' },
  post: {
    schema: closeForm,
    invalid: async (ctx, form) => {
      const found = await shown(ctx);
      return found ? view('worklists/views/item.njk', present.itemPage(found, form), { status: 400 }) : notFound();
    },
    handle: async (ctx, v, fields) => {
      const found = await shown(ctx);
      if (!found) return notFound();
      const outcome = await service.closeItem(ctx.db, ctx.actor, found, v.outcome, v.decision ?? null);
      if (outcome === 'closed') return redirect('/worklist?closed=1');
      const [field, message, status] =
        outcome === 'decision-needed'
          ? ['decision', label('worklists.form.decision-needed'), 400]
          : ['outcome', label('worklists.form.already-closed'), 409];
      return view(
        'worklists/views/item.njk',
        present.itemPage(found, {
          values: fields,
          errors: { [field]: { text: message } },
          errorList: [{ text: message, href: `#${field}` }],
        }),
        { status },
      );
    },
  },
});
