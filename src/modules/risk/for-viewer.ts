import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { cut } from '../access/service.ts';
import type { SharingLevel } from '../access/service.ts';
import * as access from '../access/service.ts';
import type { Viewer } from '../access/service.ts';
import type { ChecklistInstrument } from './instrument.ts';
import * as service from './service.ts';

/** What a viewer below full is given of a checklist: the declared parts of its level (the victim's name only in full). */
export type SharedChecklist = Pick<
  service.AssessmentRow,
  'id' | 'person_id' | 'agency_id' | 'agency_name' | 'status' | 'created_by'
> &
  Partial<service.AssessmentRow>;

/**
 * A risk checklist as a viewer may see it. `row` is the whole checklist, given
 * only when the viewer sees it in full (the recording agency, or a basis for
 * full); `shown` is the checklist cut to the viewer's level by its declaration,
 * which is what a page below full renders.
 */
export type ChecklistForViewer =
  | { level: 'full'; row: service.AssessmentRow; shown: service.AssessmentRow }
  | { level: Exclude<SharingLevel, 'full'>; row: null; shown: SharedChecklist };

/**
 * The risk service obtained for a viewer: a checklist comes with the level the
 * viewer's agency has on it and is cut to it; the history beside it is cut per
 * agency. Every read notes the victim for the request's audit event.
 */
export function risksFor(db: Kysely<Database>, viewer: Viewer) {
  const actor = viewer.actor;
  return {
    async checklist(id: string): Promise<ChecklistForViewer | null> {
      const row = await service.getAssessment(db, actor, id);
      if (!row) return null;
      viewer.saw([row.person_id]);
      const level = await access.levelOnRecord(db, actor, row.person_id, row.agency_id);
      if (level === 'full') return { level, row, shown: row };
      return { level, row: null, shown: cut('assessment', row, level) as SharedChecklist };
    },

    /**
     * The checklist as this viewer may see it, and its whole source row: the source is for the services that
     * work out what hangs off a checklist (its next steps and plans, read at shared summary), never for a page.
     */
    async checklistAndSource(id: string) {
      const row = await service.getAssessment(db, actor, id);
      if (!row) return null;
      viewer.saw([row.person_id]);
      const level = await access.levelOnRecord(db, actor, row.person_id, row.agency_id);
      return { level, source: row, shown: level === 'full' ? row : (cut('assessment', row, level) as SharedChecklist) };
    },

    /** The result page's model, with the earlier checklists and incidents of every agency at this viewer's level. */
    async result(row: service.AssessmentRow, instrument: ChecklistInstrument) {
      const result = await service.assessmentResult(db, actor, row, instrument);
      viewer.saw([...result.earlier.map((e) => e.person_id), ...result.incidents.map((i) => i.person_id)]);
      const shared = await access.shareRiskHistory(db, actor, {
        ...result,
        previousId: result.evaluation.history.previous?.id ?? null,
      });
      return {
        evaluation: result.evaluation,
        referral: result.referral,
        earlier: shared.earlier,
        incidents: shared.incidents,
        historyWithheld: shared.withheld,
        previousInFull: shared.previousInFull,
      };
    },

    /** Refers the checklist to MARAC: a write, so it carries what the checklist recorded (the criteria met) whatever the viewer's level. */
    async refer(id: string, reason: string | null): Promise<service.ReferralOutcome> {
      const row = await service.getAssessment(db, actor, id);
      if (!row) return { ok: false, problem: 'This checklist is not available' };
      return service.referToMarac(db, actor, row, reason);
    },
  };
}
