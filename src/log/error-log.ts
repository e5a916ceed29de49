import { format } from 'node:util';
import type { YogaLogger } from 'graphql-yoga';
import { currentRequest } from './request-scope.js';
import { innermost, maskError } from '../schema/shared/mask-errors.js';
import type { Logger } from './logger.js';

type Level = 'debug' | 'info' | 'warn';

/**
 * Yoga's logger over pino, and the one place where request errors are logged. Yoga hands its
 * `error` every error that maskError changed, sometimes twice; what the client was told decides:
 * - INTERNAL_SERVER_ERROR: one `unexpected error` entry per error, with the request id and the
 *   error (its stack a field of the one JSON line);
 * - SERVICE_UNAVAILABLE: one `database unavailable` warning per request, however many fields failed;
 * - anything else (FORBIDDEN, NOT_FOUND, a refused document, bad input): nothing, that is an
 *   answer to the client, not a fault of the server.
 */
export function errorLog(logger: Logger): YogaLogger {
  const logged = new WeakSet<object>();
  // Yoga's own messages are text ("Processing GraphQL Parameters"); formatted only when their level is on.
  const text =
    (level: Level) =>
    (...args: unknown[]) => {
      if (logger.isLevelEnabled(level)) logger[level](format(...args));
    };

  const report = (error: unknown) => {
    const record = currentRequest();
    const code = (maskError(error, '') as { extensions?: { code?: unknown } }).extensions?.code;
    const cause = innermost(error);
    if (code === 'SERVICE_UNAVAILABLE') {
      if (record?.outageLogged) return;
      if (record) record.outageLogged = true;
      // The driver's last line says what failed (refused, timed out); its stack says nothing an operator needs.
      const reason = cause instanceof Error ? cause.message.split('\n').at(-1) : String(cause);
      logger.warn({ requestId: record?.id, reason }, 'database unavailable');
    } else if (code === 'INTERNAL_SERVER_ERROR') {
      if (typeof cause === 'object' && cause !== null) {
        if (logged.has(cause)) return;
        logged.add(cause);
      }
      logger.error({ requestId: record?.id, err: cause }, 'unexpected error');
    }
  };

  return { debug: text('debug'), info: text('info'), warn: text('warn'), error: (...args: unknown[]) => args.forEach(report) };
}
