import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/**
 * Every API error is an RFC 9457 problem document. `type` names the kind of
 * problem (a relative URI under /api/problems), `error` repeats it as a short
 * code for clients written before the standard members, and `problems` lists
 * each invalid field by its path so a client can show it beside the field.
 */
export const problemCodes = {
  'invalid-request': 'The request is not valid',
  unauthenticated: 'Authentication is required',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  'too-many-requests': 'Too many requests',
  unprocessable: 'Nothing in the request could be saved',
  'bad-request': 'The request could not be read',
  'internal-error': 'Something went wrong',
} as const;
export type ProblemCode = keyof typeof problemCodes;

export const fieldProblem = z.object({ path: z.string(), message: z.string() });
export type FieldProblem = z.infer<typeof fieldProblem>;

export const problemDocument = z
  .object({
    type: z
      .string()
      .meta({ description: 'A relative URI naming the kind of problem, e.g. /api/problems/invalid-request' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().meta({ description: 'The request id, which support can find in the logs' }),
    error: z.enum(Object.keys(problemCodes) as [ProblemCode, ...ProblemCode[]]),
    message: z.string().meta({ description: 'The same as detail' }),
    problems: z.array(fieldProblem).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type ProblemDocument = z.infer<typeof problemDocument>;

export function problem(
  status: number,
  code: ProblemCode,
  detail: string,
  extra: { problems?: FieldProblem[]; instance?: string } = {},
): ProblemDocument {
  return {
    type: `/api/problems/${code}`,
    title: problemCodes[code],
    status,
    detail,
    ...extra,
    error: code,
    message: detail,
  };
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: ProblemCode,
  detail: string,
  problems?: FieldProblem[],
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send(problem(status, code, detail, { instance: reply.request.id, ...(problems ? { problems } : {}) }));
}

/** Zod issues as field problems, paths joined with dots (answers.3.value). */
export const zodProblems = (issues: readonly z.core.$ZodIssue[]): FieldProblem[] =>
  issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
