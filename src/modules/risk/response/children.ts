import { currentLanguage, label } from '../../../platform/language/index.ts';
import { formFields } from '../../../platform/forms.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import * as household from '../household.ts';
import { childRatings, wordedIn } from '../instrument.ts';
import { byId, caseworkers, memberId, recorders } from '../page-rules.ts';
import { recordedSentence } from '../presenters/recorded.ts';
import { responseLabels } from '../presenters/response.ts';
import { parseChildMatrix } from '../response-forms.ts';
import { canChange, isLoaded, loadChecklist, type Row } from './load.ts';

// Each child's risk matrix: the list of children, or one child's form (?child=<id>).

type Ctx = PageContext<{ id: string }>;
type Child = Awaited<ReturnType<typeof household.household>>['children'][number];

/** A child's saved rating as the form's fields. */
const ratingValues = (child: Child | undefined) =>
  child?.rating
    ? {
        ...Object.fromEntries(Object.entries(child.rating.ratings).map(([d, rating]) => [`rating-${d}`, rating])),
        judgementRating: child.rating.judgement_rating ?? 'none',
        judgementReason: child.rating.judgement_reason ?? '',
      }
    : {};

async function childrenPage(ctx: Ctx, row: Row, childId: string | undefined, form: Partial<FormErrors> | null) {
  const people = await household.household(ctx.db, ctx.actor, row.id);
  const child = childId ? people.children.find((c) => c.id === childId) : undefined;
  const canRate = canChange(ctx.actor, row);
  return view(
    'risk/views/child-matrix.njk',
    {
      title: label('risk.children.title'),
      row,
      children: people.children.map((c) =>
        c.rating ? { ...c, rating: { ...c.rating, reasons: c.rating.reasons.map(recordedSentence) } } : c,
      ),
      child: canRate ? child : undefined,
      matrix: wordedIn(household.currentChildMatrix(ctx.app.instruments), currentLanguage()),
      values: form?.values ?? ratingValues(child),
      ratings: childRatings,
      labels: responseLabels(),
      canRate,
      saved: ctx.query.saved === '1',
      errors: form?.errors,
      errorList: form?.errorList,
    },
    { status: form?.errorList ? 400 : 200 },
  );
}

export const children = definePage({
  path: '/assessments/:id/children',
  access: caseworkers,
  params: byId,
  audit: { action: 'child-rating.view', subjectType: 'assessment' },
  get: async (ctx) => {
    const loaded = await loadChecklist(ctx, { minimum: 'full' });
    if (!isLoaded(loaded)) return loaded;
    const child = memberId.safeParse(ctx.query.child);
    return childrenPage(ctx, loaded.row, child.success ? child.data : undefined, null);
  },
});

export const rateChild = definePage({
  path: '/assessments/:id/children',
  access: recorders,
  params: byId,
  audit: { action: 'child-rating.create', subjectType: 'assessment' },
  post: async (ctx) => {
    const loaded = await loadChecklist(ctx, { write: true });
    if (!isLoaded(loaded)) return loaded;
    const { row } = loaded;
    const values = formFields(ctx.request.body);
    const childId = memberId.safeParse(values.child);
    const people = childId.success ? await household.household(ctx.db, ctx.actor, row.id) : null;
    const child = people?.children.find((c) => c.id === childId.data);
    if (!child) return redirect(`/assessments/${row.id}/children`);
    const matrix = household.currentChildMatrix(ctx.app.instruments);
    const form = parseChildMatrix(matrix, values);
    if (!form.ok) return childrenPage(ctx, row, child.id, { values, errors: form.errors, errorList: form.errorList });
    await household.recordChildRating(ctx.db, ctx.actor, row.id, child.id, { instrument: matrix, ...form.value });
    return redirect(`/assessments/${row.id}/children?saved=1`);
  },
});
