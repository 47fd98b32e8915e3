import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fp from 'fastify-plugin';
import type { Config } from '../../config.ts';

/** Cookies (signed with the session secret) and form bodies. */
export const cookiesAndForms = fp(async function cookiesAndForms(app: FastifyInstance) {
  await app.register(cookie, { secret: app.config.sessionSecret });
  await app.register(formbody);
});

/** Every cookie we set: not readable by scripts, not sent cross-site, secure when served over https. */
export function cookieOptions(config: Config) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.publicUrl.startsWith('https:') };
}
