import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Viewer } from '../access/service.ts';
import * as access from '../access/service.ts';
import * as service from './service.ts';

/**
 * The people service obtained for a viewer: every read returns only what the
 * viewer's agency may see (cut by the record types' declaration, record by
 * record, from the rows already read) and notes the people it showed something
 * about for the request's audit event. Routes show what they are given.
 */
export function peopleFor(db: Kysely<Database>, viewer: Viewer) {
  const actor = viewer.actor;
  return {
    /** The whole picture: each agency's records and entries at this viewer's level; names of unseen records not given. */
    async picture(personId: string) {
      const whole = await service.picture(db, actor, personId);
      if (!whole) return null;
      const shared = await access.sharePicture(db, actor, whole);
      const visible = new Set(shared.records.map((r) => r.id));
      const links = whole.links.map((l) => ({
        ...l,
        // A record this viewer may not see is not named; the page words it as "a record" in its own language (in Welsh, mutated after the "a" before it).
        a_name: visible.has(l.person_a) ? l.a_name : null,
        b_name: visible.has(l.person_b) ? l.b_name : null,
      }));
      viewer.saw(whole.records.map((r) => r.id));
      return {
        personId: whole.personId,
        flags: whole.flags,
        agencies: whole.agencies,
        records: shared.records,
        chronology: shared.chronology,
        links,
        withheld: shared.withheld,
        self: shared.records.find((r) => r.id === whole.personId),
      };
    },

    /** The household: relationships only where the recording agency shares its household details with this viewer. */
    async household(personId: string) {
      const whole = await service.household(db, actor, personId);
      if (!whole) return null;
      const shared = await access.shareHousehold(db, actor, whole);
      viewer.saw([whole.personId, ...shared.members.map((m) => m.id), ...shared.children.map((m) => m.id)]);
      return { personId: whole.personId, ...shared };
    },

    /** Person search: each hit at this viewer's level (at signpost, only which agency holds a matching record). */
    async search(input: service.SearchInput) {
      const results = await access.shareSearchResults(db, actor, await service.searchPeople(db, actor, input));
      viewer.saw(results.map((r) => r.id));
      return results;
    },

    /** The possible matches to review, each side at this viewer's level. */
    async matchQueue() {
      const queued = await service.linkQueue(db, actor);
      const sides = await access.shareMatchRecords(
        db,
        actor,
        queued.flatMap((l) => [l.a, l.b]),
      );
      viewer.saw(queued.flatMap((l) => [l.a.id, l.b.id]));
      return queued.map((l) => ({ ...l, a: sides.get(l.a.id)!, b: sides.get(l.b.id)! }));
    },

    /** One possible match: the engine's evidence in full, each record at this viewer's level. */
    async match(linkId: string) {
      const view = await service.getLink(db, actor, linkId);
      if (!view) return null;
      const sides = await access.shareMatchRecords(db, actor, view.records);
      viewer.saw(view.records.map((r) => r.id));
      return { link: view.link, explanation: view.explanation, sides: view.records.map((r) => sides.get(r.id)!) };
    },
  };
}
