import { rolesOnly } from '../../../platform/access.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { notFound, view } from '../../../platform/pages/results.ts';
import { viewerOf } from '../../access/service.ts';
import * as f from '../forms.ts';
import * as present from '../presenters/schools.ts';
import * as service from '../service.ts';

// What a school's safeguarding contact reads: the notices for their school. Row-level security gives
// a notice only to its school's current contacts; anyone else gets a 404.

const contacts = rolesOnly('practitioner', 'agency-lead');

export const notices = definePage({
  path: '/schools/notices',
  access: contacts,
  audit: { action: 'school-notice.list', subjectType: 'school-notice' },
  get: async ({ db, actor }) =>
    view('schools/views/notices.njk', present.noticeList(await service.noticesForContact(db, actor))),
});

export const notice = definePage({
  path: '/schools/notices/:id',
  access: contacts,
  params: f.byId,
  audit: { action: 'school-notice.view', subjectType: 'school-notice' },
  get: async ({ db, actor, params, request }) => {
    const found = await service.openNotice(db, actor, params.id);
    if (!found) return notFound();
    // The read is in the child's access log.
    viewerOf(request).saw([found.child_person_id]);
    return view('schools/views/notice.njk', present.notice(found));
  },
});
