import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import { sendOnceInJob } from './jobs.ts';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
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
