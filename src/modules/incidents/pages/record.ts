import { z } from 'zod';
import { rolesOnly } from '../../../platform/access.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { problemPage, redirect, view } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { findForRecording, recordingFor } from '../for-viewer.ts';
import { recordFields, recordForm } from '../forms.ts';
import { label } from '../../../platform/language/index.ts';
import * as present from '../presenters/record.ts';
import * as service from '../service.ts';

// Recording one incident or contact as it happens, on a page: find the person the agency holds a
// record of, then one form. The criteria of the search go in a POST, so no personal data is in a URL.

const recorders = rolesOnly('practitioner', 'agency-lead');
const findForm = z.object({
  name: z.string().min(2, 'incidents.find.error.name').max(200, 'incidents.find.error.long'),
});

export const findForIncident = definePage({
  path: '/incidents/new',
  access: recorders,
  get: async () => view('incidents/views/find.njk', present.find()),
  post: {
    audit: { action: 'person.search', subjectType: 'person-search', subjectId: () => null },
    schema: findForm,
    invalid: async (_ctx, form) => view('incidents/views/find.njk', present.find(form)),
    handle: async ({ db, request }, v, values) => {
      const found = await findForRecording(db, viewerOf(request), {
        name: v.name,
        dateOfBirth: null,
        postcode: null,
        identifier: null,
      });
      return view('incidents/views/find.njk', present.find({ values }, found));
    },
  },
});

const formPage = async ({ db, request, actor, params }: PageContext<{ id: string }>, form?: Partial<FormErrors>) => {
  const recording = await recordingFor(db, viewerOf(request), params.id);
  if (!recording) return problemPage(label('incidents.record.title'), label('incidents.record.not-own'), 404);
  const kinds = await service.contactKinds(db, actor);
  return view('incidents/views/record.njk', present.recordForm(recording, kinds, form));
};

export const recordIncident = definePage({
  path: '/incidents/new/:id',
  access: recorders,
  params: z.object({ id: z.uuid() }),
  audit: { action: 'incident.new', subjectType: 'person' },
  get: (ctx) => formPage(ctx),
  post: {
    audit: { action: 'incident.record', subjectType: 'incident', subjectId: () => null },
    schema: recordForm,
    prepare: recordFields,
    invalid: (ctx, form) => formPage(ctx, form),
    handle: async (ctx, v, values) => {
      const outcome = await service.recordIncident(ctx.db, ctx.actor, {
        personId: ctx.params.id,
        role: v.role,
        others: v.others,
        contactType: v.kind,
        occurredOn: v.occurredOn,
        severity: v.severity,
        childrenPresent: v.childrenPresent === 'yes',
        narrative: v.narrative,
      });
      if (!outcome.ok) {
        if ('notOwn' in outcome)
          return problemPage(label('incidents.record.title'), label('incidents.record.not-own'), 404);
        const shown = await formPage(ctx, { values, ...problemErrors(outcome) });
        return shown.kind === 'view' ? { ...shown, status: 400 } : shown;
      }
      viewerOf(ctx.request).saw(outcome.personIds);
      return redirect(`/incidents/${outcome.id}?recorded=1`, { subjectId: outcome.id });
    },
  },
});
