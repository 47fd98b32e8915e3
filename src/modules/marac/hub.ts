import { definePage } from '../../platform/pages/page.ts';
import { view } from '../../platform/pages/results.ts';
import { everyone } from './page-rules.ts';

/** The MARAC hub: links to what the viewer's role may do. */
export const hub = definePage({
  path: '/marac',
  access: everyone,
  get: async ({ actor }) => view('marac/views/index.njk', { title: 'MARAC', section: 'marac', role: actor.role }),
});
