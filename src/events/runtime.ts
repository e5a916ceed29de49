import { fromPglite, PgBoss } from 'pg-boss';
import type { SigningKey } from '../auth/keys.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/client.js';
import type { Logger } from '../log/logger.js';
import { loadEvents } from './audit-events.js';
import type { ConsumerFactory, EventConsumer } from './consumer.js';
import { CONSUMERS } from './consumers.js';
import { LocalEventBus } from './local-bus.js';
import { listenForEvents } from './notifications.js';
import { createRelay, type Relay } from './relay.js';

export interface EventsRuntime {
  /** This process's feed of committed events (subscriptions). */
  bus: LocalEventBus;
  /** The job queue, for work enqueued by a mutation itself (e.g. a redelivery). */
  boss: PgBoss;
  relay: Relay;
  /** Stops taking jobs, lets the running ones finish (up to `graceMs`), closes the queue's connections. */
  stop(graceMs?: number): Promise<void>;
}

export interface EventsDeps {
  db: DatabaseHandle;
  config: Config;
  signingKey: SigningKey;
  logger: Logger;
  /** The consumers to run; by default every one of src/events/consumers.ts. */
  consumers?: ConsumerFactory[];
}

/**
 * Starts what turns committed changes into deliveries: the job queue (pg-boss, which creates and
 * upgrades its own tables in QUEUE_SCHEMA), a worker per consumer, the outbox relay, and the LISTEN
 * that feeds both the relay (so an event is relayed at once, not at the next sweep) and the bus.
 * Several servers on one PostgreSQL share the work: the relay and the queue take rows with
 * SKIP LOCKED, so each event and each job is handled by one of them.
 */
export async function startEvents({ db, config, signingKey, logger, consumers = CONSUMERS }: EventsDeps): Promise<EventsRuntime> {
  const boss =
    db.events.kind === 'postgres'
      ? new PgBoss({
          connectionString: db.events.url,
          max: config.events.queuePoolSize,
          application_name: 'orgraph-queue',
          schema: config.events.queueSchema,
          useListenNotify: true,
        })
      : new PgBoss({ db: fromPglite(db.events.pglite), backend: 'pglite', schema: config.events.queueSchema, useListenNotify: true });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  boss.on('warning', (warning) => logger.warn({ warning }, 'job queue warning'));
  await boss.start();

  const running: EventConsumer[] = consumers.map((factory) => factory({ prisma: db.prisma, config, signingKey, logger }));
  for (const consumer of running) {
    const options = { ...consumer.queueOptions, notify: true };
    // Created once; a later start with changed retry settings updates them.
    if (await boss.getQueue(consumer.queue)) await boss.updateQueue(consumer.queue, options);
    else await boss.createQueue(consumer.queue, options);
    // A new job wakes the workers at once (NOTIFY); a retry that comes due does not, so it is found by
    // the poll: once a second, so that a retry is late by at most that much.
    const polling = { pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 };
    await boss.work<object>(consumer.queue, { batchSize: 1, localConcurrency: config.events.concurrency, ...polling }, async ([job]) => {
      if (job) await consumer.handle(job.data);
    });
  }

  const relay = createRelay(db.prisma, boss, running, logger);
  const bus = new LocalEventBus(
    async (id) => (await loadEvents(db.prisma, [id]))[0],
    (error) => logger.warn({ err: error }, 'events: a subscription listener failed'),
  );
  const listener = await listenForEvents(
    db.events,
    {
      onEvent(id) {
        relay.trigger();
        if (id) bus.announce(id);
      },
      // Events committed while nobody listened (before a start, during a dropped connection) wait in the outbox.
      onConnected: () => relay.trigger(),
    },
    logger,
  );
  const sweep = setInterval(() => relay.trigger(), config.events.sweepIntervalMs);
  sweep.unref();

  return {
    bus,
    boss,
    relay,
    async stop(graceMs = config.shutdownGraceMs) {
      clearInterval(sweep);
      await listener.close();
      await relay.idle();
      // On PGlite the database is the caller's to close; on PostgreSQL the queue's pool is its own.
      await boss.stop({ graceful: true, timeout: graceMs, close: db.events.kind === 'postgres' });
    },
  };
}
