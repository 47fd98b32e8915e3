import { describe, expect, it } from 'vitest';
import type { Actor } from '../../db/tenancy.ts';
import { rolesOnly } from '../access.ts';
import { view } from './results.ts';
import { definePage } from './page.ts';
import { notePersonSection, personSectionsFor } from './person-sections.ts';

const actor = (role: Actor['role']) => ({ role }) as Actor;

describe("a person's sections", () => {
  it('lists a page that declares one, for the roles it admits, once however often it is registered', () => {
    const page = definePage({
      path: '/people/:id/fixture-section',
      access: rolesOnly('practitioner'),
      personSection: 'people.person.household',
      get: async () => view('x.njk', {}),
    });
    const postOnly = definePage({
      path: '/people/:id/fixture-post',
      access: rolesOnly('practitioner'),
      personSection: 'people.person.household',
      post: async () => view('x.njk', {}),
    });
    for (const p of [page, page, postOnly]) notePersonSection(p);
    const mine = (role: Actor['role']) =>
      personSectionsFor('p-1', actor(role)).filter((s) => s.href.includes('fixture'));
    expect(mine('practitioner')).toEqual([{ href: '/people/p-1/fixture-section', text: 'Household and children' }]);
    expect(mine('administrator')).toEqual([]);
  });
});
