import { label } from '../../../platform/language/index.ts';
import type { Actor } from '../../../db/tenancy.ts';
import type { PageContext } from '../../../platform/pages/page.ts';
import { isPageResult, notFound, problemPage, redirect, type PageResult } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { risksFor } from '../for-viewer.ts';
import type * as service from '../service.ts';

// Reading the checklist a page is about, as this user may see it. The page's audit event (written by the
// wiring) is a failure when it is not visible; a redirect to the page this user may see is a success.

export type Found = NonNullable<Awaited<ReturnType<ReturnType<typeof risksFor>['checklist']>>>;
type Ctx = PageContext<{ id: string }>;

export const readChecklist = (ctx: Ctx) => risksFor(ctx.db, viewerOf(ctx.request)).checklist(ctx.params.id);

export const ownDraft = (actor: Actor, row: service.AssessmentRow) =>
  row.status === 'draft' && row.agency_id === actor.agencyId && row.created_by === actor.userId;

/** The author's own draft, whole; anyone else goes to the checklist's page (at their level). */
export async function ownDraftOf(ctx: Ctx): Promise<service.AssessmentRow | PageResult> {
  const found = await readChecklist(ctx);
  if (!found) return notFound();
  if (found.level !== 'full') return redirect(`/assessments/${found.shown.id}`);
  if (!ownDraft(ctx.actor, found.row)) return redirect(`/assessments/${found.row.id}`);
  return found.row;
}

export { isPageResult };

export const stale = (id: string) =>
  problemPage(
    label('risk.stale.checklist-title'),
    label('risk.stale.checklist', { path: `/assessments/${id}/checklist` }),
  );
