import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import { sendOnceInJob } from './jobs.ts';
import { isLanguage, LANGUAGES, SOURCE_LANGUAGE, withLanguage, type Language } from './language/index.ts';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

/** Someone an e-mail goes to, with the language they chose (app_user.preferred_language). */
export interface Recipient {
  email: string;
  language: string | null | undefined;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * E-mail goes to the SMTP server named by SMTP_URL. Messages from this
 * service never name a victim, perpetrator or child: they say that something
 * needs attention and link to the page behind sign-in. Without SMTP_URL mail
 * is not sent (local development), and the caller is told so by the log.
 */
export function createMailer(
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>,
  log?: { info(obj: object, msg: string): void },
): Mailer {
  if (!config.smtpUrl) {
    return {
      send: async (message) => log?.info({ recipients: message.to.length }, 'mail not sent: no SMTP_URL configured'),
      close: () => undefined,
    };
  }
  const transport: Transporter = nodemailer.createTransport(config.smtpUrl);
  return {
    send: async (message) => {
      if (message.to.length === 0) return;
      // Sent inside a job, a message is sent once however often the job runs (a crashed instance).
      await sendOnceInJob(message, async (messageId) => {
        await transport.sendMail({
          from: config.mailFrom,
          bcc: message.to,
          subject: message.subject,
          text: message.text,
          ...(messageId ? { messageId } : {}),
        });
      });
    },
    close: () => transport.close(),
  };
}

/**
 * Sends one message to each language's recipients, composed in that language: `compose` runs with that language
 * as the current one, so everything it calls (`label`, date formats) writes in it. An unknown language is English.
 */
export async function sendInTheirLanguages(
  mailer: Mailer,
  recipients: readonly Recipient[],
  compose: () => { subject: string; text: string },
): Promise<void> {
  const byLanguage = new Map<Language, string[]>();
  for (const r of recipients) {
    const language = isLanguage(r.language) ? r.language : SOURCE_LANGUAGE;
    byLanguage.set(language, [...(byLanguage.get(language) ?? []), r.email]);
  }
  for (const language of Object.keys(LANGUAGES) as Language[]) {
    const to = byLanguage.get(language);
    if (to?.length) await mailer.send({ to, ...withLanguage(language, compose) });
  }
}
