import { z } from 'zod';
import type { FieldError } from '../forms.ts';
import { passwordProblem } from './passwords.ts';
import type { ChangeOutcome } from './accounts.ts';
import { label } from '../language/index.ts';

// The forms of a user's own credentials, and the problems they show.

const newPassword = z
  .string()
  .min(1, 'account.password.problem.missing')
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const code = z.string().regex(/^\s*\d{3}\s?\d{3}\s*$/, 'auth.code.problem.format');
const enrolment = z.string().min(1).max(400);
const confirmed = <T extends { password: string; confirmPassword: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.password !== value.confirmPassword)
    ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'account.password.problem.mismatch' });
};

export const setUpForm = z
  .object({ password: newPassword, confirmPassword: z.string(), code, enrolment })
  .superRefine(confirmed);
export const passwordForm = z
  .object({
    currentPassword: z.string().min(1, 'account.password.problem.current-missing').max(256),
    password: newPassword,
    confirmPassword: z.string(),
  })
  .superRefine(confirmed);
export const authenticatorForm = z.object({
  currentPassword: z.string().min(1, 'account.password.problem.current-missing').max(256),
  code,
  enrolment,
});
// The token travels in the query string, which the server's log leaves out (it records the path only).
export const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export const errorsFor = (field: string, key: string, text = label(key)) => ({
  errors: { [field]: { text } } as Record<string, FieldError>,
  errorList: [{ text, href: `#${field}` }],
});

export const CHANGE_PROBLEMS: Record<Exclude<ChangeOutcome, 'ok'>, [string, string]> = {
  'wrong-password': ['currentPassword', 'account.problem.wrong-password'],
  locked: ['currentPassword', 'account.problem.locked'],
  refused: ['currentPassword', 'account.problem.refused'],
};

export type FormProblems = ReturnType<typeof errorsFor>;
