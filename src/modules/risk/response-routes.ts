import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rolesOnly } from '../../platform/access.ts';
import { viewerOf } from '../access/service.ts';
import { risksFor, type SharedChecklist } from './for-viewer.ts';
import { formFields } from '../../platform/forms.ts';
import { childRatings } from './instrument.ts';
import { riskLevels } from './scoring.ts';
import {
  actionsByCategory,
  raraCategories,
  safetyPlanTopics,
  type RiskManagementPlan,
  type SafetyPlan,
} from './risk-plan.ts';
import {
  actionRows,
  OUTCOME_VALUES,
  parseChildMatrix,
  parseHouseholdMember,
  parseResponseConfig,
  parseRiskManagementPlan,
  parseSafetyPlan,
  parseStepOutcomes,
  responseConfigValues,
  riskPlanValues,
  safetyPlanValues,
} from './response-forms.ts';
import {
  CHILD_RATING_TAG,
  LEVEL_LABELS,
  OUTCOME_LABELS,
  RARA_LABELS,
  RELATIONSHIP_LABELS,
  SAFETY_TOPIC_LABELS,
  STATUS_LABELS,
} from './labels.ts';
import * as household from './household.ts';
import * as response from './response-service.ts';
import * as service from './service.ts';
import { referralsOfAssessment } from '../referrals/service.ts';
import { serviceForStep } from '../referrals/service.ts';
import type { PlanKind } from './tables.ts';

// People who work with victims record households, outcomes and plans;
// administrators and analysts do not. Only the agency that wrote the checklist
// changes what hangs off it (row-level security enforces the same).
const caseworkers = { access: rolesOnly('practitioner', 'agency-lead', 'marac-coordinator', 'marac-chair') };
const recorders = { access: rolesOnly('practitioner') };
const administrators = { access: rolesOnly('administrator') };
const idParam = z.object({ id: z.uuid() });
const memberId = z.uuid();
const labels = {
  levels: LEVEL_LABELS,
  outcomes: OUTCOME_LABELS,
  relationships: RELATIONSHIP_LABELS,
  rara: RARA_LABELS,
  topics: SAFETY_TOPIC_LABELS,
  statuses: STATUS_LABELS,
  childTags: CHILD_RATING_TAG,
};
const PLAN_PAGES: Record<PlanKind, { path: string; title: string; template: string }> = {
  'risk-management': {
    path: 'risk-management-plan',
    title: 'Risk management plan',
    template: 'risk/views/risk-plan.njk',
  },
  safety: { path: 'safety-plan', title: 'Safety plan', template: 'risk/views/safety-plan.njk' },
};

type Row = service.AssessmentRow;
/** Practitioners of the agency that completed the checklist record what hangs off it. */
const canChange = (request: FastifyRequest, row: Row) =>
  row.agency_id === request.actor!.agencyId && request.actor!.role === 'practitioner';

