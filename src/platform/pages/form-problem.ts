import type { FieldError } from '../forms.ts';

/**
 * A problem the service found with input that passed the form's own checks (a chair
 * who is no longer a chair, a case decided meanwhile), shaped as the GOV.UK error
 * summary and field error expect: on its field, or on the form as a whole.
 */
export function problemErrors(p: { problem: string; field?: string }): {
  errors: Record<string, FieldError>;
  errorList: { text: string; href: string }[];
} {
  const field = p.field ?? 'form';
  return { errors: { [field]: { text: p.problem } }, errorList: [{ text: p.problem, href: `#${field}` }] };
}
