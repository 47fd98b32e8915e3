import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../db/tenancy.ts';
import type { Role } from '../db/schema.ts';
import { apiActor } from './api-credentials.ts';
import { sendProblem } from './api/problem.ts';
import { label } from './language/index.ts';

/**
 * Every route declares who may use it. A route without a declaration cannot
 * be registered (deny by default), and the declarations form the route table
 * the authorisation matrix test is generated from.
 */
export type Access =
  { kind: 'public' } | { kind: 'signed-in'; roles: readonly Role[] | 'any' } | { kind: 'api-client' };

export const publicAccess: Access = { kind: 'public' };
export const anySignedIn: Access = { kind: 'signed-in', roles: 'any' };
export const rolesOnly = (...roles: Role[]): Access => ({ kind: 'signed-in', roles });

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export function registerAccessControl(app: FastifyInstance): void {
  app.decorate('routeTable', [] as RouteEntry[]);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      app.routeTable.push({ method, url: route.url, access });
    }
  });
}

export function isAllowed(access: Access, actor: Actor | null): boolean {
  if (access.kind === 'public') return true;
  if (access.kind === 'api-client') return false; // only an agency credential, resolved in refuseUnlessAllowed
  if (!actor) return false;
  return access.roles === 'any' || access.roles.includes(actor.role);
}

/** Refuses the request when the route's rule does not admit the actor. Returns true if refused. */
export async function refuseUnlessAllowed(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const access = request.routeOptions.config.access;
  if (!access || access.kind === 'public') return false;
  if (access.kind === 'api-client') {
    // An agency system acts as its credential, never as a browser session that happens to be present.
    request.actor = await apiActor(request.server.dbs.app, request);
    if (request.actor) return false;
    await sendProblem(
      reply,
      401,
      'unauthenticated',
      'Present a valid agency API credential: Authorization: Bearer wpk_<id>.<secret>.',
    );
    return true;
  }
  if (!request.actor) {
    if (request.url.startsWith('/api/')) {
      await sendProblem(reply, 401, 'unauthenticated', 'Sign in or present API credentials.');
    } else {
      await reply.redirect('/sign-in', 303);
    }
    return true;
  }
  if (!isAllowed(access, request.actor)) {
    await request.server.audit.record(request, {
      action: 'access.refused',
      subjectType: 'route',
      subjectId: request.routeOptions.url ?? null,
      outcome: 'denied',
    });
    await reply.code(403).page('error.njk', {
      title: label('error.refused.title'),
      message: label('error.refused.role-message'),
    });
    return true;
  }
  return false;
}
