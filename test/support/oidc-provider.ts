import type { Server } from 'node:http';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider) with its development login pages:
 * any login name is accepted and becomes the subject.
 */
export async function startOidcProvider(
  port: number,
  redirectUri: string,
): Promise<{ issuer: string; clientId: string; clientSecret: string; close(): Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'whole-picture';
  const clientSecret = 'test-client-secret-not-for-production';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    cookies: { keys: ['test-cookie-key-for-the-oidc-provider'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    pkce: { required: () => true },
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  return { issuer, clientId, clientSecret, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
