import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { notFound, redirect } from '../../../platform/pages/results.ts';
import * as f from '../forms.ts';
import { coordinatorOrChair, meetingCase } from '../page-rules.ts';
import * as service from '../service.ts';
import { chairPage } from './chair.ts';

// At the meeting, the chair (or coordinator) records the information shared and the decisions, and adds actions.

const base = `/marac/meetings/:id/cases/:caseId`;
const back = (p: { id: string; caseId: string }, flag: string) => `/marac/meetings/${p.id}/cases/${p.caseId}?${flag}=1`;

export const recordDiscussion = definePage({
  path: `${base}/discussion`,
  access: coordinatorOrChair,
  params: meetingCase,
  audit: { action: 'marac-case.discussion', subjectType: 'marac-case', subjectId: (p) => p.caseId },
  post: {
    schema: f.discussionForm,
    invalid: (ctx, form) => chairPage(ctx, form),
    handle: async ({ db, actor, params }, v) => {
      const outcome = await service.recordDiscussion(db, actor, params.id, params.caseId, {
        informationShared: v.informationShared || null,
        decisions: v.decisions || null,
      });
      return outcome.ok ? redirect(back(params, 'saved')) : notFound();
    },
  },
});

export const addAction = definePage({
  path: `${base}/actions`,
  access: coordinatorOrChair,
  params: meetingCase,
  audit: { action: 'marac-action.create', subjectType: 'marac-case', subjectId: (p) => p.caseId },
  post: {
    schema: f.actionForm,
    prepare: (fields) => ({ ...fields, dueOn: f.dateInput(fields, 'dueOn') }),
    invalid: (ctx, { values, ...problems }) => chairPage(ctx, { actionValues: values, ...problems }),
    handle: async (ctx, v, values) => {
      const outcome = await service.addAction(ctx.db, ctx.actor, ctx.params.id, ctx.params.caseId, v);
      if (!outcome.ok) return chairPage(ctx, { actionValues: values, ...problemErrors(outcome) }, 400);
      return redirect(back(ctx.params, 'action'));
    },
  },
});
