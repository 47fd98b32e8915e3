import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor } from '../../db/tenancy.ts';
import * as access from '../access/service.ts';
import type { Viewer } from '../access/service.ts';
import * as repo from './repository.ts';

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
