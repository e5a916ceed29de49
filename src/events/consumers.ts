import type { ConsumerFactory } from './consumer.js';
import { webhookDeliveryConsumer } from './consumers/webhook-delivery.js';

/** Every consumer of events, started with the events runtime (one line each). */
export const CONSUMERS: ConsumerFactory[] = [webhookDeliveryConsumer];
