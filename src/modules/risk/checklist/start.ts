import { formFields, validateForm } from '../../../platform/forms.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import { victimForm, victimFormInput } from '../forms.ts';
import { practitioners } from '../page-rules.ts';
import * as present from '../presenters/checklist.ts';
import * as service from '../service.ts';

// Starting a checklist: who the victim is, and which checklist is used.

export const startForm = definePage({
  path: '/assessments/new',
  access: practitioners,
  get: async ({ app }) => view('risk/views/start.njk', present.start(app.instruments, {})),
});

const NO_INSTRUMENT = 'risk.form.select-instrument';

export const startChecklist = definePage({
  path: '/assessments',
  access: practitioners,
  audit: { action: 'assessment.start', subjectType: 'assessment', subjectId: () => null },
  post: async ({ app, db, actor, request }) => {
    const values = formFields(request.body);
    const form = validateForm(victimForm, victimFormInput(values));
    const instrument = form.ok ? app.instruments.get(form.value.instrument) : undefined;
    if (!form.ok || !instrument || instrument.kind !== 'checklist') {
      const invalid = form.ok ? problemErrors({ problem: NO_INSTRUMENT, field: 'instrument' }) : form;
      return view('risk/views/start.njk', present.start(app.instruments, values, invalid), { status: 400 });
    }
    const id = await service.startAssessment(db, actor, instrument, form.value);
    return redirect(`/assessments/${id}/household`, { subjectId: id });
  },
});
