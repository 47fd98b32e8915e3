import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { publicAccess } from '../access.ts';
import { isLanguage, LANGUAGES, SOURCE_LANGUAGE, withLanguage, type Language } from '../language/index.ts';
import { cookieOptions } from './cookies.ts';
import { rememberLanguage } from '../auth/accounts.ts';

export const LANGUAGE_COOKIE = 'wp_language';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
  }
}

/** Only a path on this service, never another site (an open redirect) or a protocol-relative address. */
const localPath = (value: unknown): string =>
  typeof value === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : '/';

/** The page language links of the header: the current one marked, the others leading back to this page. */
export function languageChoices(current: Language, path: string) {
  return (Object.keys(LANGUAGES) as Language[]).map((code) => ({
    code,
    name: LANGUAGES[code].name,
    current: code === current,
    href: `/language/${code}?return=${encodeURIComponent(localPath(path))}`,
  }));
}

/**
 * The language of every page: the visitor's remembered choice (a cookie, set by the header's language links,
 * which return to the same page), else English. Everything the request runs sees it through `currentLanguage`.
 */
export const language = fp(async function language(app: FastifyInstance) {
  app.decorateRequest('language', SOURCE_LANGUAGE);
  app.addHook('onRequest', (request, _reply, done) => {
    const chosen = request.cookies[LANGUAGE_COOKIE];
    request.language = isLanguage(chosen) ? chosen : SOURCE_LANGUAGE;
    withLanguage(request.language, done);
  });

  const params = z.object({ code: z.string() });
  app.get('/language/:code', { config: { access: publicAccess } }, async (request, reply) => {
    const { code } = params.parse(request.params);
    if (!isLanguage(code)) return reply.callNotFound();
    const back = localPath((request.query as Record<string, unknown>).return);
    reply.setCookie(LANGUAGE_COOKIE, code, { ...cookieOptions(app.config), maxAge: ONE_YEAR_SECONDS });
    // A signed-in user's choice is also theirs for e-mails, which are written in the recipient's language.
    if (request.actor) await rememberLanguage(app.dbs.app, request.actor, code);
    return reply.redirect(back, 303);
  });
});
