import { label } from '../../../platform/language/index.ts';
import { formFields } from '../../../platform/forms.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { problemPage, redirect, view } from '../../../platform/pages/results.ts';
import { byId, caseworkers, recorders } from '../page-rules.ts';
import { responseLabels } from '../presenters/response.ts';
import {
  actionRows,
  parseRiskManagementPlan,
  parseSafetyPlan,
  riskPlanValues,
  safetyPlanValues,
} from '../response-forms.ts';
import * as response from '../response-service.ts';
import {
  actionsByCategory,
  raraCategories,
  safetyPlanTopics,
  type RiskManagementPlan,
  type SafetyPlan,
} from '../risk-plan.ts';
import type { PlanKind } from '../tables.ts';
import { canChange, isLoaded, loadChecklist, type Loaded } from './load.ts';

// The risk management plan and the safety plan: dated, owned, reviewable, versioned (never overwritten).

type Ctx = PageContext<{ id: string }>;
const PLAN_PAGES: Record<PlanKind, { path: string; title: string; template: string }> = {
  'risk-management': {
    path: 'risk-management-plan',
    title: 'risk.risk-plan.title',
    template: 'risk/views/risk-plan.njk',
  },
  safety: { path: 'safety-plan', title: 'risk.safety-plan.title', template: 'risk/views/safety-plan.njk' },
};

async function planPage(ctx: Ctx, kind: PlanKind, loaded: Loaded, form: Partial<FormErrors> | null) {
  const page = PLAN_PAGES[kind];
  const { row } = loaded;
  const versions = await response.planVersions<RiskManagementPlan | SafetyPlan>(ctx.db, ctx.actor, row.id, kind);
  const current = versions[0];
  const values =
    form?.values ??
    (kind === 'risk-management'
      ? riskPlanValues(current?.plan as RiskManagementPlan | undefined, current ? 1 : 3)
      : safetyPlanValues(current?.plan as SafetyPlan | undefined));
  if (!current && !values.ownerAgency) values.ownerAgency = row.agency_name;
  return view(
    page.template,
    {
      title: label(page.title),
      row: loaded.shown,
      versions,
      current,
      values,
      rows: actionRows(values),
      loadedVersion: current?.version ?? 0,
      agencies: await response.agencyNames(ctx.db, ctx.actor),
      labels: responseLabels(),
      categories: raraCategories,
      topics: safetyPlanTopics,
      grouped: current && kind === 'risk-management' ? actionsByCategory(current.plan as RiskManagementPlan) : null,
      saved: ctx.query.saved === '1' && current !== undefined,
      canEdit: canChange(ctx.actor, row),
      editing: ctx.query.edit === '1' || !current || form !== null,
      errors: form?.errors,
      errorList: form?.errorList,
    },
    { status: form?.errorList ? 400 : 200 },
  );
}

const planPages = (kind: PlanKind) => {
  const { path } = PLAN_PAGES[kind];
  const show = definePage({
    path: `/assessments/:id/${path}`,
    access: caseworkers,
    params: byId,
    audit: { action: `${kind}-plan.view`, subjectType: 'assessment' },
    get: async (ctx) => {
      const loaded = await loadChecklist(ctx, {
        completed: true,
        minimum: kind === 'safety' ? 'full' : 'shared-summary',
      });
      return isLoaded(loaded) ? planPage(ctx, kind, loaded, null) : loaded;
    },
  });
  const save = definePage({
    path: `/assessments/:id/${path}`,
    access: recorders,
    params: byId,
    audit: { action: `${kind}-plan.save`, subjectType: 'assessment' },
    post: async (ctx) => {
      const loaded = await loadChecklist(ctx, { write: true, completed: true });
      if (!isLoaded(loaded)) return loaded;
      const values = formFields(ctx.request.body);
      // Another action row asked for: the form again, one row longer, nothing saved.
      if (kind === 'risk-management' && values.action === 'add-row')
        return planPage(ctx, kind, loaded, { values: { ...values, rows: String(actionRows(values) + 1) } });
      const form = kind === 'risk-management' ? parseRiskManagementPlan(values) : parseSafetyPlan(values);
      if (!form.ok) return planPage(ctx, kind, loaded, { values, errors: form.errors, errorList: form.errorList });
      try {
        await response.savePlan(ctx.db, ctx.actor, loaded.row.id, kind, Number(values.loadedVersion) || 0, form.value);
      } catch (error) {
        if (!(error instanceof response.StaleError)) throw error;
        return problemPage(
          label('risk.stale.plan-title'),
          label('risk.stale.plan', { path: `/assessments/${loaded.row.id}/${path}` }),
        );
      }
      return redirect(`/assessments/${loaded.row.id}/${path}?saved=1`);
    },
  });
  return [show, save];
};

export const plans = [...planPages('risk-management'), ...planPages('safety')];
