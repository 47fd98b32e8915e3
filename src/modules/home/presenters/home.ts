import type { Actor } from '../../../db/tenancy.ts';
import { label } from '../../../platform/language/index.ts';
import type { homePage } from '../service.ts';

// The home page: the user's place and role in words, their tasks and worklist.

export const home = (actor: Actor, page: Awaited<ReturnType<typeof homePage>>) => ({
  title: label('home.title'),
  section: 'home',
  ...page,
  tasks: page.tasks.map((task) => ({ ...task, text: label(task.text) })),
  roleLabel: label(`role.${actor.role}`),
  kindLabel: label(`agency-kind.${page.place.agencyKind}`),
});
