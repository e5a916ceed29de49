import type { QueueOptions } from 'pg-boss';
import type { SigningKey } from '../auth/keys.js';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import type { Logger } from '../log/logger.js';
import type { Tx } from '../services/transaction.js';
import type { DomainEvent } from './domain-event.js';

/**
 * Something done about events, at least once, through the job queue: a webhook delivery, an
 * invitation email. The relay (src/events/relay.ts) takes each committed event from the outbox once
 * and, in that same transaction, asks every consumer for its jobs; the queue then runs `handle` for
 * each job, retrying with backoff when it throws, across restarts and on whichever server is free.
 */
export interface EventConsumer<Job extends object = object> {
  /** The queue's name (letters, digits, `-`, `_`, `.`). */
  queue: string;
  /** Retries, backoff, expiry of the queue's jobs. */
  queueOptions: Omit<QueueOptions, 'name'>;
  /** The jobs this event needs (often none), written in the relay's transaction. */
  plan(tx: Tx, event: DomainEvent): Promise<Job[]>;
  /** Does one job; throwing retries it later. May run more than once: make it safe to repeat. */
  handle(job: Job): Promise<void>;
}

/** What a consumer's factory is given, once per server. */
export interface ConsumerDeps {
  prisma: PrismaClient;
  config: Config;
  signingKey: SigningKey;
  logger: Logger;
}

export type ConsumerFactory = (deps: ConsumerDeps) => EventConsumer;
