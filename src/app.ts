import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.ts';
import type { Databases } from './db/connection.ts';
import { AuditLog } from './platform/audit.ts';
import { publicAccess, refuseUnlessAllowed, registerAccessControl } from './platform/access.ts';
import { registerErrorHandling } from './platform/errors.ts';
import { createViewEnvironment, GOVUK_DIR, MOJ_DIR } from './platform/views/nunjucks.ts';
import { ANON_COOKIE, SESSION_COOKIE, SessionStore, csrfTokenFor, csrfTokenMatches, newToken } from './platform/auth/sessions.ts';
import { authRoutes } from './platform/auth/routes.ts';
import { oidcRoutes } from './platform/auth/oidc.ts';
import { homeRoutes } from './modules/home/routes.ts';
import { adminRoutes } from './modules/admin/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { riskRoutes } from './modules/risk/routes.ts';
import { riskApiRoutes } from './modules/risk/api-routes.ts';
import { accessRoutes } from './modules/access/routes.ts';
import { maracRoutes } from './modules/marac/routes.ts';
import { peopleRoutes } from './modules/people/routes.ts';
import { referralRoutes } from './modules/referrals/routes.ts';
import { referralApiRoutes } from './modules/referrals/api-routes.ts';
import { worklistRoutes } from './modules/worklists/routes.ts';
import { incidentApiRoutes } from './modules/incidents/api-routes.ts';
import { incidentRoutes } from './modules/incidents/routes.ts';
import { loadInstrumentRegistry } from './modules/risk/registry.ts';

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, context?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyInstance {
    config: Config;
    dbs: Databases;
    sessions: SessionStore;
  }
}

export async function buildApp(config: Config, dbs: Databases): Promise<FastifyInstance> {
  const app = Fastify({
    genReqId: () => randomUUID(),
    trustProxy: config.env === 'production',
    logger: {
      level: config.logLevel,
      // Never personal data in logs: no bodies, no query strings, no cookies.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    bodyLimit: 5 * 1024 * 1024,
  });
  app.decorate('config', config);
  app.decorate('instruments', await loadInstrumentRegistry());
  app.decorate('dbs', dbs);
  app.decorate('audit', new AuditLog(dbs.app));
  app.decorate('sessions', new SessionStore(dbs.app, config.sessionIdleMinutes));
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  registerAccessControl(app);

  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody);
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    hsts: config.publicUrl.startsWith('https:'),
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: false });

  const views = createViewEnvironment();
  app.decorateReply('page', function (this: import('fastify').FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request = this.request;
    const binding = request.sessionToken ?? (request.cookies[ANON_COOKIE] as string | undefined) ?? ensureAnonCookie(this);
    const html = views.render(template, {
      ...context,
      actor: request.actor,
      csrfToken: csrfTokenFor(config.sessionSecret, binding),
      cspNonce: this.cspNonce?.script,
    });
    // Pages about people must not linger in shared browser caches.
    return this.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });

  function ensureAnonCookie(reply: import('fastify').FastifyReply): string {
    const token = newToken();
    reply.setCookie(ANON_COOKIE, token, cookieOptions(config));
    reply.request.cookies[ANON_COOKIE] = token;
    return token;
  }

  // Support can match a user's report to the logs (and tests to the audit log) by this id.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Who is asking: resolve the session, then refuse forged forms, then apply the route's access rule.
  app.addHook('preHandler', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await app.sessions.resolve(token);
      if (session) {
        request.sessionToken = token;
        if (session.stage === 'signed-in') request.actor = session.actor;
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    // PostgreSQL text cannot hold NUL; refuse it at the door rather than fail half-way.
    if (request.body !== undefined && JSON.stringify(request.body).includes('\\u0000')) {
      if (request.url.startsWith('/api/')) return reply.code(400).send({ error: 'invalid-request', message: 'The request contains a NUL character, which cannot be stored.' });
      return reply.code(400).page('error.njk', { title: 'There is a problem with your request', message: 'What you entered contains a character that cannot be saved. Go back, remove it and try again.' });
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && !request.url.startsWith('/api/')) {
      const binding = request.sessionToken ?? request.cookies[ANON_COOKIE];
      const presented = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (!binding || !csrfTokenMatches(config.sessionSecret, binding, presented)) {
        request.log.warn('form refused: missing or wrong CSRF token');
        return reply.code(403).page('error.njk', {
          title: 'This form has expired',
          message: 'For your security, go back, reload the page and submit the form again.',
        });
      }
    }
    if (await refuseUnlessAllowed(request, reply)) return reply;
  });

  // The design system's own files: fonts, images, CSS and JS (no personal data, so cacheable).
  await app.register(fastifyStatic, { root: GOVUK_DIR, serve: false });
  const assetRoots = [path.join(GOVUK_DIR, 'govuk', 'assets'), path.join(GOVUK_DIR, 'govuk')];
  app.get('/assets/*', { config: { access: publicAccess } }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (file.startsWith('moj/')) return reply.sendFile(file.slice(4), path.join(MOJ_DIR, 'moj'), { maxAge: '1d' });
    const root = assetRoots.find((dir) => existsSync(path.join(dir, path.normalize(file))));
    if (!root) return reply.callNotFound();
    return reply.sendFile(file, root, { maxAge: '1d' });
  });

  registerErrorHandling(app);
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(oidcRoutes);
  await app.register(homeRoutes);
  await app.register(adminRoutes);
  await app.register(riskRoutes);
  await app.register(riskApiRoutes);
  await app.register(accessRoutes);
  await app.register(maracRoutes);
  await app.register(peopleRoutes);
  await app.register(referralRoutes);
  await app.register(referralApiRoutes);
  await app.register(worklistRoutes);
  await app.register(incidentApiRoutes);
  await app.register(incidentRoutes);
  return app;
}

export function cookieOptions(config: Config) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.publicUrl.startsWith('https:') };
}
