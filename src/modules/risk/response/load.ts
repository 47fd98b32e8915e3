import { label } from '../../../platform/language/index.ts';
import type { Actor } from '../../../db/tenancy.ts';
import type { PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, refused, type PageResult } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import { risksFor, type SharedChecklist } from '../for-viewer.ts';
import type * as service from '../service.ts';

// What hangs off a checklist (household, children, next steps, plans) is read and changed through the
// checklist. The page's audit event (written by the wiring) is a failure when it is not visible and
// denied when another agency tries to change it.

export type Row = service.AssessmentRow;
/** The checklist's whole row, for the services; `shown` is it cut to the viewer's level, for the page. */
export type Loaded = { row: Row; shown: Row | SharedChecklist };

export interface LoadRule {
  /** A change: only the agency that completed the checklist. */
  write?: boolean;
  /** Only while the author's agency's draft. */
  draft?: boolean;
  /** Only once completed. */
  completed?: boolean;
  /** Need to know: another agency reads what hangs off a checklist only at the level it needs. */
  minimum?: 'shared-summary' | 'full';
}

const CANNOT_CHANGE = 'risk.cannot-change';

export async function loadChecklist(
  ctx: PageContext<{ id: string }>,
  rule: LoadRule = {},
): Promise<Loaded | PageResult> {
  const found = await risksFor(ctx.db, viewerOf(ctx.request)).checklistAndSource(ctx.params.id);
  const row = found?.source;
  if (!found || !row) return notFound();
  if (rule.write && row.agency_id !== ctx.actor.agencyId)
    return refused(label(CANNOT_CHANGE), label('risk.cannot-change-title'));
  if (rule.draft && !(row.status === 'draft' && row.agency_id === ctx.actor.agencyId))
    return redirect(`/assessments/${row.id}`);
  if (rule.completed && row.status !== 'completed') return redirect(`/assessments/${row.id}/checklist`);
  if (rule.minimum) {
    const { level } = found;
    if (level === 'none' || level === 'signpost' || (rule.minimum === 'full' && level !== 'full'))
      return redirect(`/assessments/${row.id}`);
  }
  return { row, shown: found.shown };
}

export const isLoaded = (v: Loaded | PageResult): v is Loaded => 'row' in v && 'shown' in v;

/** Practitioners of the agency that completed the checklist record what hangs off it. */
export const canChange = (actor: Actor, row: Row) => row.agency_id === actor.agencyId && actor.role === 'practitioner';
