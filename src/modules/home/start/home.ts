import { anySignedIn, publicAccess } from '../../../platform/access.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { view } from '../../../platform/pages/results.ts';
import { label } from '../../../platform/language/index.ts';
import * as present from '../presenters/home.ts';
import * as service from '../service.ts';

/** Where every signed-in user starts: their worklist and the tasks their role most often comes to do. */
export const home = definePage({
  path: '/',
  access: anySignedIn,
  get: async ({ db, actor }) => view('home/views/home.njk', present.home(actor, await service.homePage(db, actor))),
});

export const accessibility = definePage({
  path: '/accessibility',
  access: publicAccess,
  get: async () => view('home/views/accessibility.njk', { title: label('home.accessibility.title') }),
});
