import type { Actor } from '../../db/tenancy.ts';
import { personOf } from './cut.ts';
import { RECORD_TYPES, type RecordTypeDeclaration, type RecordTypeName } from './record-types.ts';

/**
 * Who a service serves, and which people it gave them something about. A
 * service obtained for a viewer returns only what the viewer may see and notes
 * the person of every record it returned; the audit event of the request then
 * names those people (ids only), so each person's access log lists every page
 * that showed something about them, whichever page it was.
 */
export class Viewer {
  private readonly shown = new Set<string>();
  constructor(readonly actor: Actor) {}

  /** Notes people this viewer was given something about. */
  saw(personIds: Iterable<string | null | undefined>): void {
    for (const id of personIds) if (id) this.shown.add(id);
  }

  /** Notes the people of records of a declared type this viewer was given (by the column the declaration names). */
  sawRecords(type: RecordTypeName | RecordTypeDeclaration, rows: Iterable<object | null | undefined>): void {
    const declaration = typeof type === 'string' ? RECORD_TYPES[type] : type;
    for (const row of rows) if (row) this.saw([personOf(declaration, row)]);
  }

  /**
   * Notes every person a service result names: any `person_id` in it, however deep (a MARAC agenda's
   * cases, a referral queue, a case's chronology). For services whose rows are not cut by level.
   */
  sawWithin(value: unknown, depth = 0): void {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) this.sawWithin(v, depth + 1);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (key === 'person_id' && typeof v === 'string') this.shown.add(v);
      else if (v !== null && typeof v === 'object' && !(v instanceof Date)) this.sawWithin(v, depth + 1);
    }
  }

  /** The people noted since the last call, for one audit event. */
  take(): string[] {
    const ids = [...this.shown];
    this.shown.clear();
    return ids;
  }
}

// One viewer per request, without decorating the request object (the object is the key, so nothing outlives it).
const viewers = new WeakMap<object, Viewer>();

/** The viewer of a signed-in request (or an agency system's credential). */
export function viewerOf(request: { actor: Actor | null }): Viewer {
  let v = viewers.get(request);
  if (!v) {
    if (!request.actor) throw new Error('A viewer needs a signed-in actor');
    v = new Viewer(request.actor);
    viewers.set(request, v);
  }
  return v;
}

/** The people a request's viewer was given since its last audit event (none if it has no viewer). */
export const peopleShownTo = (request: object): string[] => viewers.get(request)?.take() ?? [];
