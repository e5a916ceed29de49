import type { DomainEvent } from './domain-event.js';

/**
 * This process's feed of committed events, in commit-notification order, from every server on the
 * database (PostgreSQL's LISTEN/NOTIFY; in-process on the embedded database). Subscriptions read it.
 * Delivery to a listener is at most once: a listener that must not miss anything reads the audit
 * log too.
 */
export interface EventBus {
  /** Calls `listener` with every event committed from now on; returns the unsubscribe. */
  subscribe(listener: (event: DomainEvent) => void): () => void;
}
