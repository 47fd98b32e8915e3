import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, refused, view, type PageResult } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import { forAttendee } from '../meetings/attended.ts';
import { everyone, meetingCase, NOT_ATTENDING } from '../page-rules.ts';
import { viewerOf } from '../../access/service.ts';
import * as present from '../presenters/research.ts';
import * as service from '../service.ts';

// Before the meeting, each attending agency records what it knows about a case on the agenda (or "no trace").

type Ctx = PageContext<{ id: string; caseId: string }>;

const researchPage = (ctx: Ctx, form?: Partial<FormErrors>): Promise<PageResult> =>
  forAttendee(ctx, (meeting) => {
    const listed = meeting.cases.find((c) => c.case_id === ctx.params.caseId);
    if (!listed || !meeting.agencies.some((a) => a.id === ctx.actor.agencyId)) return notFound();
    // A page about one listed case shows nothing of the others on the agenda: the read is about that case's person only.
    const viewer = viewerOf(ctx.request);
    viewer.take();
    viewer.saw([listed.person_id]);
    return view('marac/views/research.njk', present.researchForm(meeting, listed, ctx.actor, form));
  });

export const research = definePage({
  path: '/marac/meetings/:id/cases/:caseId/research',
  access: everyone,
  params: meetingCase,
  // Reading: the meeting's agenda entry (the meeting is the subject); recording: the case.
  audit: { action: 'marac-research.view', subjectType: 'marac-meeting' },
  get: (ctx) => researchPage(ctx),
  post: {
    audit: { action: 'marac-research.record', subjectType: 'marac-case', subjectId: (p) => p.caseId },
    schema: f.researchForm,
    invalid: (ctx, form) => researchPage(ctx, form),
    handle: async ({ db, actor, params }, v) => {
      const outcome = await service.recordResearch(db, actor, params.id, params.caseId, {
        noTrace: v.noTrace === 'yes',
        victim: v.victim || null,
        perpetrator: v.perpetrator || null,
        children: v.children || null,
      });
      if (!outcome.ok) return refused(NOT_ATTENDING);
      return redirect(`/marac/meetings/${params.id}?researched=1`);
    },
  },
});
