import { Repeater } from 'graphql-yoga';
import type { Context } from '../../context.js';
import { EventsUnavailableError } from '../../errors.js';
import type { DomainEvent } from '../../events/domain-event.js';
import { authorizeAgain } from './authorize-again.js';

/** Events waiting for a subscriber that does not read them: past this, it is ended as too slow. */
export const MAX_PENDING_EVENTS = 1000;

/** What a subscriber receives: a payload, or the refusal that ends its subscription (sent as its last, erroneous, result). */
export type Delivery<Payload> = Payload | Error;

export interface FeedOptions<Payload> {
  /** Whether the event concerns this subscription at all (cheap, from the event alone). */
  concerns(event: DomainEvent): boolean;
  /** The payloads of an event that concerns it, read with the caller's authorization as it is now; throws to end it. */
  payloads(event: DomainEvent): Promise<Payload[]>;
}

/**
 * A subscription's stream: the committed events of this process's EventBus that concern it, in
 * order, each authorized again against the database before it is sent (authorize-again.ts). A
 * refusal (the caller removed, its scope or its client gone) is sent as the last result and ends
 * the stream. One listener on the bus per subscription, removed as soon as the client leaves, the
 * stream ends or the server begins to shut down (ctx.deps.stopping).
 */
export function eventFeed<Payload>(ctx: Context, { concerns, payloads }: FeedOptions<Payload>): AsyncIterable<Delivery<Payload>> {
  const bus = ctx.deps.events;
  if (!bus) throw new EventsUnavailableError();
  return new Repeater<Delivery<Payload>>(async (push, stop) => {
    let pending = 0;
    let queue = Promise.resolve();
    let ended = false;
    const end = async (reason: Error) => {
      ended = true;
      await push(reason);
      stop();
    };
    // Events are handled one after the other, so that they are sent in the order they were committed.
    const deliver = async (event: DomainEvent) => {
      if (ended) return;
      try {
        await authorizeAgain(ctx);
        for (const payload of await payloads(event)) await push(payload);
      } catch (error) {
        await end(error as Error);
      }
    };
    const unsubscribe = bus.subscribe((event) => {
      if (ended || !concerns(event)) return;
      if (++pending > MAX_PENDING_EVENTS) {
        void end(new Error(`The subscriber fell more than ${MAX_PENDING_EVENTS} events behind`));
        return;
      }
      queue = queue.then(() => deliver(event)).finally(() => void pending--);
    });
    const stopping = ctx.deps.stopping;
    const onStopping = () => stop();
    stopping?.addEventListener('abort', onStopping, { once: true });
    if (stopping?.aborted) stop();
    await stop;
    ended = true;
    unsubscribe();
    stopping?.removeEventListener('abort', onStopping);
  });
}

/** A subscription field's `resolve`: the payload, or the refusal thrown as the field's error. */
export function delivered<Payload>(delivery: Delivery<Payload>): Payload {
  if (delivery instanceof Error) throw delivery;
  return delivery;
}
