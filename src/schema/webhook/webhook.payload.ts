import { builder } from '../builder.js';
import { changedRow, globalIdOf } from '../shared/payload.js';

const SECRET =
  'The signing secret (whsec_ + base64), for the receiver’s Standard Webhooks library. Shown only in this response: afterwards only its last characters can be read.';
const REPLAYED =
  ' Null when this answer replays an earlier call with the same idempotencyKey: the secret was shown to that call only (rotate it for a new one).';

/** Payload of createWebhookEndpoint: the secret is absent when an idempotent replay answers. */
export const CreateWebhookEndpointPayload = builder.objectRef<{ endpointId: string; secret?: string }>('CreateWebhookEndpointPayload').implement({
  description: 'The new webhook endpoint and its signing secret, shown this once.',
  fields: (t) => ({
    webhookEndpoint: changedRow(t, 'WebhookEndpoint', 'endpointId', 'The endpoint.'),
    secret: t.string({ nullable: true, description: SECRET + REPLAYED, resolve: (payload) => payload.secret ?? null }),
  }),
});

export const UpdateWebhookEndpointPayload = builder.objectRef<{ endpointId: string }>('UpdateWebhookEndpointPayload').implement({
  description: 'The updated webhook endpoint.',
  fields: (t) => ({ webhookEndpoint: changedRow(t, 'WebhookEndpoint', 'endpointId', 'The endpoint after the change.') }),
});

export const RotateWebhookEndpointSecretPayload = builder.objectRef<{ endpointId: string; secret: string }>('RotateWebhookEndpointSecretPayload').implement({
  description: 'The webhook endpoint and its new signing secret, shown this once; deliveries from now on are signed with it.',
  fields: (t) => ({
    webhookEndpoint: changedRow(t, 'WebhookEndpoint', 'endpointId', 'The endpoint after the change.'),
    secret: t.string({ description: SECRET, resolve: (payload) => payload.secret }),
  }),
});

export const DeleteWebhookEndpointPayload = builder.objectRef<{ endpointId: string; organizationId: string }>('DeleteWebhookEndpointPayload').implement({
  description: 'The webhook endpoint was deleted with its delivery log; nothing more is sent to it.',
  fields: (t) => ({
    deletedWebhookEndpointId: globalIdOf(t, 'WebhookEndpoint', 'endpointId', 'Global id the endpoint had.'),
    organizationId: globalIdOf(t, 'Organization', 'organizationId', 'Global id of the organization.'),
  }),
});

export const RedeliverWebhookDeliveryPayload = builder.objectRef<{ deliveryId: string }>('RedeliverWebhookDeliveryPayload').implement({
  description: 'The delivery, PENDING again: a new series of attempts starts once this commits.',
  fields: (t) => ({ webhookDelivery: changedRow(t, 'WebhookDelivery', 'deliveryId', 'The delivery after the change.') }),
});
