import type { Access } from '../../../platform/access.ts';
import { rolesOnly } from '../../../platform/access.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import * as present from '../presenters/handover.ts';
import * as service from '../service.ts';

// A worker's open work handed over to a colleague in the same agency, with a note: by the worker
// (/handover), their agency's lead, or the administrator (sent here when deactivating a user who still
// owns work). Who may is checked again by the database function that moves the work.

type Ctx = PageContext<{ id?: string }>;
const userOf = (ctx: Ctx) => ctx.params.id ?? ctx.actor.userId;

function handoverPage(path: string, access: Access, params?: typeof f.byId) {
  const here = (ctx: Ctx) => path.replace(':id', userOf(ctx));
  const page = async (ctx: Ctx, form?: Partial<FormErrors>, status = 200) => {
    const found = await service.handoverPage(ctx.db, ctx.actor, userOf(ctx));
    if (!found) return notFound();
    const options = {
      deactivating: ctx.query.deactivating === '1',
      done: ctx.query.done === '1',
      userId: userOf(ctx),
      self: !ctx.params.id,
    };
    return view('handover/views/handover.njk', present.handoverPage(found, options, form), { status });
  };
  return definePage({
    path,
    access,
    ...(params ? { params } : {}),
    audit: { action: 'handover.view', subjectType: 'user', subjectId: (_p, actor) => _p.id ?? actor.userId },
    get: (ctx: Ctx) => page(ctx),
    post: {
      audit: { action: 'handover.make', subjectType: 'user', subjectId: (_p, actor) => _p.id ?? actor.userId },
      schema: f.handoverForm,
      invalid: (ctx: Ctx, form) => page(ctx, form),
      handle: async (ctx: Ctx, v, values) => {
        const outcome = await service.handOver(ctx.db, ctx.actor, userOf(ctx), v.toUserId, v.note);
        if (!outcome.ok) {
          if (!(await service.openWorkOf(ctx.db, ctx.actor, userOf(ctx)))) return notFound();
          return page(ctx, { values, ...problemErrors({ ...outcome.problem, problem: outcome.problem.text }) }, 400);
        }
        return redirect(`${here(ctx)}?done=1${ctx.query.deactivating === '1' ? '&deactivating=1' : ''}`);
      },
    },
  });
}

export const ownHandover = handoverPage('/handover', rolesOnly('practitioner', 'agency-lead'));
export const leadHandover = handoverPage('/handover/users/:id', rolesOnly('agency-lead'), f.byId);
export const adminHandover = handoverPage('/admin/users/:id/handover', rolesOnly('administrator'), f.byId);
