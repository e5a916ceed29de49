import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Logger } from '../log/logger.js';
import { EVENTS_CHANNEL } from './channel.js';

export interface NotificationHandlers {
  /** A committed audit entry's id (src/services/audit.ts notifies it); empty: only look at the outbox (a replay). */
  onEvent(id: string): void;
  /** The listener was (re)connected: notifications sent meanwhile are lost, the outbox is not. */
  onConnected(): void;
}

export interface NotificationListener {
  close(): Promise<void>;
}

const RECONNECT_DELAYS_MS = [100, 500, 1_000, 2_000, 5_000];

/**
 * LISTENs for committed events. On PostgreSQL a dedicated connection, reconnected when it drops
 * (a database restart); on PGlite the embedded database's own in-process notifications.
 */
export async function listenForEvents(
  source: { kind: 'postgres'; url: string } | { kind: 'pglite'; pglite: PGlite },
  handlers: NotificationHandlers,
  logger: Logger,
): Promise<NotificationListener> {
  if (source.kind === 'pglite') {
    const unsubscribe = await source.pglite.listen(EVENTS_CHANNEL, handlers.onEvent);
    handlers.onConnected();
    return { close: unsubscribe };
  }
  let client: pg.Client | undefined;
  let closed = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: source.url, application_name: 'orgraph-events', keepAlive: true });
    next.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL) handlers.onEvent(message.payload ?? '');
    });
    const reconnect = (error?: Error) => {
      if (closed || client !== next) return;
      client = undefined;
      next.end().catch(() => {});
      if (error) logger.warn({ err: error }, 'events: the LISTEN connection dropped; reconnecting');
      schedule();
    };
    next.on('error', reconnect);
    next.on('end', () => reconnect());
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (failures > 0) logger.info('events: LISTEN connection back');
      failures = 0;
      handlers.onConnected();
    } catch (error) {
      if (client === next) reconnect(error as Error);
    }
  };
  const schedule = () => {
    const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)];
    failures += 1;
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
  };
  await connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
