import { problemErrors } from '../../../platform/pages/form-problem.ts';
import { definePage, type FormErrors, type PageContext } from '../../../platform/pages/page.ts';
import { notFound, redirect, view, type PageResult } from '../../../platform/pages/results.ts';
import { apiCredentialForm } from '../forms.ts';
import { administrators, byId } from '../page-rules.ts';
import * as present from '../presenters/credentials.ts';
import * as service from '../service.ts';

// Credentials for agencies' record systems: issuing one (its token shown once), revoking and rotating.

const ISSUED = 'admin/views/api-credential-issued.njk';

async function listPage(
  { db, actor }: PageContext<unknown>,
  form: Partial<FormErrors> = {},
  status = 200,
): Promise<PageResult> {
  const [credentials, agencies] = [await service.listApiCredentials(db, actor), await service.listAgencies(db, actor)];
  return view('admin/views/api-credentials.njk', present.credentialList(credentials, agencies, form), { status });
}

export const credentials = definePage({
  path: '/admin/api-credentials',
  access: administrators,
  get: (ctx) => listPage(ctx),
  post: {
    audit: { action: 'api-credential.issue', subjectType: 'api-credential', subjectId: () => null },
    schema: apiCredentialForm,
    invalid: (ctx, form) => listPage(ctx, form),
    handle: async (ctx, value, fields) => {
      const issued = await service.issueApiCredential(ctx.db, ctx.actor, value);
      if (!issued.ok) return listPage(ctx, { values: fields, ...problemErrors(issued.problem) }, 400);
      return view(ISSUED, present.credentialIssued(issued.value.token), { subjectId: issued.value.id });
    },
  },
});

export const revokeCredential = definePage({
  path: '/admin/api-credentials/:id/revoke',
  access: administrators,
  params: byId,
  audit: { action: 'api-credential.revoke', subjectType: 'api-credential' },
  post: async ({ db, actor, params }) =>
    (await service.revokeApiCredential(db, actor, params.id)) ? redirect('/admin/api-credentials') : notFound(),
});

export const rotateCredential = definePage({
  path: '/admin/api-credentials/:id/rotate',
  access: administrators,
  params: byId,
  audit: { action: 'api-credential.rotate', subjectType: 'api-credential' },
  post: async ({ db, actor, params }) => {
    const rotated = await service.rotateApiCredential(db, actor, params.id);
    if (!rotated) return notFound();
    // The successor is a credential of its own: its issue is a second event, naming it.
    return view(ISSUED, present.credentialIssued(rotated.token, true), {
      also: [{ action: 'api-credential.issue', subjectType: 'api-credential', subjectId: rotated.id }],
    });
  },
});
