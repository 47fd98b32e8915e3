import type { Actor } from '../../db/tenancy.ts';
import { isAllowed } from '../access.ts';
import { label } from '../language/index.ts';
import type { AnyPage } from './page.ts';

// Pages that declare a person section, by path: page definitions are module constants, so however many app
// instances register them (the tests start several), each is listed once.
const sections = new Map<string, AnyPage>();

export function notePersonSection(page: AnyPage): void {
  if (page.personSection && page.get) sections.set(page.path, page);
}

/** The person's sections this actor may open, as links, in path order. */
export const personSectionsFor = (personId: string, actor: Actor) =>
  [...sections.values()]
    .filter((page) => isAllowed(page.access, actor))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((page) => ({ href: page.path.replace(':id', personId), text: label(page.personSection!) }));
