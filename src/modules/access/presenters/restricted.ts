import type { Actor } from '../../../db/tenancy.ts';
import type { FieldError } from '../../../platform/forms.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import { restrictedKinds } from '../policy.ts';
import type * as service from '../restricted-service.ts';

// Restricted details -> the page: the details visible, the form to record one (naming who else may see
// it), the form to ask, and the one approved view.

type Page = NonNullable<Awaited<ReturnType<typeof service.restrictedDetailsPage>>>;

/** A form sent back: the detail (`values`, `errors`) or the request to see (`requestValues`, `requestErrors`). */
export type RestrictedForms = Partial<FormErrors> & {
  requestValues?: Record<string, unknown>;
  requestErrors?: Record<string, FieldError>;
};

const kindLabels = () => Object.fromEntries(restrictedKinds.map((k) => [k, label(`restricted.kind.${k}`)]));

export const restricted = (actor: Actor, personId: string, page: Page, forms: RestrictedForms = {}) => ({
  title: label('access.restricted.title'),
  personId,
  ...page,
  kindLabels: kindLabels(),
  values: {},
  requestValues: {},
  // Who else may be named: never the user's own agency or the user.
  agencyItems: page.agencies.filter((a) => a.id !== actor.agencyId).map((a) => ({ value: a.id, text: a.name })),
  teamItems: page.teams.map((t) => ({ value: t.id, text: `${t.name}, ${t.agency_name}` })),
  userItems: page.people
    .filter((u) => u.id !== actor.userId)
    .map((u) => ({ value: u.id, text: `${u.display_name}, ${u.agency_name}` })),
  approved: page.requests.some((r) => r.status === 'approved'),
  waiting: page.requests.some((r) => r.status === 'waiting'),
  ...forms,
});

export const approved = (personId: string, details: NonNullable<Awaited<ReturnType<typeof service.openApproved>>>) => ({
  title: label('access.approved.title'),
  personId,
  details,
  kindLabels: kindLabels(),
});
