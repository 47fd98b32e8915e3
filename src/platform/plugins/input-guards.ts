import path from 'node:path';
import { statSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from '../api/problem.ts';

// Hostile input is refused at the door, before sessions, CSRF or any handler
// look at it, with a plain 400 and never a 500. The checks walk the body with
// an explicit stack, so nesting cannot overflow the call stack.

export const MAX_DEPTH = 32;
export const MAX_NODES = 20_000;

/** Keys a form field must never take: the names of Object.prototype's members, which templates and `${}` call. */
const SHADOWING = new Set(Object.getOwnPropertyNames(Object.prototype));

export type BodyProblem = 'too-deep' | 'too-large' | 'nul' | 'not-a-form-value' | 'reserved-name';

/** The first thing wrong with a parsed body, or null. `form`: values must be strings or lists of strings. */
export function bodyProblem(body: unknown, form: boolean): BodyProblem | null {
  if (body === null || typeof body !== 'object')
    return typeof body === 'string' && body.includes('\u0000') ? 'nul' : null;
  const stack: Array<[unknown, number]> = [[body, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (++nodes > MAX_NODES) return 'too-large';
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'nul';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) return 'too-deep';
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key.includes('\u0000')) return 'nul';
      if (form && depth === 0) {
        if (SHADOWING.has(key)) return 'reserved-name';
        const ok = typeof child === 'string' || (Array.isArray(child) && child.every((x) => typeof x === 'string'));
        if (!ok) return 'not-a-form-value';
      }
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

const MESSAGES: Record<BodyProblem, string> = {
  'too-deep': 'The request is nested too deeply.',
  'too-large': 'The request has too many values.',
  nul: 'The request contains a NUL character, which cannot be stored.',
  'not-a-form-value': 'Every answer must be text. Go back and try again.',
  'reserved-name': 'The form contains a field this service does not use. Go back and try again.',
};

/** Registered first, so hostile bodies never reach the session, CSRF or access checks. */
export const inputGuards = fp(async (app: FastifyInstance) => registerInputGuards(app));

export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.body === undefined) return;
    const api = request.url.startsWith('/api/');
    const problem = bodyProblem(request.body, !api);
    if (!problem) return;
    request.log.info({ problem }, 'request body refused');
    if (api) return sendProblem(reply, 400, 'invalid-request', MESSAGES[problem]);
    const message =
      problem === 'nul'
        ? 'What you entered contains a character that cannot be saved. Go back, remove it and try again.'
        : MESSAGES[problem];
    return reply.code(400).page('error.njk', { title: 'There is a problem with your request', message });
  });
}

/**
 * The file under `root` that `requested` names, or null when there is no such
 * regular file. Null for a traversal, a dotfile or a missing file alike, so
 * the answer (one 404) says nothing about what exists outside the assets.
 */
export function assetFile(root: string, requested: string): string | null {
  if (requested.includes('\u0000') || requested.includes('\\')) return null;
  const segments = requested.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) return null;
  const full = path.join(root, ...segments);
  if (!full.startsWith(root + path.sep)) return null;
  try {
    return statSync(full).isFile() ? segments.join('/') : null;
  } catch {
    return null;
  }
}
