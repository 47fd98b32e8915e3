import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
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
export interface OperationContext<B, P = Record<string, never>> {
  request: FastifyRequest;
  actor: Actor;
  body: B;
  params: P;
  db: Kysely<Database>;
  app: FastifyInstance;
}

export type OperationResult =
  | {
      kind: 'done';
      status: number;
      body: unknown;
      subjectId: string | null;
      action?: string;
      headers?: Record<string, string>;
    }
  | { kind: 'problem'; status: number; code: ProblemCode; detail: string; problems: FieldProblem[] };

export interface OperationDefinition<B extends z.ZodType, P extends z.ZodType = z.ZodType<Record<string, never>>> {
  method: 'GET' | 'POST';
  path: string;
  rateLimit?: { max: number; timeWindow: string };
  schema: { summary: string; description?: string; body?: B; params?: P; response: Record<number, z.ZodType> };
  /**
   * The event a success writes. `null` only for an operation that reads no one's records and
   * changes nothing the audit log does not already hold (a run's progress, whose rows were audited when imported).
   */
  audit: { action: string; subjectType: string } | null;
  /** A route's own validator, for a body the schema cannot describe alone (CSV text beside JSON). */
  validatorCompiler?: RouteOptions['validatorCompiler'];
  handle: (ctx: OperationContext<z.infer<B>, z.infer<P>>) => Promise<OperationResult>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = OperationDefinition<any, any>;

export const defineOperation = <B extends z.ZodType, P extends z.ZodType = z.ZodType<Record<string, never>>>(
  op: OperationDefinition<B, P>,
): OperationDefinition<B, P> => op;

export const done = (
  status: number,
  body: unknown,
  subjectId: string | null,
  action?: string,
  headers?: Record<string, string>,
): OperationResult => ({
  kind: 'done',
  status,
  body,
  subjectId,
  ...(action ? { action } : {}),
  ...(headers ? { headers } : {}),
});

export const invalidRequest = (detail: string, problems: FieldProblem[]): OperationResult =>
  problem(400, 'invalid-request', detail, problems);

export const problem = (
  status: number,
  code: ProblemCode,
  detail: string,
  problems: FieldProblem[] = [],
): OperationResult => ({
  kind: 'problem',
  status,
  code,
  detail,
  problems,
});

export function registerOperations(app: FastifyInstance, operations: readonly AnyOperation[]): void {
  for (const op of operations) {
    app.route({
      method: op.method,
      url: op.path,
      config: { access: { kind: 'api-client' as const }, ...(op.rateLimit ? { rateLimit: op.rateLimit } : {}) },
      schema: op.schema,
      ...(op.validatorCompiler ? { validatorCompiler: op.validatorCompiler } : {}),
      handler: async (request, reply) => {
        const result = await op.handle({
          request,
          actor: request.actor!,
          body: request.body,
          params: request.params ?? {},
          db: app.dbs.app,
          app,
        });
        if (result.kind === 'problem')
          return sendProblem(reply, result.status, result.code, result.detail, result.problems);
        if (op.audit)
          await app.audit.record(request, {
            action: result.action ?? op.audit.action,
            subjectType: op.audit.subjectType,
            subjectId: result.subjectId,
            outcome: 'success',
          });
        return reply
          .code(result.status)
          .headers(result.headers ?? {})
          .send(result.body);
      },
    });
  }
}
