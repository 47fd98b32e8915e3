import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { anySignedIn } from '../../platform/access.ts';
import { formFields, validateForm } from '../../platform/forms.ts';
import { instrumentKey, type ChecklistInstrument, type InstrumentRegistry } from './instrument.ts';
import { checklists } from './registry.ts';
import { judgementForm, parseChecklistAnswers, victimForm, victimFormInput } from './forms.ts';
import {
  mergeSectionAnswers,
  parseSectionAnswers,
  sectionsOf,
  sectionStatus,
  type ChecklistSection,
} from './checklist-sections.ts';
import type { Answer } from './scoring.ts';
import { CONSENT_LABELS, CRITERION_LABELS, LEVEL_LABELS, LEVEL_TAG } from './labels.ts';
import * as service from './service.ts';
import { partsOf } from '../access/service.ts';
import { viewerOf } from '../access/service.ts';
import { risksFor } from './for-viewer.ts';
import { household } from './household.ts';
import { responseRoutes, resultExtras } from './response-routes.ts';
import './tables.ts';

declare module 'fastify' {
  interface FastifyInstance {
    instruments: InstrumentRegistry;
  }
}

// Any trained practitioner in any agency records the same checklist.
const practitioners = { access: anySignedIn };
const idParam = z.object({ id: z.uuid() });
const labels = { levels: LEVEL_LABELS, levelTags: LEVEL_TAG, criteria: CRITERION_LABELS, consent: CONSENT_LABELS };

