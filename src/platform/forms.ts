import type { z } from 'zod';
import { label } from './language/index.ts';

export interface FieldError {
  text: string;
}

export type FormResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: Record<string, FieldError>; errorList: { text: string; href: string }[] };

/**
 * Validates a submitted form with its Zod schema and shapes the problems the
 * way the GOV.UK error summary and field errors expect: one message per
 * field, in the order the fields appear, each linking to its field. A schema's
 * messages are catalogue keys, put into the page's language here.
 */
export function validateForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, FieldError> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('-') || 'form';
    if (errors[field]) continue;
    const text = label(issue.message);
    errors[field] = { text };
    errorList.push({ text, href: `#${field}` });
  }
  return { ok: false, errors, errorList };
}

/** Form bodies arrive as strings (or arrays of them); trims text and drops the CSRF field. */
export function formFields(body: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (!body || typeof body !== 'object') return fields;
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    fields[key] = typeof value === 'string' ? value.trim() : value;
  }
  return fields;
}
