import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import type { Tx } from '../../services/transaction.js';
import { openSecret } from '../../services/sealed-secret.js';
import { webhookSecretKey } from '../../services/webhook-secret.js';
import type { ConsumerFactory } from '../consumer.js';
import type { DomainEvent } from '../domain-event.js';
import { matchesEventTypes } from '../event-types.js';
import { webhookBody } from './webhook-payload.js';
import { postWebhook, type WebhookOutcome } from './webhook-request.js';

// Webhooks for services. plan: each event of an organization becomes one WebhookDelivery row per
// enabled endpoint whose filter matches, and one job each, in the relay's transaction. handle: one
// signed POST; a failure is recorded on the row and thrown, so the queue retries with backoff
// (WEBHOOK_RETRY_*); the last failure leaves the row FAILED. A refused address, a disabled or
// deleted endpoint end the series at once. redeliverWebhookDelivery's audit entry asks for one
// more job for its delivery, which is why the relay, not the mutation, queues it; a replayed event
// sends its existing deliveries again, with their original webhook-id.

export interface WebhookJob {
  deliveryId: string;
}

const REDELIVERY = 'webhook.delivery.redeliver';

/** The deliveries `event` needs, written in `tx`, as jobs. */
async function planDeliveries(tx: Tx, event: DomainEvent): Promise<WebhookJob[]> {
  const jobs: WebhookJob[] = event.action === REDELIVERY ? [{ deliveryId: event.target.id }] : [];
  const { organizationId } = event;
  if (!organizationId) return jobs;
  const endpoints = await tx.webhookEndpoint.findMany({ where: { organizationId, enabled: true }, select: { id: true, eventTypes: true } });
  const matching = endpoints.filter((endpoint) => matchesEventTypes(event.type, endpoint.eventTypes));
  if (matching.length === 0) return jobs;
  const payload = webhookBody({ ...event, organizationId });
  const rows = matching.map((endpoint) => ({ id: randomUUID(), organizationId, endpointId: endpoint.id, eventId: event.id, eventType: event.type, payload }));
  const created = await tx.webhookDelivery.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true } });
  // A replayed event (npm run events:replay) already has its deliveries: each starts a new series.
  const again =
    created.length < rows.length
      ? await tx.webhookDelivery.updateManyAndReturn({
          where: { eventId: event.id, endpointId: { in: matching.map((endpoint) => endpoint.id) }, id: { notIn: created.map((row) => row.id) } },
          data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date() },
          select: { id: true },
        })
      : [];
  return [...jobs, ...[...created, ...again].map((row) => ({ deliveryId: row.id }))];
}

/** The earliest time of the queue's next try after `attempts` failures (its backoff adds up to as much again at random). */
function earliestRetry(retry: Config['webhooks']['retry'], attempts: number): Date {
  const seconds = Math.min(retry.delayMaxSeconds, retry.delaySeconds * 2 ** Math.min(16, attempts - 1));
  return new Date(Date.now() + seconds * 1000);
}

/** Records an attempt's outcome; true when the queue should try again. Rows already settled or gone are left alone. */
async function recordOutcome(prisma: PrismaClient, config: Config, deliveryId: string, attempts: number, outcome: WebhookOutcome): Promise<boolean> {
  const now = new Date();
  const retrying = outcome.kind === 'failed' && attempts <= config.webhooks.retry.limit;
  await prisma.webhookDelivery.updateMany({
    where: { id: deliveryId, status: 'PENDING' },
    data: {
      status: outcome.kind === 'delivered' ? 'SUCCEEDED' : retrying ? 'PENDING' : 'FAILED',
      attempts,
      lastStatusCode: outcome.kind === 'refused' ? null : outcome.statusCode,
      lastError: outcome.kind === 'delivered' ? null : outcome.error,
      lastAttemptAt: now,
      nextAttemptAt: retrying ? earliestRetry(config.webhooks.retry, attempts) : null,
    },
  });
  return retrying;
}

export const webhookDeliveryConsumer: ConsumerFactory = ({ prisma, config, signingKey }) => {
  const secretKey = webhookSecretKey(config.webhooks.secretKey, signingKey);
  const { retry, timeoutMs } = config.webhooks;

  /** Why a delivery's attempt ends the series before any request, or the signed request's parts. */
  const prepare = (delivery: { endpoint: { enabled: boolean; secretCiphertext: string } }): { refused: string } | { secret: string } => {
    if (!delivery.endpoint.enabled) return { refused: 'the endpoint is disabled' };
    try {
      return { secret: openSecret(secretKey, delivery.endpoint.secretCiphertext) };
    } catch {
      return { refused: 'the stored secret cannot be decrypted (WEBHOOK_SECRET_KEY or the signing key changed): rotate the endpoint’s secret' };
    }
  };

  return {
    queue: 'webhook-delivery',
    queueOptions: {
      retryLimit: retry.limit,
      retryDelay: retry.delaySeconds,
      retryBackoff: true,
      retryDelayMax: retry.delayMaxSeconds,
      // A job still running past its request timeout (and then some) is retried.
      expireInSeconds: Math.ceil(timeoutMs / 1000) + 60,
    },
    plan: (tx, event) => planDeliveries(tx, event),
    async handle(job) {
      const { deliveryId } = job as WebhookJob;
      const delivery = await prisma.webhookDelivery.findUnique({
        where: { id: deliveryId },
        include: { endpoint: { select: { url: true, enabled: true, secretCiphertext: true } } },
      });
      // Gone with its endpoint, or settled by an earlier run of this job: nothing to do.
      if (delivery?.status !== 'PENDING') return;
      const attempts = delivery.attempts + 1;
      const prepared = prepare(delivery);
      if ('refused' in prepared) {
        await recordOutcome(prisma, config, deliveryId, attempts, { kind: 'refused', error: prepared.refused });
        return;
      }
      const timestamp = new Date();
      const outcome = await postWebhook({
        url: delivery.endpoint.url,
        body: delivery.payload,
        policy: config.webhooks,
        timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Orgraph-Webhooks',
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': new Webhook(prepared.secret).sign(delivery.eventId, timestamp, delivery.payload),
        },
      });
      if (await recordOutcome(prisma, config, deliveryId, attempts, outcome)) {
        throw new Error(`webhook delivery ${deliveryId}, attempt ${attempts}: ${(outcome as { error: string }).error}`);
      }
    },
  };
};
