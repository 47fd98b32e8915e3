import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { cutRecord, fieldsAt } from './cut.ts';
import * as repo from './declared-record-repository.ts';
import type { RecordTypeDeclaration } from './record-types.ts';
import type { SharingLevel } from './policy.ts';
import type { Viewer } from './viewer.ts';

/**
 * Records that need nothing beyond their declaration: entries about one person, recorded by one agency and
 * shared by level (a disclosure made under the disclosure scheme, a protective order). They are read and
 * written here, through the gate, so such a record type needs no repository or service of its own; one with
 * behaviour of its own (a referral, a MARAC case) keeps its module's repository. Restricted parts are never
 * shown from here: those open only through a restricted-detail request.
 */
export interface DeclaredRecords {
  /** Every record of the type about the person, each cut to the viewer's level on its recording agency. */
  about(personId: string): Promise<Record<string, unknown>[]>;
  /** Records one in the viewer's agency's name (the database refuses anyone the declaration does not let write). */
  add(personId: string, fields: Readonly<Record<string, unknown>>): Promise<string>;
}

type LevelOnRecord = (personId: string, ownerAgencyId: string) => Promise<SharingLevel>;

export function declaredRecords(
  db: Kysely<Database>,
  viewer: Viewer,
  declaration: RecordTypeDeclaration,
  levelOn: LevelOnRecord,
): DeclaredRecords {
  const { table, person } = declaration;
  if (!table || !person || declaration.sharing !== 'by-level')
    throw new Error('Only a record type with its own table, about one person, shared by level, is kept here');
  const actor: Actor = viewer.actor;
  const writable = new Set(
    [...fieldsAt(declaration, 'full', true)].filter((f) => f !== 'id' && f !== declaration.owner),
  );

  return {
    async about(personId) {
      const rows = await asActor(db, actor, (tx) => repo.declaredRowsAbout(tx, table, person, personId));
      const levels = new Map<string, SharingLevel>();
      const shown: Record<string, unknown>[] = [];
      for (const row of rows) {
        const owner = String(row[declaration.owner]);
        if (!levels.has(owner)) levels.set(owner, await levelOn(personId, owner));
        const cut = cutRecord(declaration, row, levels.get(owner)!);
        if (cut) shown.push(cut);
      }
      // Even "none recorded" tells the viewer something about the person.
      viewer.saw([personId]);
      return shown;
    },

    async add(personId, fields) {
      const unknown = Object.keys(fields).filter((f) => !writable.has(f) || f === person);
      if (unknown.length) throw new Error(`Not declared for ${table}: ${unknown.join(', ')}`);
      return asActor(db, actor, (tx) =>
        repo.insertDeclaredRow(tx, table, {
          ...fields,
          partnership_id: actor.partnershipId,
          [declaration.owner]: actor.agencyId,
          [person]: personId,
        }),
      );
    },
  };
}
