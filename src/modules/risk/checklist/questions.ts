import { formFields } from '../../../platform/forms.ts';
import { definePage, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import {
  mergeSectionAnswers,
  parseSectionAnswers,
  sectionsOf,
  sectionStatus,
  type ChecklistSection,
} from '../checklist-sections.ts';
import { risksFor } from '../for-viewer.ts';
import { parseChecklistAnswers } from '../forms.ts';
import { byId, practitioners } from '../page-rules.ts';
import * as present from '../presenters/checklist.ts';
import type { Answer } from '../scoring.ts';
import * as service from '../service.ts';
import { isPageResult, ownDraftOf, stale } from './load.ts';

// The checklist as a task list of its sections; each section is a page of its own, saved as it is answered.

type Ctx = PageContext<{ id: string }>;

const sectionNumber = (raw: unknown, sections: ChecklistSection[]) => {
  const n = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  return sections.find((s) => s.number === n);
};

async function sectionPage(
  ctx: Ctx,
  row: service.AssessmentRow,
  shown: ChecklistSection,
  values: Record<string, unknown>,
  invalid: { errors?: unknown; errorList?: unknown[] } = {},
): Promise<PageResult> {
  const instrument = service.instrumentOf(ctx.app.instruments, row);
  const shared = await risksFor(ctx.db, viewerOf(ctx.request)).result(row, instrument);
  const count = sectionsOf(instrument).length;
  const model = present.section(row, instrument, shown, count, values, shared, ctx.reply.cspNonce?.style, invalid);
  return view('risk/views/checklist-section.njk', model, { status: invalid.errorList?.length ? 400 : 200 });
}

export const checklist = definePage({
  path: '/assessments/:id/checklist',
  access: practitioners,
  params: byId,
  audit: { action: 'assessment.view', subjectType: 'assessment' },
  get: async (ctx) => {
    const row = await ownDraftOf(ctx);
    if (isPageResult(row)) return row;
    const instrument = service.instrumentOf(ctx.app.instruments, row);
    const sections = sectionsOf(instrument);
    const shown = sectionNumber(ctx.query.section, sections);
    if (shown) return sectionPage(ctx, row, shown, present.answerValuesOf(row.answers));
    const shared = await risksFor(ctx.db, viewerOf(ctx.request)).result(row, instrument);
    return view(
      'risk/views/checklist.njk',
      present.taskList(row, instrument, sections, shared, ctx.reply.cspNonce?.style),
    );
  },
});

/** The next section not yet completed, after this one first, then from the start. */
const nextSection = (sections: ChecklistSection[], after: ChecklistSection, answers: Answer[]) =>
  sections.find((s) => s.number > after.number && sectionStatus(s, answers) !== 'completed') ??
  sections.find((s) => sectionStatus(s, answers) !== 'completed');

export const saveAnswers = definePage({
  path: '/assessments/:id/checklist',
  access: practitioners,
  params: byId,
  audit: { action: 'assessment.update', subjectType: 'assessment' },
  post: async (ctx) => {
    const row = await ownDraftOf(ctx);
    if (isPageResult(row)) return row;
    const instrument = service.instrumentOf(ctx.app.instruments, row);
    const values = formFields(ctx.request.body);
    const saveForLater = values.action === 'save-for-later';
    const sections = sectionsOf(instrument);
    const shown = values.section === undefined ? undefined : sectionNumber(values.section, sections);
    if (values.section !== undefined && !shown) return redirect(`/assessments/${row.id}/checklist`);
    let answers: Answer[];
    if (shown) {
      const parsed = parseSectionAnswers(instrument, shown, values, { requireAll: !saveForLater });
      if (parsed.errorList.length > 0) return sectionPage(ctx, row, shown, values, parsed);
      answers = mergeSectionAnswers(instrument, shown, row.answers, parsed.answers);
    } else {
      // The whole checklist in one form (clients that send every answer at once).
      const parsed = parseChecklistAnswers(instrument, values);
      if (parsed.errorList.length > 0 && !saveForLater) {
        const questions = instrument.questions.map((question, i) => ({ question, number: i + 1 }));
        return sectionPage(ctx, row, { number: 0, title: instrument.title, questions }, values, parsed);
      }
      answers = parsed.answers;
    }
    if (String(values.version) !== String(row.version)) return stale(row.id);
    try {
      await service.saveAnswers(ctx.db, ctx.actor, row, answers);
    } catch (error) {
      if (error instanceof service.StaleAssessmentError) return stale(row.id);
      throw error;
    }
    if (saveForLater) return redirect('/');
    if (!shown) return redirect(`/assessments/${row.id}/judgement`);
    const next = nextSection(sections, shown, answers);
    return redirect(
      next ? `/assessments/${row.id}/checklist?section=${next.number}` : `/assessments/${row.id}/checklist`,
    );
  },
});
