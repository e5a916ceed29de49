import { fromPrisma, type PgBoss } from 'pg-boss';
import type { PrismaClient } from '../db/client.js';
import type { Logger } from '../log/logger.js';
import { loadEvents } from './audit-events.js';
import type { EventConsumer } from './consumer.js';

/** Outbox rows taken per transaction. */
const BATCH = 100;

export interface Relay {
  /** Asks for a pass over the outbox; passes asked for while one runs are folded into one more. */
  trigger(): void;
  /** Resolves once no pass is running or asked for. */
  idle(): Promise<void>;
}

/**
 * Moves committed events from the outbox to the job queue. Each pass takes a batch of outbox rows
 * with SKIP LOCKED, asks every consumer for the jobs of their events and inserts those jobs, all in
 * one transaction: an event's jobs exist exactly when its outbox row is gone, and two servers never
 * take the same row.
 */
export function createRelay(prisma: PrismaClient, boss: PgBoss, consumers: EventConsumer[], logger: Logger): Relay {
  let running: Promise<void> | undefined;
  let asked = false;

  const pass = () =>
    prisma.$transaction(async (tx) => {
      const taken = await tx.$queryRaw<{ id: string }[]>`
        DELETE FROM "EventOutbox" WHERE id IN (
          SELECT id FROM "EventOutbox" ORDER BY "createdAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
        ) RETURNING id`;
      const events = await loadEvents(
        tx,
        taken.map((row) => row.id),
      );
      const db = fromPrisma(tx);
      for (const consumer of consumers) {
        const jobs = [];
        for (const event of events) jobs.push(...(await consumer.plan(tx, event)));
        if (jobs.length)
          await boss.insert(
            consumer.queue,
            jobs.map((data) => ({ data })),
            { db },
          );
      }
      return taken.length;
    });

  const run = async () => {
    while (asked) {
      asked = false;
      try {
        // A full batch means there may be more: go on without waiting for another notification.
        while ((await pass()) === BATCH) {}
      } catch (error) {
        // The rows stay in the outbox: the next notification or sweep takes them.
        logger.warn({ err: error }, 'events: relaying the outbox failed; retrying on the next sweep');
      }
    }
    running = undefined;
  };

  return {
    trigger() {
      asked = true;
      running ??= run();
    },
    async idle() {
      while (running) await running;
    },
  };
}
