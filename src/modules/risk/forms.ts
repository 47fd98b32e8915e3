import { z } from 'zod';
import type { ChecklistInstrument } from './instrument.ts';
import { answerValues, type Answer } from './scoring.ts';

const name = (what: string) =>
  z.string().min(1, `Enter the victim’s ${what}`).max(100, `The victim’s ${what} must be 100 characters or fewer`);

const victimFields = z.object({
  givenName: name('first name'),
  familyName: name('last name'),
  dateOfBirth: z.string().check((ctx) => {
    const problem = dateOfBirthProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  }),
  instrument: z.string().min(1, 'Select the checklist you are using'),
});

function dateOfBirthProblem(iso: string): string | null {
  const date = new Date(`${iso}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(iso) ||
    Number.isNaN(date.getTime()) ||
    !date.toISOString().startsWith(iso) ||
    iso < '1900-01-01'
  ) {
    return 'Date of birth must be a real date, like 27 3 1990';
  }
  return date > new Date() ? 'Date of birth must be in the past' : null;
}

/** The GOV.UK date input sends day, month and year separately; they are checked as one date, alongside the other fields. */
export function victimFormInput(values: Record<string, unknown>) {
  const part = (key: string, width: number) =>
    String(values[`dateOfBirth-${key}`] ?? '')
      .trim()
      .padStart(width, '0');
  return { ...values, dateOfBirth: `${part('year', 4)}-${part('month', 2)}-${part('day', 2)}` };
}

export const victimForm = victimFields;

/** Every question needs one of the four answers; comments are optional. Field names: answer-<id>, comment-<id>. */
export function parseChecklistAnswers(
  instrument: ChecklistInstrument,
  body: Record<string, unknown>,
): { answers: Answer[]; errors: Record<string, { text: string }>; errorList: { text: string; href: string }[] } {
  const answers: Answer[] = [];
  const errors: Record<string, { text: string }> = {};
  const errorList: { text: string; href: string }[] = [];
  instrument.questions.forEach((question, index) => {
    const value = body[`answer-${question.id}`];
    const comment =
      typeof body[`comment-${question.id}`] === 'string' ? (body[`comment-${question.id}`] as string).trim() : '';
    if (comment.length > 4000) {
      errors[`comment-${question.id}`] = { text: `Comment on question ${index + 1} must be 4,000 characters or fewer` };
      errorList.push({ text: errors[`comment-${question.id}`]!.text, href: `#comment-${question.id}` });
    }
    if (typeof value !== 'string' || !(answerValues as readonly string[]).includes(value)) {
      errors[`answer-${question.id}`] = { text: `Select an answer to question ${index + 1}, or ‘Not asked’` };
      errorList.push({ text: errors[`answer-${question.id}`]!.text, href: `#answer-${question.id}` });
      return;
    }
    answers.push({ questionId: question.id, answer: value as Answer['answer'], ...(comment ? { comment } : {}) });
  });
  return { answers, errors, errorList };
}

export const judgementForm = z
  .object({
    victimView: z.string().max(4000, 'The victim’s view must be 4,000 characters or fewer').optional().default(''),
    judgementLevel: z.enum(['none', 'standard', 'medium', 'high'], {
      error: 'Select your professional judgement of the risk, or ‘No separate judgement’',
    }),
    judgementReason: z.string().max(4000, 'The reason must be 4,000 characters or fewer').optional().default(''),
    consentToShare: z.enum(['given', 'refused', 'not-asked'], {
      error: 'Select whether the victim consents to information being shared',
    }),
    childrenInHousehold: z
      .string()
      .regex(/^\d{1,2}$/, 'Enter the number of children in the household, like 0 or 2')
      .transform(Number),
  })
  .superRefine((form, ctx) => {
    if (form.judgementLevel !== 'none' && !form.judgementReason.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['judgementReason'],
        message: 'Give the reason for your professional judgement',
      });
    }
  });
