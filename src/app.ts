import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Databases } from './db/connection.ts';
import { AuditLog, registerAuditCheckpoints } from './platform/audit.ts';
import { registerAccessControl } from './platform/access.ts';
import { registerErrorHandling } from './platform/errors.ts';
import { apiDescription } from './platform/api/description.ts';
import { cookiesAndForms } from './platform/plugins/cookies.ts';
import { language } from './platform/plugins/language.ts';
import { securityHeaders } from './platform/plugins/security-headers.ts';
import { views } from './platform/plugins/views.ts';
import { sessions } from './platform/plugins/sessions.ts';
import { inputGuards } from './platform/plugins/input-guards.ts';
import { csrf } from './platform/plugins/csrf.ts';
import { accessCheck } from './platform/plugins/access-check.ts';
import { requestTransaction } from './platform/plugins/request-transaction.ts';
import { assets } from './platform/plugins/assets.ts';
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
import { schoolRoutes } from './modules/schools/routes.ts';
import { handoverRoutes } from './modules/handover/routes.ts';
import { loadInstrumentRegistry } from './modules/risk/registry.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    dbs: Databases;
  }
}

/**
 * The composition root: the platform's plugins, each one job in its own file
 * under src/platform/plugins, then every module's pages. Hooks run in the order
 * registered: input guards, session, CSRF, then the route's access rule.
 */
export async function buildApp(config: Config, dbs: Databases): Promise<FastifyInstance> {
  const app = Fastify({
    genReqId: () => randomUUID(),
    trustProxy: config.env === 'production',
    logger: {
      level: config.logLevel,
      ...(config.logStream ? { stream: config.logStream } : {}),
      // Never personal data in logs: no bodies, no query strings, no cookies.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          path: req.url.split('?')[0],
          id: req.id,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    bodyLimit: 5 * 1024 * 1024,
  });
  app.decorate('config', config);
  app.decorate('instruments', await loadInstrumentRegistry());
  app.decorate('dbs', dbs);
  app.decorate('audit', new AuditLog(dbs.app));
  registerAuditCheckpoints(app);
  registerAccessControl(app);

  await app.register(cookiesAndForms);
  await app.register(language);
  await app.register(securityHeaders);
  await app.register(views);
  await app.register(inputGuards);
  await app.register(sessions);
  await app.register(csrf);
  await app.register(accessCheck);
  await app.register(requestTransaction);
  await app.register(assets);
  registerErrorHandling(app);
  await app.register(apiDescription);

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
  await app.register(schoolRoutes);
  await app.register(handoverRoutes);
  return app;
}
