import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import { openSessionAsOwner } from './sessions.ts';
import { DEMO_PASSWORD, demoAccount } from '../../tools/synthetic/demo-accounts.ts';

/**
 * A minimal browser over app.inject: keeps cookies and the last page's CSRF
 * token, so tests exercise the same forms a person would.
 */
export class PageClient {
  private cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: this.headers() });
    this.absorb(response);
    return response;
  }

  /** Posts a form as a browser would; an array value is sent as the same field repeated. */
  async post(
    url: string,
    form: Record<string, string | readonly string[]>,
    options: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const fields = options.csrf === false ? form : { _csrf: this.csrf, ...form };
    const body = new URLSearchParams(
      Object.entries(fields).flatMap(([key, value]) =>
        typeof value === 'string' ? [[key, value]] : value.map((v) => [key, v]),
      ),
    ).toString();
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.absorb(response);
    return response;
  }

  /**
   * Acts as an existing user without the sign-in pages (for wide security sweeps that would trip the sign-in
   * rate limit). The app cannot open a session without sign-in, so the test writes one as the database owner.
   */
  async actAs(userId: string): Promise<void> {
    const token = await openSessionAsOwner(this.app.dbs.owner, userId, this.app.config.sessionIdleMinutes);
    this.cookies.set('wp_session', token);
    await this.get('/account'); // a page with a form, for the CSRF token
  }

  /** Any method, form-encoded, with this client's cookies and CSRF token. */
  async send(method: string, url: string, form: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    if (method === 'GET') return this.get(url);
    return this.post(url, form);
  }

  /**
   * Signs in a demo account with its password and current TOTP code. A code works once, and tests sign the same
   * account in many times a minute, so the test first forgets (as the database owner) which step was used last.
   */
  async signIn(email: string): Promise<void> {
    await sql`UPDATE app_user SET totp_last_step = NULL WHERE email = ${email}`.execute(this.app.dbs.owner);
    await this.get('/sign-in');
    const first = await this.post('/sign-in', { email, password: DEMO_PASSWORD });
    if (first.headers.location !== '/sign-in/code')
      throw new Error(`password step failed for ${email}: ${first.statusCode}`);
    await this.get('/sign-in/code');
    const second = await this.post('/sign-in/code', { code: currentTotp(demoAccount(email).totpSecret) });
    if (second.headers.location !== '/') throw new Error(`code step failed for ${email}: ${second.statusCode}`);
    await this.get('/');
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return cookie ? { cookie } : {};
  }

  private absorb(response: LightMyRequestResponse): void {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token?.[1]) this.csrf = token[1];
  }
}

/** Issues an agency API credential as a signed-in administrator would at /admin/api-credentials; returns the bearer token. */
export async function issueApiToken(
  admin: PageClient,
  agencyName: string,
  label = `${agencyName} system`,
): Promise<string> {
  const page = await admin.get('/admin/api-credentials');
  const agencyId = new RegExp(`<option value="([0-9a-f-]{36})">${agencyName}</option>`).exec(page.body)![1]!;
  const issued = await admin.post('/admin/api-credentials', { label, agencyId });
  return /data-testid="api-token">([^<]+)</.exec(issued.body)![1]!;
}
