import type { FieldError } from '../forms.ts';
import { label } from '../language/index.ts';

/**
 * A problem the service found with input that passed the form's own checks (a chair
 * who is no longer a chair, a case decided meanwhile), shaped as the GOV.UK error
 * summary and field error expect: on its field, or on the form as a whole. The
 * problem is a catalogue key (or its values), put into the page's language here.
 */
export function problemErrors(p: { problem: string; field?: string; values?: Record<string, string | number> }): {
  errors: Record<string, FieldError>;
  errorList: { text: string; href: string }[];
} {
  const field = p.field ?? 'form';
  const text = label(p.problem, p.values);
  return { errors: { [field]: { text } }, errorList: [{ text, href: `#${field}` }] };
}
