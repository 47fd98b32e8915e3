import type { FormErrors } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import type * as service from '../service.ts';

// Sharing decisions -> the page: the decisions with their levels and bases in words, and the form.

const LEVELS = ['signpost', 'shared-summary', 'full'] as const;
const BASES = ['consent', 'marac-attendance', 'risk-of-serious-harm', 'legal-duty'] as const;
const words = (prefix: string, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, label(`${prefix}.${k}`)]));

export const sharing = (
  personId: string,
  page: NonNullable<Awaited<ReturnType<typeof service.sharingPage>>>,
  form: Partial<FormErrors> = {},
) => ({
  title: label('access.sharing.title'),
  personId,
  ...page,
  levelLabels: words('sharing.level', LEVELS),
  basisLabels: words('sharing.basis', BASES),
  values: {},
  ...form,
});
