import { definePage } from '../../../platform/pages/page.ts';
import { notFound, redirect } from '../../../platform/pages/results.ts';
import { administrators, byId } from '../page-rules.ts';
import * as service from '../service.ts';

// A second administrator decides a waiting privileged change (agency lead, administrator, the designated
// safeguarding reviewer); the one who asked cannot, and is refused as though there were no such request.

const decide = (verb: 'approve' | 'refuse') =>
  definePage({
    path: `/admin/role-changes/:id/${verb}`,
    access: administrators,
    params: byId,
    audit: { action: `user.role.${verb}`, subjectType: 'user', subjectId: () => null },
    post: async ({ db, actor, params }) => {
      const decided = await service.decideRoleChange(db, actor, params.id, verb === 'approve');
      if (!decided) return notFound({ outcome: 'denied' });
      const action = decided.role === 'safeguarding-reviewer' ? `safeguarding-reviewer.${verb}` : undefined;
      return redirect('/admin/users', { subjectId: decided.userId, ...(action ? { action } : {}) });
    },
  });

export const approveRoleChange = decide('approve');
export const refuseRoleChange = decide('refuse');
