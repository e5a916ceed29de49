import type { ConsumerFactory } from './consumer.js';
import { invitationEmailConsumer } from './consumers/invitation-email.js';
import { webhookDeliveryConsumer } from './consumers/webhook-delivery.js';

/** Every consumer of events, started with the events runtime (one line each). */
export const CONSUMERS: ConsumerFactory[] = [invitationEmailConsumer, webhookDeliveryConsumer];
