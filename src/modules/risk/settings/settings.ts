import { label } from '../../../platform/language/index.ts';
import { formFields } from '../../../platform/forms.ts';
import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { problemPage, redirect, view } from '../../../platform/pages/results.ts';
import { administrators } from '../page-rules.ts';
import { responseLabels } from '../presenters/response.ts';
import { parseResponseConfig, responseConfigValues } from '../response-forms.ts';
import * as response from '../response-service.ts';
import { riskLevels } from '../scoring.ts';

// The partnership's risk response settings: the escalation threshold and the minimum response at each level.

type Forms = Partial<FormErrors> & { thresholdValues?: Record<string, unknown> };
const partnership = {
  subjectType: 'partnership',
  subjectId: (_p: unknown, a: { partnershipId: string }) => a.partnershipId,
};

async function settingsPage({ db, actor, query }: PageContext<unknown>, forms: Forms = {}) {
  const settings = await response.responseSettings(db, actor);
  return view(
    'risk/views/risk-settings.njk',
    {
      title: label('risk.settings.title'),
      section: 'risk-settings',
      settings,
      levels: riskLevels,
      labels: responseLabels(),
      values: responseConfigValues(settings.config),
      thresholdValues: { escalationThreshold: String(settings.escalationThreshold) },
      saved: query.saved,
      ...forms,
    },
    { status: forms.errorList ? 400 : 200 },
  );
}

export const riskSettings = definePage({
  path: '/admin/risk-settings',
  access: administrators,
  get: (ctx) => settingsPage(ctx),
});

const THRESHOLD = 'risk.form.threshold';

export const escalationThreshold = definePage({
  path: '/admin/risk-settings/escalation',
  access: administrators,
  audit: { action: 'escalation-threshold.update', ...partnership },
  post: async (ctx) => {
    const values = formFields(ctx.request.body);
    const text = String(values.escalationThreshold ?? '');
    const threshold = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    if (!(threshold >= 1 && threshold <= 50))
      return settingsPage(ctx, {
        thresholdValues: values,
        ...problemErrors({ field: 'escalationThreshold', problem: THRESHOLD }),
      });
    await response.saveEscalationThreshold(ctx.db, ctx.actor, threshold);
    return redirect('/admin/risk-settings?saved=threshold');
  },
});

export const minimumResponse = definePage({
  path: '/admin/risk-settings/response',
  access: administrators,
  audit: { action: 'tiered-response.update', ...partnership },
  post: async (ctx) => {
    const values = formFields(ctx.request.body);
    const form = parseResponseConfig(values);
    if (!form.ok) return settingsPage(ctx, { values, errors: form.errors, errorList: form.errorList });
    try {
      await response.saveResponseConfig(ctx.db, ctx.actor, Number(values.version) || 0, form.value);
    } catch (error) {
      if (!(error instanceof response.StaleError)) throw error;
      return problemPage(label('risk.stale.settings-title'), label('risk.stale.settings'));
    }
    return redirect('/admin/risk-settings?saved=response');
  },
});
