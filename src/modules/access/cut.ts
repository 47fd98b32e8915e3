import type { SharingLevel } from './policy.ts';
import { RECORD_TYPES, type Level, type RecordTypeDeclaration, type RecordTypeName } from './record-types.ts';

const order: readonly SharingLevel[] = ['none', 'signpost', 'shared-summary', 'full'];

/** The parts a declared record type shows at a level: what each level up to it adds. Restricted parts never. */
export function partsAt(declaration: RecordTypeDeclaration, level: SharingLevel): string[] {
  const parts: string[] = [];
  for (const l of order.slice(1, order.indexOf(level) + 1) as Level[]) parts.push(...declaration.adds[l]);
  return parts;
}

/** The fields a declared record type shows at a level (with its restricted parts only when the viewer is in the named group). */
export function fieldsAt(
  declaration: RecordTypeDeclaration,
  level: SharingLevel,
  restrictedVisible = false,
): Set<string> {
  const fields = new Set<string>();
  if (level === 'none') return fields;
  for (const f of declaration.envelope) fields.add(f);
  const parts = partsAt(declaration, level);
  if (restrictedVisible && declaration.restricted) parts.push(...declaration.restricted.parts);
  const restricted = new Set(restrictedVisible ? [] : (declaration.restricted?.parts ?? []));
  for (const p of parts) if (!restricted.has(p)) for (const f of declaration.parts[p] ?? []) fields.add(f);
  return fields;
}

/**
 * Cuts one record to what a viewer at `level` may see of it: a new object built
 * from the fields the declaration allows, never the row copied and trimmed, so a
 * column added to a query later is not shown until it is declared. Nothing at
 * all at `none`.
 */
export function cutRecord<R extends object>(
  declaration: RecordTypeDeclaration,
  row: R,
  level: SharingLevel,
  restrictedVisible = false,
): Partial<R> | null {
  if (level === 'none') return null;
  const allowed = fieldsAt(declaration, level, restrictedVisible);
  const out: Partial<R> = {};
  for (const key of Object.keys(row) as (keyof R & string)[]) if (allowed.has(key)) out[key] = row[key];
  return out;
}

/** `cutRecord` for one of the record types the service declares. */
export const cut = <R extends object>(type: RecordTypeName, row: R, level: SharingLevel, restrictedVisible = false) =>
  cutRecord(RECORD_TYPES[type], row, level, restrictedVisible);

/** The person a declared record is about (for the audit), if the declaration names one. */
export function personOf(declaration: RecordTypeDeclaration, row: object): string | null {
  if (!declaration.person) return null;
  const v = (row as Record<string, unknown>)[declaration.person];
  return typeof v === 'string' ? v : null;
}
