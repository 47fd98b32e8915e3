import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import { signalsForm } from '../forms.ts';
import { administrators } from '../page-rules.ts';
import * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';

// Whether this partnership shares perpetrator alerts with other partnerships (administrators decide).

const signalsPage = async ({ db, actor, query }: PageContext<unknown>, form: Partial<FormErrors> = {}) =>
  view('people/views/perpetrator-signals.njk', {
    title: label('people.signals.title'),
    shares: await service.perpetratorSignalsSetting(db, actor),
    saved: query.saved,
    ...form,
  });

export const perpetratorSignals = definePage({
  path: '/admin/perpetrator-signals',
  access: administrators,
  get: (ctx) => signalsPage(ctx),
  post: {
    audit: { action: 'perpetrator-signals.update', subjectType: 'partnership', subjectId: (_p, a) => a.partnershipId },
    schema: signalsForm,
    invalid: (ctx, { errors, errorList }) => signalsPage(ctx, { errors, errorList }),
    handle: async ({ db, actor }, { shares }) => {
      await service.setPerpetratorSignalsSetting(db, actor, shares === 'yes');
      return redirect('/admin/perpetrator-signals?saved=1');
    },
  },
});
