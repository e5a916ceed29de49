import type { ConsumerFactory } from '../../src/events/consumer.js';
import type { DomainEvent } from '../../src/events/domain-event.js';

export interface HandledJob {
  event: Pick<DomainEvent, 'id' | 'type' | 'organizationId'> & { target: DomainEvent['target'] };
  at: number;
}

/**
 * A consumer of the tests' own: one job per event, whose handling is recorded (and fails the first
 * `failures` attempts of each job), to watch what the relay and the queue do.
 */
export function recordingConsumer(options: { queue?: string; failures?: number; retryDelay?: number } = {}) {
  const handled: HandledJob[] = [];
  const attempts = new Map<string, number[]>();
  const factory: ConsumerFactory = () => ({
    queue: options.queue ?? 'test-recording',
    queueOptions: { retryLimit: 5, retryDelay: options.retryDelay ?? 1, retryBackoff: true },
    async plan(_tx, event) {
      return [{ event: { id: event.id, type: event.type, organizationId: event.organizationId, target: event.target } }];
    },
    async handle(job) {
      const { event } = job as Pick<HandledJob, 'event'>;
      const tries = attempts.get(event.id) ?? [];
      tries.push(Date.now());
      attempts.set(event.id, tries);
      if (tries.length <= (options.failures ?? 0)) throw new Error(`attempt ${tries.length} fails on purpose`);
      handled.push({ event, at: Date.now() });
    },
  });
  return { factory, handled, attempts };
}

/** Waits until `done()` holds, checking every 20 ms, for at most `ms`. */
export async function until(done: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not done within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
