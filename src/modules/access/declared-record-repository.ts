import { sql } from 'kysely';
import type { Tx } from '../../db/tenancy.ts';

// The rows of a declared record type's own table, named only by its declaration (never by a request), under
// the actor's row-level security: the database keeps reads to the partnership and writes to the writers.

export const declaredRowsAbout = async (tx: Tx, table: string, personColumn: string, personId: string) =>
  (
    await sql<
      Record<string, unknown>
    >`SELECT * FROM ${sql.table(table)} WHERE ${sql.ref(personColumn)} = ${personId}`.execute(tx)
  ).rows;

export const insertDeclaredRow = async (tx: Tx, table: string, values: Readonly<Record<string, unknown>>) => {
  const columns = Object.keys(values);
  const { rows } = await sql<{ id: string }>`
    INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    VALUES (${sql.join(columns.map((c) => values[c]))}) RETURNING id`.execute(tx);
  return rows[0]!.id;
};
