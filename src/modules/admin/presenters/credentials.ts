import type { FormErrors } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import type { listAgencies, listApiCredentials } from '../service.ts';
import { agencyItems } from './users.ts';

type Credential = Awaited<ReturnType<typeof listApiCredentials>>[number];
type Agency = Awaited<ReturnType<typeof listAgencies>>[number];

const EXPIRIES = ['30', '90', '365'] as const;

export const credentialList = (credentials: Credential[], agencies: Agency[], form: Partial<FormErrors> = {}) => {
  const values = form.values ?? {};
  const chosen = typeof values.expiresInDays === 'string' && values.expiresInDays ? values.expiresInDays : '365';
  return {
    title: label('admin.credentials.title'),
    section: 'agencies',
    credentials: credentials.map((c) => {
      const live = c.active && !c.revoked_at && c.live;
      const status = live ? 'active' : c.revoked_at || !c.active ? 'revoked' : 'expired';
      return { ...c, live, statusLabel: label(`admin.status.${status}`) };
    }),
    values,
    agencyItems: agencyItems(agencies, values.agencyId),
    expiryItems: EXPIRIES.map((d) => ({
      value: d,
      text: label(`admin.credentials.days-${d}`),
      selected: d === chosen,
    })),
    errors: form.errors,
    errorList: form.errorList,
  };
};

export const credentialIssued = (token: string, rotated = false) => ({
  title: label('admin.issued.title'),
  section: 'agencies',
  token,
  rotated,
});
