import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

// A real SMTP server on 127.0.0.1 for the tests: it takes every message (with or without
// credentials), parses it with mailparser and keeps it.

export interface SmtpReceiver {
  port: number;
  /** Every message received, parsed, in order. */
  readonly mails: ParsedMail[];
  /** The user names that authenticated. */
  readonly logins: string[];
  /** Resolves with the first message (received or to come) that `match` accepts. */
  waitForMail(match: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** Starts the receiver on `port` (0: any free one). */
export async function startSmtpReceiver(port = 0): Promise<SmtpReceiver> {
  const mails: ParsedMail[] = [];
  const logins: string[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail);
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('the SMTP server has no port');
  return {
    port: address.port,
    mails,
    logins,
    waitForMail(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mails.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${mails.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The accept link's token in a message's text part. */
export function tokenOf(mail: ParsedMail): string {
  const link = /https?:\/\/\S+[?&]token=([\w.-]+)/.exec(mail.text ?? '');
  if (!link) throw new Error(`no accept link in: ${mail.text}`);
  return link[1]!;
}

/** The message's recipient address. */
export function recipientOf(mail: ParsedMail): string {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address ?? '';
}
