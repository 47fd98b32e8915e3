import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AddressThrottle } from './throttle.ts';
import { createMailer, sendInTheirLanguages } from '../mail.ts';
import { languageOfAccount } from './accounts.ts';
import { MAX_FAILED_SIGN_INS } from './credentials.ts';
import { label } from '../language/index.ts';

/** What every sign-in step shares: the address throttle, the notice of a locked account, and the refusal. */
export interface SignInGuards {
  /** Null, or the 429 page when this address has failed too often to try again yet. */
  tooSoon(request: FastifyRequest, reply: FastifyReply, template: string, title: string): Promise<FastifyReply | null>;
  /** A failed step: the address waits longer, and a lock is told to the account's holder. */
  failed(request: FastifyRequest, lockedEmail: string | null): Promise<void>;
  succeeded(request: FastifyRequest): void;
}

export function signInGuards(app: FastifyInstance): SignInGuards {
  const mailer = createMailer(app.config, app.log);
  app.addHook('onClose', async () => mailer.close());
  const addresses = new AddressThrottle();

  // When a failure locks the account, the user is told by e-mail (no names, no address).
  const noticeOfLock = async (email: string | null) => {
    if (email) {
      // In the holder's own language, whoever was trying to sign in.
      const language = await languageOfAccount(app.dbs.owner, email);
      await sendInTheirLanguages(mailer, [{ email, language }], () => ({
        subject: label('mail.locked.subject'),
        text: label('mail.locked.text', { attempts: MAX_FAILED_SIGN_INS }),
      })).catch(() => app.log.warn('lock notice not sent'));
    }
  };

  return {
    // An address that keeps failing waits longer each time; the account itself is not locked by it.
    async tooSoon(request, reply, template, title) {
      const wait = addresses.waitFor(request.ip);
      if (wait === 0) return null;
      await app.audit.record(request, { action: 'sign-in.throttled', outcome: 'denied' });
      const seconds = Math.ceil(wait / 1000);
      const field = template === 'auth/code.njk' ? 'code' : 'email';
      const text = label('auth.throttled', { count: seconds });
      return reply
        .code(429)
        .header('retry-after', String(seconds))
        .page(template, { title, values: {}, errors: { [field]: { text } }, errorList: [{ text, href: `#${field}` }] });
    },
    async failed(request, lockedEmail) {
      await noticeOfLock(lockedEmail);
      addresses.failed(request.ip);
    },
    succeeded(request) {
      addresses.succeeded(request.ip);
    },
  };
}

/** A wrong password or code: 401 and the form again, with one message that says nothing about which part was wrong. */
export function refuse(
  reply: FastifyReply,
  template: string,
  title: string,
  values: Record<string, unknown>,
  field: string,
  message: string,
) {
  const text = label(message);
  return reply
    .code(401)
    .page(template, { title, values, errors: { [field]: { text } }, errorList: [{ text, href: `#${field}` }] });
}
