import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { publicAccess } from '../access.ts';
import { formFields, validateForm } from '../forms.ts';
import { cookieOptions } from '../plugins/cookies.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { oidcSession } from './credentials.ts';
import { label } from '../language/index.ts';

// Single sign-on per partnership: agencies bring their own identity provider.
// The provider is trusted for the second factor; our side maps its subject to
// a user the partnership's administrator has created (no self-registration).
const OIDC_COOKIE = 'wp_oidc';
const partnershipForm = z.object({
  partnership: z
    .string()
    .min(1, 'auth.sign-in.problem.partnership-missing')
    .max(40, 'auth.sign-in.problem.partnership-long'),
});

interface Provider {
  partnership_id: string;
  oidc_issuer: string;
  oidc_client_id: string;
  oidc_client_secret: string | null;
}

export async function oidcRoutes(app: FastifyInstance): Promise<void> {
  const discovered = new Map<string, Promise<oidc.Configuration>>();
  const redirectUri = () => `${app.config.publicUrl}/sign-in/oidc/callback`;

  async function providerFor(code: string): Promise<{ provider: Provider; configuration: oidc.Configuration } | null> {
    const { rows } = await sql<Provider>`SELECT * FROM auth_partnership_oidc(${code})`.execute(app.dbs.app);
    const provider = rows[0];
    if (!provider) return null;
    const key = `${provider.oidc_issuer}|${provider.oidc_client_id}`;
    if (!discovered.has(key)) {
      const insecureAllowed = app.config.env !== 'production' && provider.oidc_issuer.startsWith('http:');
      const attempt = oidc.discovery(
        new URL(provider.oidc_issuer),
        provider.oidc_client_id,
        provider.oidc_client_secret ?? undefined,
        undefined,
        insecureAllowed ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
      attempt.catch(() => discovered.delete(key));
      discovered.set(key, attempt);
    }
    return { provider, configuration: await discovered.get(key)! };
  }

  app.post(
    '/sign-in/oidc',
    { config: { access: publicAccess, rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const fields = formFields(request.body);
      const form = validateForm(partnershipForm, fields);
      const found = form.ok ? await providerFor(form.value.partnership.toLowerCase()).catch(() => null) : null;
      if (!form.ok || !found) {
        const text = form.ok ? label('auth.sign-in.problem.no-sso') : form.errorList[0]!.text;
        return reply.code(400).page('auth/sign-in.njk', {
          title: label('auth.sign-in.title'),
          values: { partnership: fields.partnership },
          errors: { partnership: { text } },
          errorList: [{ text, href: '#partnership' }],
        });
      }
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(found.configuration, {
        redirect_uri: redirectUri(),
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      reply.setCookie(
        OIDC_COOKIE,
        JSON.stringify({ p: form.value.partnership.toLowerCase(), v: verifier, s: state, n: nonce }),
        {
          ...cookieOptions(app.config),
          signed: true,
          maxAge: 600,
        },
      );
      return reply.redirect(url.href, 303);
    },
  );

  app.get('/sign-in/oidc/callback', { config: { access: publicAccess } }, async (request, reply) => {
    const refuse = () =>
      reply.code(401).page('error.njk', {
        title: label('auth.sso-failed.title'),
        message: label('auth.sso-failed.message'),
      });
    const raw = request.cookies[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, { path: '/' });
    const unsigned = raw ? request.unsignCookie(raw) : null;
    if (!unsigned?.valid || !unsigned.value) return refuse();
    const pending = z
      .object({ p: z.string(), v: z.string(), s: z.string(), n: z.string() })
      .safeParse(JSON.parse(unsigned.value));
    if (!pending.success) return refuse();
    const found = await providerFor(pending.data.p);
    if (!found) return refuse();
    let subject: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(
        found.configuration,
        new URL(request.url, app.config.publicUrl),
        {
          pkceCodeVerifier: pending.data.v,
          expectedState: pending.data.s,
          expectedNonce: pending.data.n,
        },
      );
      subject = tokens.claims()?.sub ?? '';
    } catch (error) {
      request.log.warn({ reason: (error as Error).name }, 'OIDC code exchange refused');
      return refuse();
    }
    const user = await oidcSession(app.dbs.app, found.provider.partnership_id, subject, app.sessions.idle);
    if (!user) {
      await app.audit.record(request, {
        action: 'sign-in.oidc',
        subjectType: 'partnership',
        subjectId: found.provider.partnership_id,
        outcome: 'denied',
      });
      return refuse();
    }
    const session = await app.sessions.resolve(user.token);
    reply.setCookie(SESSION_COOKIE, user.token, cookieOptions(app.config));
    await app.audit.record(
      { id: request.id, actor: session?.actor ?? null },
      { action: 'sign-in.oidc', subjectType: 'user', subjectId: user.userId },
    );
    return reply.redirect('/', 303);
  });
}
