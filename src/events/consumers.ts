import type { ConsumerFactory } from './consumer.js';

/** Every consumer of events, started with the events runtime (one line each). */
export const CONSUMERS: ConsumerFactory[] = [];
