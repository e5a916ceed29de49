import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { Logger } from '../log/logger.js';

// Where outgoing mail goes. With SMTP_URL, to that server (nodemailer; smtps:// for TLS from the
// first byte, smtp:// upgrading with STARTTLS when offered). Without it, into a local mailbox: each
// message a `.eml` file under DATA_DIR/mail, named in a log line, that any mail client opens. Mail
// is never dropped silently. On PostgreSQL (a production setup) the local mailbox is still used,
// with a warning at start: every replica writes to its own DATA_DIR.

/** One message; `messageId` is deterministic, so a repeated send is recognizably the same mail. */
export interface MailMessage {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Sends the message or throws (the queue retries it). */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<Config, 'mail' | 'database'>, logger: Logger): Mailer {
  const { smtpUrl, from, localMailbox } = config.mail;
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    return {
      async send(message) {
        const info = await transport.sendMail({ from, ...message });
        logger.debug({ messageId: message.messageId, response: info.response }, 'mail sent');
      },
      close: () => transport.close(),
    };
  }
  if (config.database.kind === 'postgres') {
    logger.warn({ mailbox: localMailbox }, 'SMTP_URL is not set: invitation emails are written as .eml files under this directory, not sent');
  }
  return localMailboxMailer(from, localMailbox, logger);
}

/** Writes each message to `<mailbox>/<Message-ID>.eml`: a repeated send overwrites the same file. */
function localMailboxMailer(from: string, mailbox: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      await mkdir(mailbox, { recursive: true });
      const file = path.join(mailbox, `${message.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9.@-]/g, '_')}.eml`);
      await writeFile(file, info.message as Buffer);
      logger.info({ file, to: message.to }, `mail written to the local mailbox: ${file}`);
    },
    close: () => transport.close(),
  };
}
