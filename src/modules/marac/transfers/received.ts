import { definePage } from '../../../platform/pages/page.ts';
import { notFound, problemPage, redirect, view } from '../../../platform/pages/results.ts';
import { byId, coordinator } from '../page-rules.ts';
import * as present from '../presenters/transfers.ts';
import * as service from '../service.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

// The transfers sent and received, and the receiving coordinator accepting a package into a case of their own.

export const transfers = definePage({
  path: '/marac/transfers',
  access: coordinator,
  audit: { action: 'marac-transfer.list', subjectType: 'marac-transfer' },
  get: async ({ db, request, query }) =>
    view(
      'marac/views/transfers.njk',
      present.transferList(await maracFor(db, viewerOf(request)).transfers(), query.sent),
    ),
});

export const transferReceived = definePage({
  path: '/marac/transfers/:id',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-transfer.view', subjectType: 'marac-transfer' },
  get: async ({ db, request, params }) => {
    const transfer = await maracFor(db, viewerOf(request)).getTransferIn(params.id);
    return transfer ? view('marac/views/transfer.njk', present.transferReceived(transfer)) : notFound();
  },
});

export const acceptTransfer = definePage({
  path: '/marac/transfers/:id/accept',
  access: coordinator,
  params: byId,
  audit: { action: 'marac-transfer.accept', subjectType: 'marac-transfer' },
  post: async ({ db, actor, request, params }) => {
    if (!(await maracFor(db, viewerOf(request)).getTransferIn(params.id))) return notFound();
    const outcome = await service.acceptTransfer(db, actor, params.id);
    if (!outcome.ok) return problemPage('marac.problem.transfer-not-accepted', outcome.problem);
    return redirect(`/marac/cases/${outcome.value}`);
  },
});
