import { z } from 'zod';
import { rolesOnly } from '../../../platform/access.ts';
import { label } from '../../../platform/language/index.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import { CONTACT_TYPES } from '../../people/service.ts';
import { contactTypeWords } from '../../people/service.ts';
import * as service from '../service.ts';

// The partnership's list of which kinds of contact are abuse incidents, kept by its administrator.
const administrators = rolesOnly('administrator');
const kindsForm = z.object({ abuse: z.union([z.string(), z.array(z.string())]).optional() });

export const contactKinds = definePage({
  path: '/admin/contact-kinds',
  access: administrators,
  get: async ({ db, actor, query }) =>
    view('incidents/views/contact-kinds.njk', {
      title: label('incidents.kinds.title'),
      kinds: (await service.contactKinds(db, actor)).map((k) => ({ ...k, label: contactTypeWords(k.contact_type) })),
      saved: query.saved,
    }),
  post: {
    schema: kindsForm,
    invalid: async () => redirect('/admin/contact-kinds'),
    handle: async ({ db, actor }, v) => {
      const ticked = v.abuse === undefined ? [] : Array.isArray(v.abuse) ? v.abuse : [v.abuse];
      await service.saveContactKinds(db, actor, new Set(ticked.filter((k) => k in CONTACT_TYPES)));
      return redirect('/admin/contact-kinds?saved=1');
    },
  },
});