export async function responseRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const shownOf = new WeakMap<Row, Row | SharedChecklist>();
  const pageRow = (row: Row) => shownOf.get(row) ?? row;

  /**
   * Loads the assessment named in the URL and writes exactly one audit event:
   * failure when it is not visible (404), denied when a change is attempted
   * by another agency (403).
   */
  async function load(
    request: FastifyRequest,
    reply: FastifyReply,
    action: string,
    options: { write?: boolean; draft?: boolean; completed?: boolean; minimum?: 'shared-summary' | 'full' } = {},
  ): Promise<Row | null> {
    const params = idParam.safeParse(request.params);
    const found = params.success ? await risksFor(db, viewerOf(request)).checklistAndSource(params.data.id) : null;
    const row = found?.source;
    const subject = { subjectType: 'assessment', subjectId: params.success ? params.data.id : null };
    if (!found || !row) {
      await app.audit.record(request, { action, ...subject, outcome: 'failure' });
      await reply.callNotFound();
      return null;
    }
    if (options.write && row.agency_id !== request.actor!.agencyId) {
      await app.audit.record(request, { action, ...subject, outcome: 'denied' });
      await reply.code(403).page('error.njk', {
        title: 'You cannot change this record',
        message: 'Only the agency that completed this checklist can record its household, next steps and plans.',
      });
      return null;
    }
    await app.audit.record(request, { action, ...subject });
    if (options.draft && !(row.status === 'draft' && row.agency_id === request.actor!.agencyId)) {
      await reply.redirect(`/assessments/${row.id}`, 303);
      return null;
    }
    if (options.completed && row.status !== 'completed') {
      await reply.redirect(`/assessments/${row.id}/checklist`, 303);
      return null;
    }
    // Need to know: another agency reads what hangs off a checklist only at the level it needs; below it, the checklist's shared page.
    if (options.minimum) {
      const { level } = found;
      if (level === 'none' || level === 'signpost' || (options.minimum === 'full' && level !== 'full')) {
        await reply.redirect(`/assessments/${row.id}`, 303);
        return null;
      }
    }
    // Pages show the checklist as cut to the viewer's level (below full, without the victim's name).
    shownOf.set(row, found.shown);
    return row;
  }

  // ---- household (between start and checklist, while a draft) ----

  const householdPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    row: Row,
    extra: Record<string, unknown> = {},
  ) =>
    reply.page('risk/views/household.njk', {
      title: 'Who is in the household',
      row,
      household: await household.household(db, request.actor!, row.id),
      labels,
      values: {},
      ...extra,
    });

  app.get('/assessments/:id/household', { config: caseworkers }, async (request, reply) => {
    const row = await load(request, reply, 'household.view', { draft: true });
    return row ? householdPage(request, reply, row) : reply;
  });

  app.post('/assessments/:id/household', { config: recorders }, async (request, reply) => {
    const row = await load(request, reply, 'household.add', { write: true, draft: true });
    if (!row) return reply;
    const values = formFields(request.body);
    const form = parseHouseholdMember(values);
    if (!form.ok)
      return householdPage(request, reply.code(400), row, { values, errors: form.errors, errorList: form.errorList });
    try {
      await household.addHouseholdMember(db, request.actor!, row.id, form.value);
    } catch (error) {
      // Completed in another tab meanwhile: row-level security refuses the insert; the household is frozen.
      if ((error as { code?: string }).code === '42501') return reply.redirect(`/assessments/${row.id}`, 303);
      throw error;
    }
    return reply.redirect(`/assessments/${row.id}/household`, 303);
  });

  app.post('/assessments/:id/household/remove', { config: recorders }, async (request, reply) => {
    const row = await load(request, reply, 'household.remove', { write: true, draft: true });
    if (!row) return reply;
    const member = memberId.safeParse(formFields(request.body).memberId);
    if (member.success) await household.removeHouseholdMember(db, request.actor!, row.id, member.data);
    return reply.redirect(`/assessments/${row.id}/household`, 303);
  });

  // ---- each child's risk matrix: the list of children, or one child's form (?child=<id>) ----

  const childrenPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    row: Row,
    childId: string | undefined,
    values: Record<string, unknown> | null,
    extra: Record<string, unknown> = {},
  ) => {
    const people = await household.household(db, request.actor!, row.id);
    const child = childId ? people.children.find((c) => c.id === childId) : undefined;
    const canRate = row.agency_id === request.actor!.agencyId && request.actor!.role === 'practitioner';
    const shown =
      values ??
      (child?.rating
        ? {
            ...Object.fromEntries(
              Object.entries(child.rating.ratings).map(([dimension, rating]) => [`rating-${dimension}`, rating]),
            ),
            judgementRating: child.rating.judgement_rating ?? 'none',
            judgementReason: child.rating.judgement_reason ?? '',
          }
        : {});
    return reply.page('risk/views/child-matrix.njk', {
      title: 'Risk to each child in the household',
      row,
      children: people.children,
      child: canRate ? child : undefined,
      matrix: household.currentChildMatrix(app.instruments),
      values: shown,
      ratings: childRatings,
      labels,
      canRate,
      saved: (request.query as { saved?: string }).saved === '1',
      ...extra,
    });
  };

  app.get('/assessments/:id/children', { config: caseworkers }, async (request, reply) => {
    const row = await load(request, reply, 'child-rating.view', { minimum: 'full' });
    if (!row) return reply;
    const child = memberId.safeParse((request.query as { child?: string }).child);
    return childrenPage(request, reply, row, child.success ? child.data : undefined, null);
  });

  app.post('/assessments/:id/children', { config: recorders }, async (request, reply) => {
    const row = await load(request, reply, 'child-rating.create', { write: true });
    if (!row) return reply;
    const values = formFields(request.body);
    const childId = memberId.safeParse(values.child);
    const child = childId.success
      ? (await household.household(db, request.actor!, row.id)).children.find((c) => c.id === childId.data)
      : undefined;
    if (!child) return reply.redirect(`/assessments/${row.id}/children`, 303);
    const matrix = household.currentChildMatrix(app.instruments);
    const form = parseChildMatrix(matrix, values);
    if (!form.ok)
      return childrenPage(request, reply.code(400), row, child.id, values, {
        errors: form.errors,
        errorList: form.errorList,
      });
    await household.recordChildRating(db, request.actor!, row.id, child.id, { instrument: matrix, ...form.value });
    return reply.redirect(`/assessments/${row.id}/children?saved=1`, 303);
  });

  // ---- next steps: done, declined (with reason) or not applicable ----

  const stepsOf = async (request: FastifyRequest, row: Row) => {
    if (row.next_steps) return row.next_steps;
    const result = await service.assessmentResult(db, request.actor!, row, service.instrumentOf(app.instruments, row));
    return result.evaluation.steps;
  };

  const stepsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    row: Row,
    values: Record<string, unknown> | null,
    extra: Record<string, unknown> = {},
  ) => {
    const steps = await stepsOf(request, row);
    const { records, outstanding } = await response.stepRecords(db, request.actor!, row.id, steps);
    const shown =
      values ??
      Object.fromEntries(
        records.flatMap((r) =>
          r.current
            ? [
                [`outcome-${r.id}`, r.current.outcome],
                [`reason-${r.id}`, r.current.reason ?? ''],
              ]
            : [],
        ),
      );
    return reply.page('risk/views/next-steps.njk', {
      title: 'Next steps',
      row: pageRow(row),
      records,
      outstanding,
      values: shown,
      outcomes: OUTCOME_VALUES,
      labels,
      canRecord: canChange(request, row),
      referrals: await referralsOfAssessment(db, request.actor!, row.id),
      referralSteps: records.filter((r) => serviceForStep(r.id)).map((r) => r.id),
      ...extra,
    });
  };

  app.get('/assessments/:id/next-steps', { config: caseworkers }, async (request, reply) => {
    const row = await load(request, reply, 'next-steps.view', { completed: true, minimum: 'shared-summary' });
    return row ? stepsPage(request, reply, row, null) : reply;
  });

  app.post('/assessments/:id/next-steps', { config: recorders }, async (request, reply) => {
    const row = await load(request, reply, 'next-steps.record', { write: true, completed: true });
    if (!row) return reply;
    const values = formFields(request.body);
    const steps = await stepsOf(request, row);
    const form = parseStepOutcomes(steps, values);
    if (!form.ok)
      return stepsPage(request, reply.code(400), row, values, { errors: form.errors, errorList: form.errorList });
    const saved = await response.recordStepOutcomes(db, request.actor!, row.id, steps, form.value);
    if (!saved.ok)
      return stepsPage(request, reply.code(400), row, values, {
        errorList: saved.problems.map((p) => ({ text: p.message, href: `#outcome-${p.stepId}` })),
      });
    return reply.redirect(`/assessments/${row.id}?saved=next-steps#next-steps`, 303);
  });

  // ---- risk management plan and safety plan: dated, owned, reviewable, versioned ----

  for (const kind of ['risk-management', 'safety'] as const) {
    const page = PLAN_PAGES[kind];
    const planPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      row: Row,
      values: Record<string, unknown> | null,
      extra: Record<string, unknown> = {},
    ) => {
      const versions = await response.planVersions<RiskManagementPlan | SafetyPlan>(db, request.actor!, row.id, kind);
      const current = versions[0];
      const agencies = await response.agencyNames(db, request.actor!);
      const shown =
        values ??
        (kind === 'risk-management'
          ? riskPlanValues(current?.plan as RiskManagementPlan | undefined, current ? 1 : 3)
          : safetyPlanValues(current?.plan as SafetyPlan | undefined));
      if (!current && !shown.ownerAgency) shown.ownerAgency = row.agency_name;
      return reply.page(page.template, {
        title: page.title,
        row: pageRow(row),
        versions,
        current,
        values: shown,
        rows: actionRows(shown),
        loadedVersion: current?.version ?? 0,
        agencies,
        labels,
        categories: raraCategories,
        topics: safetyPlanTopics,
        grouped: current && kind === 'risk-management' ? actionsByCategory(current.plan as RiskManagementPlan) : null,
        saved: (request.query as { saved?: string }).saved === '1' && current !== undefined,
        canEdit: canChange(request, row),
        editing: (request.query as { edit?: string }).edit === '1' || !current || values !== null,
        ...extra,
      });
    };

    app.get(`/assessments/:id/${page.path}`, { config: caseworkers }, async (request, reply) => {
      const row = await load(request, reply, `${kind}-plan.view`, {
        completed: true,
        minimum: kind === 'safety' ? 'full' : 'shared-summary',
      });
      return row ? planPage(request, reply, row, null) : reply;
    });

    app.post(`/assessments/:id/${page.path}`, { config: recorders }, async (request, reply) => {
      const row = await load(request, reply, `${kind}-plan.save`, { write: true, completed: true });
      if (!row) return reply;
      const values = formFields(request.body);
      if (kind === 'risk-management' && values.action === 'add-row') {
        return planPage(request, reply, row, { ...values, rows: String(actionRows(values) + 1) });
      }
      const form = kind === 'risk-management' ? parseRiskManagementPlan(values) : parseSafetyPlan(values);
      if (!form.ok)
        return planPage(request, reply.code(400), row, values, { errors: form.errors, errorList: form.errorList });
      try {
        await response.savePlan(db, request.actor!, row.id, kind, Number(values.loadedVersion) || 0, form.value);
      } catch (error) {
        if (error instanceof response.StaleError) {
          return reply.code(409).page('error.njk', {
            title: 'Someone else changed this plan',
            message: `Nothing you entered was saved over their changes. Open the plan again (/assessments/${row.id}/${page.path}) to see the latest version.`,
          });
        }
        throw error;
      }
      return reply.redirect(`/assessments/${row.id}/${page.path}?saved=1`, 303);
    });
  }

  // ---- the partnership's settings ----

  const settingsPage = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const settings = await response.responseSettings(db, request.actor!);
    return reply.page('risk/views/risk-settings.njk', {
      title: 'Risk response settings',
      section: 'risk-settings',
      settings,
      levels: riskLevels,
      labels,
      values: responseConfigValues(settings.config),
      thresholdValues: { escalationThreshold: String(settings.escalationThreshold) },
      ...extra,
    });
  };

  app.get('/admin/risk-settings', { config: administrators }, async (request, reply) =>
    settingsPage(request, reply, { saved: (request.query as { saved?: string }).saved }),
  );

  app.post('/admin/risk-settings/escalation', { config: administrators }, async (request, reply) => {
    const values = formFields(request.body);
    const text = String(values.escalationThreshold ?? '');
    const threshold = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    if (!(threshold >= 1 && threshold <= 50)) {
      const message = 'Enter the number of police-recorded incidents in 12 months, a whole number from 1 to 50';
      return settingsPage(request, reply.code(400), {
        thresholdValues: values,
        errors: { escalationThreshold: { text: message } },
        errorList: [{ text: message, href: '#escalationThreshold' }],
      });
    }
    await response.saveEscalationThreshold(db, request.actor!, threshold);
    await app.audit.record(request, {
      action: 'escalation-threshold.update',
      subjectType: 'partnership',
      subjectId: request.actor!.partnershipId,
    });
    return reply.redirect('/admin/risk-settings?saved=threshold', 303);
  });

  app.post('/admin/risk-settings/response', { config: administrators }, async (request, reply) => {
    const values = formFields(request.body);
    const form = parseResponseConfig(values);
    if (!form.ok)
      return settingsPage(request, reply.code(400), { values, errors: form.errors, errorList: form.errorList });
    try {
      await response.saveResponseConfig(db, request.actor!, Number(values.version) || 0, form.value);
    } catch (error) {
      if (error instanceof response.StaleError) {
        return reply.code(409).page('error.njk', {
          title: 'Someone else changed these settings',
          message:
            'Nothing you entered was saved over their changes. Open the settings again (/admin/risk-settings) to see the latest.',
        });
      }
      throw error;
    }
    await app.audit.record(request, {
      action: 'tiered-response.update',
      subjectType: 'partnership',
      subjectId: request.actor!.partnershipId,
    });
    return reply.redirect('/admin/risk-settings?saved=response', 303);
  });
}

/** What the result page shows beside the level: household and child ratings, next-step outcomes and plans. */
export async function resultExtras(
  app: FastifyInstance,
  request: FastifyRequest,
  row: Row,
  steps: { id: string; label: string }[],
) {
  const actor = request.actor!;
  const db = app.dbs.app;
  const [people, stepState, riskPlans, safetyPlans] = await Promise.all([
    household.household(db, actor, row.id),
    response.stepRecords(db, actor, row.id, steps),
    response.planVersions<RiskManagementPlan>(db, actor, row.id, 'risk-management'),
    response.planVersions<SafetyPlan>(db, actor, row.id, 'safety'),
  ]);
  return {
    household: people,
    stepRecords: stepState.records,
    outstandingSteps: stepState.outstanding,
    riskPlan: riskPlans[0] ?? null,
    safetyPlan: safetyPlans[0] ?? null,
    ownAgency: canChange(request, row),
    responseLabels: labels,
  };
}
