import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../db/tenancy.ts';
import type { Database } from '../../db/schema.ts';
import { sendProblem, type FieldProblem, type ProblemCode } from './problem.ts';

/**
 * One API operation an agency's record system calls with its credential: its path, its rate
 * limit, its schemas (which validate the request and describe it in the OpenAPI document) and
 * the audit event a success writes. The wiring sends what the handler returns: a success with
 * its status and body (and the event, naming the record it returns), or a problem document.
 * A refused request saved nothing and showed nothing, so it writes no event.
 */
export interface OperationContext<B> {
  request: FastifyRequest;
  actor: Actor;
  body: B;
  db: Kysely<Database>;
  app: FastifyInstance;
}

export type OperationResult =
  | { kind: 'done'; status: number; body: unknown; subjectId: string | null; action?: string }
  | { kind: 'problem'; status: number; code: ProblemCode; detail: string; problems: FieldProblem[] };

export interface OperationDefinition<B extends z.ZodType> {
  method: 'POST';
  path: string;
  rateLimit: { max: number; timeWindow: string };
  schema: { summary: string; description: string; body: B; response: Record<number, z.ZodType> };
  audit: { action: string; subjectType: string };
  handle: (ctx: OperationContext<z.infer<B>>) => Promise<OperationResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = OperationDefinition<any>;

export const defineOperation = <B extends z.ZodType>(op: OperationDefinition<B>): OperationDefinition<B> => op;

export const done = (status: number, body: unknown, subjectId: string | null, action?: string): OperationResult => ({
  kind: 'done',
  status,
  body,
  subjectId,
  ...(action ? { action } : {}),
});

export const invalidRequest = (detail: string, problems: FieldProblem[]): OperationResult => ({
  kind: 'problem',
  status: 400,
  code: 'invalid-request',
  detail,
  problems,
});

export function registerOperations(app: FastifyInstance, operations: readonly AnyOperation[]): void {
  for (const op of operations) {
    app.route({
      method: op.method,
      url: op.path,
      config: { access: { kind: 'api-client' as const }, rateLimit: op.rateLimit },
      schema: op.schema,
      handler: async (request, reply) => {
        const result = await op.handle({ request, actor: request.actor!, body: request.body, db: app.dbs.app, app });
        if (result.kind === 'problem')
          return sendProblem(reply, result.status, result.code, result.detail, result.problems);
        await app.audit.record(request, {
          action: result.action ?? op.audit.action,
          subjectType: op.audit.subjectType,
          subjectId: result.subjectId,
          outcome: 'success',
        });
        return reply.code(result.status).send(result.body);
      },
    });
  }
}
