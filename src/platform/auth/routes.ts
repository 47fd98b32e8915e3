import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './account-routes.ts';
import { sealPlainSecrets } from './authenticator-secrets.ts';
import { setUpRoutes } from './set-up.ts';
import { signInGuards } from './sign-in-guards.ts';
import { signInRoutes } from './sign-in.ts';
import { signOutRoutes } from './sign-out.ts';

export { MAX_FAILED_SIGN_INS, LOCKOUT } from './credentials.ts';

/** Sign-in, sign-out and a user's own credentials. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  await sealPlainSecrets(app.dbs.owner, app.config.accounts.authenticatorKey);
  await signInRoutes(app, signInGuards(app));
  await signOutRoutes(app);
  await setUpRoutes(app);
  await accountRoutes(app);
}
