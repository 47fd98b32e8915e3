import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../../db/tenancy.ts';
import type { Database } from '../../db/schema.ts';
import type { Access } from '../access.ts';
import type { FieldError } from '../forms.ts';
import type { PageResult } from './results.ts';

/**
 * One page (or one small journey step): its path, who may use it, its params and
 * form schemas, the audit event it writes, and its GET and POST handlers. The
 * shared wiring in registerPages does what every page needs, so a handler holds
 * only what is particular to it:
 * - params that do not parse (a malformed id) are a 404, never a 400 or a 500;
 * - a POST form is trimmed and validated; invalid input goes back to the page's
 *   `invalid` renderer with the GOV.UK error summary and the answers kept;
 * - exactly one audit event is written per request, with the declared action and
 *   subject, and an outcome from the result (not found, a problem or a form shown
 *   again with its errors -> failure; refused -> denied), written before the page is sent.
 */
export interface PageContext<P> {
  request: FastifyRequest;
  reply: FastifyReply;
  actor: Actor;
  params: P;
  query: Record<string, string | undefined>;
  db: Kysely<Database>;
  app: FastifyInstance;
}

export interface AuditDeclaration<P> {
  action: string;
  subjectType: string;
  /** The record the event is about; by default the `id` param. A result may name it instead (a new record). */
  subjectId?: (params: P, actor: Actor) => string | null;
}

export interface FormErrors {
  values: Record<string, unknown>;
  errors: Record<string, FieldError>;
  errorList: { text: string; href: string }[];
}

export interface FormHandler<P, F extends z.ZodType> {
  schema: F;
  /** Turns the submitted fields into what the schema checks (e.g. a date from day, month and year). */
  prepare?: (fields: Record<string, unknown>) => Record<string, unknown>;
  /** Shows the form again, with the problems, when it does not validate (the wiring sets status 400). */
  invalid: (ctx: PageContext<P>, form: FormErrors) => Promise<PageResult>;
  handle: (ctx: PageContext<P>, value: z.infer<F>, fields: Record<string, unknown>) => Promise<PageResult>;
  audit?: AuditDeclaration<P>;
}

export interface PageDefinition<PS extends z.ZodType, F extends z.ZodType> {
  path: string;
  access: Access;
  params?: PS;
  audit?: AuditDeclaration<z.infer<PS>>;
  get?: (ctx: PageContext<z.infer<PS>>) => Promise<PageResult>;
  post?: FormHandler<z.infer<PS>, F> | ((ctx: PageContext<z.infer<PS>>) => Promise<PageResult>);
  /** Route options beyond access (e.g. a rate limit). */
  routeConfig?: Record<string, unknown>;
  /**
   * The label of this page among a person's sections: a page about the person in its `:id` (their disclosures,
   * say) that the person page links to, for those the page admits, without the person page knowing of it.
   */
  personSection?: string;
}

// Any page definition, whatever its schemas; the wiring checks them at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPage = PageDefinition<any, any>;

// Pages are found by what defined them, not by their shape, so an object that merely looks like one is never served.
const defined = new WeakSet<object>();

export function definePage<PS extends z.ZodType = z.ZodType<Record<string, never>>, F extends z.ZodType = z.ZodType>(
  page: PageDefinition<PS, F>,
): PageDefinition<PS, F> {
  defined.add(page);
  return page;
}

/** Whether a value is a page made by definePage. */
export const isPage = (value: unknown): value is AnyPage =>
  typeof value === 'object' && value !== null && defined.has(value);
