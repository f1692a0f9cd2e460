import type { Logger } from 'pino';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/client';
import { mailOutbox } from './mail.schema';

interface OutgoingMail {
  /** The account this message is about: erasure of that account removes it from the outbox. */
  userId: string;
  to: string;
  subject: string;
  text: string;
  /** A short name for the template, e.g. 'verify-email', 'security-alert'. */
  kind: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * With SMTP_URL, mail goes to that server. Without it (the embedded default) it is kept in the
 * outbox table, and its links are logged so a person on a laptop can follow them. Only links and
 * subjects are logged — never health data, which no mail carries anyway.
 */
export function createMailer(opts: { smtpUrl?: string; from: string; db: Db; log: Logger }): Mailer {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text });
      },
      close: () => transport.close(),
    };
  }
  return {
    async send(mail) {
      await opts.db.insert(mailOutbox).values(mail);
      const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
      opts.log.info({ kind: mail.kind, links }, `mail kept in the outbox: ${mail.subject}`);
    },
    close: () => {},
  };
}