export async function riskRoutes(app: FastifyInstance): Promise<void> {
  const db = app.dbs.app;
  const instrumentItems = (selected?: unknown) =>
    checklists(app.instruments).map((i) => ({
      value: instrumentKey(i),
      text: i.title,
      hint: { text: i.wording.source },
      checked: instrumentKey(i) === selected,
    }));

  /** Reads the checklist named in the URL as this user may see it, writing the read to the audit log; 404 when it is not visible. */
  async function read(request: FastifyRequest, reply: FastifyReply, action: string) {
    const params = idParam.safeParse(request.params);
    const found = params.success ? await risksFor(db, viewerOf(request)).checklist(params.data.id) : null;
    await app.audit.record(request, {
      action,
      subjectType: 'assessment',
      subjectId: params.success ? params.data.id : null,
      outcome: found ? 'success' : 'failure',
    });
    if (!found) {
      await reply.callNotFound();
      return null;
    }
    return found;
  }
  /** The whole checklist, for the pages only a viewer in full uses (the author's draft); anyone else goes to the checklist page. */
  async function load(request: FastifyRequest, reply: FastifyReply, action: string) {
    const found = await read(request, reply, action);
    if (!found) return null;
    if (found.level !== 'full') {
      await reply.redirect(`/assessments/${found.shown.id}`, 303);
      return null;
    }
    return found.row;
  }
  /** The result page: the stored result, with the history beside it at this user's level for each agency. */
  const sharedResult = (
    request: FastifyRequest,
    row: service.AssessmentRow,
    instrument: ReturnType<typeof service.instrumentOf>,
  ) => risksFor(db, viewerOf(request)).result(row, instrument);
  const ownDraft = (request: FastifyRequest, row: service.AssessmentRow) =>
    row.status === 'draft' && row.agency_id === request.actor!.agencyId && row.created_by === request.actor!.userId;

  app.get('/assessments/new', { config: practitioners }, async (_request, reply) =>
    reply.page('risk/views/start.njk', {
      title: 'Start a risk checklist',
      values: {},
      instrumentItems: instrumentItems('multi-agency-checklist@1'),
    }),
  );

  app.post('/assessments', { config: practitioners }, async (request, reply) => {
    const values = formFields(request.body);
    const form = validateForm(victimForm, victimFormInput(values));
    const instrument = form.ok ? app.instruments.get(form.value.instrument) : undefined;
    if (!form.ok || !instrument || instrument.kind !== 'checklist') {
      const invalid = form.ok
        ? {
            errors: { instrument: { text: 'Select the checklist you are using' } },
            errorList: [{ text: 'Select the checklist you are using', href: '#instrument' }],
          }
        : form;
      return reply.code(400).page('risk/views/start.njk', {
        title: 'Start a risk checklist',
        values,
        instrumentItems: instrumentItems(values.instrument),
        ...invalid,
      });
    }
    const id = await service.startAssessment(db, request.actor!, instrument, form.value);
    await app.audit.record(request, { action: 'assessment.start', subjectType: 'assessment', subjectId: id });
    return reply.redirect(`/assessments/${id}/household`, 303);
  });

  /** Beside the questions while answering: the same history the result page shows, cut by the same access functions. */
  async function historyBeside(request: FastifyRequest, row: service.AssessmentRow, instrument: ChecklistInstrument) {
    const shared = await sharedResult(request, row, instrument);
    const previous = shared.previousInFull ? shared.evaluation.history.previous : null;
    return {
      history: shared.evaluation.history,
      earlier: shared.earlier,
      incidents: shared.incidents,
      historyWithheld: shared.historyWithheld,
      previousInFull: shared.previousInFull,
      previousFactors: previous ? previous.factorsPresent : [],
      previousOn: previous?.completedOn ?? null,
      labels,
    };
  }
  const sectionNumber = (raw: unknown, sections: ChecklistSection[]) => {
    const n = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    return sections.find((s) => s.number === n);
  };
  const answerValuesOf = (answers: readonly Answer[]) =>
    Object.fromEntries(
      answers.flatMap((a) => [
        [`answer-${a.questionId}`, a.answer],
        [`comment-${a.questionId}`, a.comment ?? ''],
      ]),
    );
  const sectionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    row: service.AssessmentRow,
    instrument: ChecklistInstrument,
    section: ChecklistSection,
    values: Record<string, unknown>,
    invalid: { errors?: unknown; errorList?: unknown[] } = {},
  ) => {
    const sections = sectionsOf(instrument);
    return reply.code(invalid.errorList?.length ? 400 : 200).page('risk/views/checklist-section.njk', {
      title: `${instrument.title}: ${section.title}`,
      row,
      instrument,
      section,
      sectionCount: sections.length,
      values,
      version: row.version,
      styleNonce: reply.cspNonce?.style,
      ...(await historyBeside(request, row, instrument)),
      ...invalid,
    });
  };

  // The checklist as a task list of its sections; each section is a page of its own, saved as it is answered.
  app.get('/assessments/:id/checklist', { config: practitioners }, async (request, reply) => {
    const row = await load(request, reply, 'assessment.view');
    if (!row) return reply;
    if (!ownDraft(request, row)) return reply.redirect(`/assessments/${row.id}`, 303);
    const instrument = service.instrumentOf(app.instruments, row);
    const sections = sectionsOf(instrument);
    const section = sectionNumber((request.query as { section?: unknown }).section, sections);
    if (section) return sectionPage(request, reply, row, instrument, section, answerValuesOf(row.answers));
    const statuses = sections.map((s) => ({ ...s, status: sectionStatus(s, row.answers) }));
    return reply.page('risk/views/checklist.njk', {
      title: instrument.title,
      row,
      instrument,
      sections: statuses,
      version: row.version,
      styleNonce: reply.cspNonce?.style,
      completed: statuses.filter((s) => s.status === 'completed').length,
      nextSection: statuses.find((s) => s.status !== 'completed')?.number,
      answered: row.answers.length,
      ...(await historyBeside(request, row, instrument)),
    });
  });

  app.post('/assessments/:id/checklist', { config: practitioners }, async (request, reply) => {
    const row = await load(request, reply, 'assessment.update');
    if (!row) return reply;
    if (!ownDraft(request, row)) return reply.redirect(`/assessments/${row.id}`, 303);
    const instrument = service.instrumentOf(app.instruments, row);
    const values = formFields(request.body);
    const saveForLater = values.action === 'save-for-later';
    const sections = sectionsOf(instrument);
    const section = values.section === undefined ? undefined : sectionNumber(values.section, sections);
    if (values.section !== undefined && !section) return reply.redirect(`/assessments/${row.id}/checklist`, 303);
    let answers: Answer[];
    if (section) {
      const parsed = parseSectionAnswers(instrument, section, values, { requireAll: !saveForLater });
      if (parsed.errorList.length > 0) return sectionPage(request, reply, row, instrument, section, values, parsed);
      answers = mergeSectionAnswers(instrument, section, row.answers, parsed.answers);
    } else {
      // The whole checklist in one form (clients that send every answer at once).
      const parsed = parseChecklistAnswers(instrument, values);
      if (parsed.errorList.length > 0 && !saveForLater) {
        const all: ChecklistSection = {
          number: 0,
          title: instrument.title,
          questions: instrument.questions.map((question, i) => ({ question, number: i + 1 })),
        };
        return sectionPage(request, reply, row, instrument, all, values, parsed);
      }
      answers = parsed.answers;
    }
    if (String(values.version) !== String(row.version)) return stale(reply, row.id);
    try {
      await service.saveAnswers(db, request.actor!, row, answers);
    } catch (error) {
      if (error instanceof service.StaleAssessmentError) return stale(reply, row.id);
      throw error;
    }
    if (saveForLater) return reply.redirect('/', 303);
    if (!section) return reply.redirect(`/assessments/${row.id}/judgement`, 303);
    const next =
      sections.find((s) => s.number > section.number && sectionStatus(s, answers) !== 'completed') ??
      sections.find((s) => sectionStatus(s, answers) !== 'completed');
    return reply.redirect(
      next ? `/assessments/${row.id}/checklist?section=${next.number}` : `/assessments/${row.id}/checklist`,
      303,
    );
  });

  app.get('/assessments/:id/judgement', { config: practitioners }, async (request, reply) => {
    const row = await load(request, reply, 'assessment.view');
    if (!row) return reply;
    if (!ownDraft(request, row)) return reply.redirect(`/assessments/${row.id}`, 303);
    const people = await household(db, request.actor!, row.id);
    return reply.page('risk/views/judgement.njk', {
      title: 'Your judgement and the victim’s view',
      row,
      values: {},
      household: people,
    });
  });

  app.post('/assessments/:id/judgement', { config: practitioners }, async (request, reply) => {
    const row = await load(request, reply, 'assessment.complete');
    if (!row) return reply;
    if (!ownDraft(request, row)) return reply.redirect(`/assessments/${row.id}`, 303);
    const people = await household(db, request.actor!, row.id);
    // The household page records the children, so this page does not ask again; a form that still sends a count is checked against it.
    const values = { childrenInHousehold: String(people.children.length), ...formFields(request.body) };
    let form = validateForm(judgementForm, values);
    if (form.ok && form.value.childrenInHousehold < people.children.length) {
      const text = `You have recorded ${people.children.length} ${people.children.length === 1 ? 'child' : 'children'} in the household; enter ${people.children.length} or more`;
      form = {
        ok: false,
        errors: { childrenInHousehold: { text } },
        errorList: [{ text, href: '#childrenInHousehold' }],
      };
    }
    if (!form.ok)
      return reply.code(400).page('risk/views/judgement.njk', {
        title: 'Your judgement and the victim’s view',
        row,
        values,
        household: people,
        ...form,
      });
    const instrument = service.instrumentOf(app.instruments, row);
    if (row.answers.length !== instrument.questions.length)
      return reply.redirect(`/assessments/${row.id}/checklist`, 303);
    try {
      await service.completeAssessment(db, request.actor!, row, instrument, {
        victimView: form.value.victimView.trim() || null,
        judgementLevel: form.value.judgementLevel === 'none' ? null : form.value.judgementLevel,
        judgementReason: form.value.judgementLevel === 'none' ? null : form.value.judgementReason.trim(),
        consentToShare: form.value.consentToShare,
        childrenInHousehold: form.value.childrenInHousehold,
      });
    } catch (error) {
      if (error instanceof service.StaleAssessmentError) return stale(reply, row.id);
      throw error;
    }
    return reply.redirect(`/assessments/${row.id}`, 303);
  });

  app.get('/assessments/:id', { config: practitioners }, async (request, reply) => {
    const found = await read(request, reply, 'assessment.view');
    if (!found) return reply;
    // Need to know: another agency is given a checklist in full only at full sharing; below it, the declared parts of its level.
    // Someone else's draft is never opened (it would also bounce between this page and the checklist).
    if (found.level !== 'full' || (found.row.status === 'draft' && !ownDraft(request, found.row))) {
      return reply.page('risk/views/result-shared.njk', {
        title: 'Risk checklist',
        row: found.shown,
        level: found.level,
        parts: partsOf('assessment', found.level),
        labels,
      });
    }
    const row = found.row;
    if (row.status === 'draft') return reply.redirect(`/assessments/${row.id}/checklist`, 303);
    const instrument = service.instrumentOf(app.instruments, row);
    const result = await sharedResult(request, row, instrument);
    const factorText = new Map(instrument.questions.map((q) => [q.riskFactor, q.text]));
    const query = request.query as { referred?: string; saved?: string };
    return reply.page('risk/views/result.njk', {
      title: 'Risk checklist result',
      row,
      instrument,
      ...result,
      labels,
      factorText: Object.fromEntries(factorText),
      referred: query.referred === '1',
      saved: query.saved,
      ...(await resultExtras(app, request, row, result.evaluation.steps)),
    });
  });

  app.post('/assessments/:id/referral', { config: practitioners }, async (request, reply) => {
    const found = await read(request, reply, 'marac-referral.create');
    if (!found) return reply;
    // Any agency may refer; the referral carries the criteria met to the coordinator. A viewer below full is not shown the result page.
    const reason =
      typeof formFields(request.body).reason === 'string'
        ? String(formFields(request.body).reason).slice(0, 4000) || null
        : null;
    const outcome = await risksFor(db, viewerOf(request)).refer(found.shown.id, reason);
    if (!outcome.ok && found.level !== 'full') return reply.redirect(`/assessments/${found.shown.id}`, 303);
    if (!outcome.ok && found.row) {
      const row = found.row;
      const instrument = service.instrumentOf(app.instruments, row);
      const result = await sharedResult(request, row, instrument);
      return reply.code(400).page('risk/views/result.njk', {
        title: 'Risk checklist result',
        row,
        instrument,
        ...result,
        labels,
        factorText: {},
        ...(await resultExtras(app, request, row, result.evaluation.steps)),
        errors: { reason: { text: outcome.problem } },
        errorList: [{ text: outcome.problem, href: '#reason' }],
      });
    }
    return reply.redirect(`/assessments/${found.shown.id}?referred=1`, 303);
  });

  await responseRoutes(app);
}

function stale(reply: FastifyReply, id: string) {
  return reply.code(409).page('error.njk', {
    title: 'Someone else changed this checklist',
    message: `Nothing you entered was saved over their changes. Open the checklist again (/assessments/${id}/checklist) to see the latest answers.`,
  });
}
