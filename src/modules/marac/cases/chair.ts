import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, view, type PageResult } from '../../../platform/pages/results.ts';
import { coordinatorOrChair, meetingCase } from '../page-rules.ts';
import * as present from '../presenters/cases.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

// At the meeting: the chair's view of one case (its chronology, each agency's research, every action on it).

export type CaseAtMeeting = PageContext<{ id: string; caseId: string }>;

export async function chairPage(
  { db, request, params }: CaseAtMeeting,
  forms?: present.ChairForms,
  status = 200,
): Promise<PageResult> {
  const chair = await maracFor(db, viewerOf(request)).chairView(params.id, params.caseId);
  return chair ? view('marac/views/chair.njk', present.chairView(chair, forms), { status }) : notFound();
}

export const chairView = definePage({
  path: '/marac/meetings/:id/cases/:caseId',
  access: coordinatorOrChair,
  params: meetingCase,
  // The case is the subject, not the meeting: it is the victim's record being read.
  audit: { action: 'marac-case.chair-view', subjectType: 'marac-case', subjectId: (p) => p.caseId },
  get: (ctx) => chairPage(ctx),
});
