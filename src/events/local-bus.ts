import type { DomainEvent } from './domain-event.js';
import type { EventBus } from './event-bus.js';

/**
 * The EventBus of one process: events are loaded (one statement each, shared by every listener)
 * only while somebody listens, one after another so that listeners see them in notification
 * order, which PostgreSQL makes the commit order.
 */
export class LocalEventBus implements EventBus {
  private readonly listeners = new Set<(event: DomainEvent) => void>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly load: (id: string) => Promise<DomainEvent | undefined>,
    private readonly onError: (error: unknown) => void,
  ) {}

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many listeners are attached (a subscription that ended must not stay). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Announces a committed audit entry's event to every listener. */
  announce(id: string): void {
    if (this.listeners.size === 0) return;
    this.queue = this.queue.then(async () => {
      const event = await this.load(id).catch((error: unknown) => {
        this.onError(error);
        return undefined;
      });
      if (!event) return;
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (error) {
          this.onError(error);
        }
      }
    });
  }
}
