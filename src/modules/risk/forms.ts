import { label } from '../../platform/language/index.ts';
import { z } from 'zod';
import type { ChecklistInstrument } from './instrument.ts';
import { answerValues, type Answer } from './scoring.ts';

// Messages are catalogue keys, put into the page's language by the form wiring.
const name = (which: 'given-name' | 'family-name') =>
  z.string().min(1, `risk.form.enter-victim-${which}`).max(100, `risk.form.victim-${which}-too-long`);

const victimFields = z.object({
  givenName: name('given-name'),
  familyName: name('family-name'),
  dateOfBirth: z.string().check((ctx) => {
    const problem = dateOfBirthProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  }),
  instrument: z.string().min(1, 'risk.form.select-instrument'),
});

function dateOfBirthProblem(iso: string): string | null {
  const date = new Date(`${iso}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(iso) ||
    Number.isNaN(date.getTime()) ||
    !date.toISOString().startsWith(iso) ||
    iso < '1900-01-01'
  ) {
    return 'risk.form.victim-date-of-birth-real';
  }
  return date > new Date() ? 'risk.form.date-of-birth-past' : null;
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
      errors[`comment-${question.id}`] = { text: label('risk.form.comment-too-long', { number: index + 1 }) };
      errorList.push({ text: errors[`comment-${question.id}`]!.text, href: `#comment-${question.id}` });
    }
    if (typeof value !== 'string' || !(answerValues as readonly string[]).includes(value)) {
      errors[`answer-${question.id}`] = { text: label('risk.form.select-answer', { number: index + 1 }) };
      errorList.push({ text: errors[`answer-${question.id}`]!.text, href: `#answer-${question.id}` });
      return;
    }
    answers.push({ questionId: question.id, answer: value as Answer['answer'], ...(comment ? { comment } : {}) });
  });
  return { answers, errors, errorList };
}

export const judgementForm = z
  .object({
    victimView: z.string().max(4000, 'risk.form.victim-view-too-long').optional().default(''),
    judgementLevel: z.enum(['none', 'standard', 'medium', 'high'], {
      error: 'risk.form.select-judgement',
    }),
    judgementReason: z.string().max(4000, 'risk.form.reason-too-long').optional().default(''),
    consentToShare: z.enum(['given', 'refused', 'not-asked'], {
      error: 'risk.form.select-consent',
    }),
    childrenInHousehold: z
      .string()
      .regex(/^\d{1,2}$/, 'risk.form.enter-children')
      .transform(Number),
  })
  .superRefine((form, ctx) => {
    if (form.judgementLevel !== 'none' && !form.judgementReason.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['judgementReason'],
        message: 'risk.form.give-judgement-reason',
      });
    }
  });
