import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { CONTACT_TYPES, type ContactType } from '../people/service.ts';
import * as repo from './repository.ts';

// The partnership's list: which kinds of contact are abuse incidents and which are support contacts.
// The database applies it as each incident is stored (contact_is_abuse, migration 0046).

export async function contactKinds(db: Kysely<Database>, actor: Actor) {
  return asActor(db, actor, async (tx) =>
    (await repo.contactKindsOf(tx, actor.partnershipId, Object.keys(CONTACT_TYPES))).map((r) => ({
      ...r,
      contact_type: r.contact_type as ContactType,
    })),
  );
}

/** Saves the whole list in one transaction; applies to incidents recorded from now on. */
export async function saveContactKinds(db: Kysely<Database>, actor: Actor, abuse: ReadonlySet<string>): Promise<void> {
  await asActor(db, actor, async (tx) => {
    for (const type of Object.keys(CONTACT_TYPES))
      await repo.saveContactKind(tx, {
        partnership_id: actor.partnershipId,
        contact_type: type,
        is_abuse: abuse.has(type),
        updated_by: actor.userId,
      });
  });
}

// ---------------------------------------------------------------- recording one on a page

export interface RecordInput {
  personId: string;
  role: string;
  others: readonly { personId: string; role: string }[];
  contactType: ContactType;
  occurredOn: string;
  severity: 'low' | 'medium' | 'high' | 'severe' | null;
  childrenPresent: boolean;
  narrative: string | null;
}
export type RecordOutcome =
  | { ok: true; id: string; personIds: string[] }
  | { ok: false; problem: string; field: string }
  | { ok: false; notOwn: true };

/** The record the page starts from, when the user's agency holds it, and the people connected to it in its records. */
export async function recordingFor(db: Kysely<Database>, actor: Actor, personId: string) {
  return asActor(db, actor, async (tx) => {
    const [person] = await repo.ownRecords(tx, actor.agencyId, [personId]);
    if (!person) return null;
    return { person, connected: await repo.connectedRecords(tx, actor.agencyId, personId) };
  });
}

/**
 * Records one incident or contact on the user's agency's records, with the people at it, in one
 * transaction: saved whole or not at all. The partnership's list says whether it is an abuse
 * incident (the database classifies it as it is stored, and its worklist and school-notice triggers
 * follow); only an abuse incident needs a severity. The people must be the agency's own records.
 */
export async function recordIncident(db: Kysely<Database>, actor: Actor, input: RecordInput): Promise<RecordOutcome> {
  const people = [{ personId: input.personId, role: input.role }, ...input.others];
  return asActor(db, actor, async (tx) => {
    const ids = [...new Set(people.map((p) => p.personId))];
    if ((await repo.ownRecords(tx, actor.agencyId, ids)).length !== ids.length) return { ok: false, notOwn: true };
    const abuse = await repo.isAbuse(tx, actor.partnershipId, input.contactType);
    if (abuse && !input.severity) return { ok: false, field: 'severity', problem: 'incidents.record.error.severity' };
    const subject = people.find((p) => p.role === 'victim') ?? people[0]!;
    const own = { partnership_id: actor.partnershipId, agency_id: actor.agencyId };
    const id = await repo.insertIncident(tx, {
      ...own,
      person_id: subject.personId,
      contact_type: input.contactType,
      kind: CONTACT_TYPES[input.contactType],
      occurred_on: input.occurredOn,
      // A support contact is not graded; the lowest grade keeps the column's rule and counts toward nothing.
      severity: abuse ? input.severity! : (input.severity ?? 'low'),
      police_recorded: input.contactType === 'police-call-out' || input.contactType === 'crime',
      summary: input.narrative,
    });
    await repo.insertInvolvement(tx, own, id, people);
    return { ok: true, id, personIds: ids };
  });
}
