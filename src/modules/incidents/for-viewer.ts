import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor } from '../../db/tenancy.ts';
import * as access from '../access/service.ts';
import type { Viewer } from '../access/service.ts';
import * as people from '../people/service.ts';
import * as repo from './repository.ts';
import * as service from './service.ts';

/**
 * One incident or contact for a viewer: cut to the level the viewer's agency has on the recording
 * agency's record of the person (the recording agency has full), from the incident's declaration.
 * Every person it names is noted for the request's audit event.
 */
export async function incidentFor(db: Kysely<Database>, viewer: Viewer, id: string) {
  const actor = viewer.actor;
  const found = await asActor(db, actor, async (tx) => {
    const row = await repo.findIncident(tx, id);
    return row ? { row, people: await repo.peopleAt(tx, id) } : null;
  });
  if (!found) return null;
  const level = await access.levelOnRecord(db, actor, found.row.person_id, found.row.agency_id);
  if (level === 'none') return null;
  const people = found.people.length
    ? found.people
    : [{ person_id: found.row.person_id, role: 'victim', given_name: '', family_name: '' }];
  const shown = access.cut(
    'incident',
    {
      ...found.row,
      role: [...new Set(people.map((p) => p.role))],
      children_present: people.some((p) => p.role === 'child'),
      people,
    },
    level,
  )!;
  viewer.saw([found.row.person_id, ...(shown.people ?? []).map((p) => p.person_id)]);
  return { level, incident: shown };
}

/**
 * Finding the person to record an incident or contact for: the people search, each hit at this viewer's
 * level (at signpost, only which agency holds it), marked where the viewer's own agency holds the record.
 */
export async function findForRecording(db: Kysely<Database>, viewer: Viewer, input: people.SearchInput) {
  const hits = await people.searchPeople(db, viewer.actor, input);
  const own = new Set(hits.filter((h) => h.agency_id === viewer.actor.agencyId).map((h) => h.id));
  const shown = await access.shareSearchResults(db, viewer.actor, hits);
  viewer.saw(shown.map((r) => r.id));
  return shown.map((r) => ({ ...r, own: own.has(r.id) }));
}

/** The record an incident is recorded against (the agency's own) and the people connected to it; all noted. */
export async function recordingFor(db: Kysely<Database>, viewer: Viewer, personId: string) {
  const found = await service.recordingFor(db, viewer.actor, personId);
  if (found) viewer.saw([found.person.id, ...found.connected.map((p) => p.id)]);
  return found;
}
