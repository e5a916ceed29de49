import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { FAILURE, mutate, mutationDocument, type Caller } from '../helpers/mutations.js';
import { snapshotOf } from '../helpers/no-change.js';

// What the webhook tests share: the documents of the five mutations and a way to create an endpoint.

export const ENDPOINT_FIELDS = `id url description eventTypes enabled secretLastChars secretRotatedAt createdAt updatedAt organization { id } viewerCan { update rotateSecret delete redeliver }`;
export const DELIVERY_FIELDS = `id eventId eventType payload status attempts lastStatusCode lastError lastAttemptAt nextAttemptAt createdAt endpoint { id }`;

export const CREATE = mutationDocument(
  'createWebhookEndpoint',
  'CreateWebhookEndpointInput',
  `... on CreateWebhookEndpointPayload { secret webhookEndpoint { ${ENDPOINT_FIELDS} } }`,
);
export const UPDATE = mutationDocument(
  'updateWebhookEndpoint',
  'UpdateWebhookEndpointInput',
  `... on UpdateWebhookEndpointPayload { webhookEndpoint { ${ENDPOINT_FIELDS} } }`,
);
export const ROTATE = mutationDocument(
  'rotateWebhookEndpointSecret',
  'WebhookEndpointIdInput',
  `... on RotateWebhookEndpointSecretPayload { secret webhookEndpoint { ${ENDPOINT_FIELDS} } }`,
);
export const DELETE = mutationDocument(
  'deleteWebhookEndpoint',
  'WebhookEndpointIdInput',
  `... on DeleteWebhookEndpointPayload { deletedWebhookEndpointId organizationId }`,
);
export const REDELIVER = mutationDocument(
  'redeliverWebhookDelivery',
  'RedeliverWebhookDeliveryInput',
  `... on RedeliverWebhookDeliveryPayload { webhookDelivery { ${DELIVERY_FIELDS} } }`,
);

export const DELIVERIES = `query($id: ID!, $status: WebhookDeliveryStatus, $first: Int) { node(id: $id) { ... on WebhookEndpoint { deliveries(status: $status, first: $first) { totalCount edges { node { ${DELIVERY_FIELDS} } } } } } }`;

export const snapshot = snapshotOf(['webhookEndpoint', 'webhookDelivery']);

export { FAILURE };

/** Creates an endpoint through the API; returns its global id and the secret shown once. */
export async function createEndpoint(t: TestApp, as: Caller, input: Record<string, unknown>): Promise<{ id: string; secret: string; endpoint: any }> {
  const result = await mutate(t, CREATE, input, as);
  expect(result.__typename, JSON.stringify(result)).toBe('CreateWebhookEndpointPayload');
  return { id: result.webhookEndpoint.id, secret: result.secret, endpoint: result.webhookEndpoint };
}

/** Waits until `done()` holds (it may ask the database), checking every 50 ms, for at most `ms`. */
export async function eventually(done: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`not done within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
