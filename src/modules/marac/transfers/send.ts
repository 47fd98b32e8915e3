import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { redirect } from '../../../platform/pages/results.ts';
import { casePage } from '../cases/cases.ts';
import * as f from '../forms.ts';
import { byId, coordinator } from '../page-rules.ts';
import * as service from '../service.ts';

// When a victim moves, the coordinator sends the case's transfer package to the new area's MARAC (from the case page).

export const transferCase = definePage({
  path: '/marac/cases/:id/transfer',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-case.transfer', subjectType: 'marac-case' },
  post: {
    schema: f.transferForm,
    invalid: (ctx, form) => casePage(ctx, form),
    handle: async (ctx, v, values) => {
      const outcome = await service.transferCase(ctx.db, ctx.actor, ctx.params.id, v.toPartnershipId);
      if (!outcome.ok) return casePage(ctx, { values, ...problemErrors(outcome) }, 400);
      return redirect('/marac/transfers?sent=1');
    },
  },
});
