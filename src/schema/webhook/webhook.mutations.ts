import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhookDelivery,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
} from '../../services/webhooks.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import { idInput, mutationTaking, mutationWithInput } from '../shared/mutation.js';
import {
  CreateWebhookEndpointPayload,
  DeleteWebhookEndpointPayload,
  RedeliverWebhookDeliveryPayload,
  RotateWebhookEndpointSecretPayload,
  UpdateWebhookEndpointPayload,
} from './webhook.payload.js';
import { WebhookDeliveryRef, WebhookEndpointRef } from './webhook.type.js';

const URL_RULES =
  'An https URL (http only to a loopback address when WEBHOOK_ALLOW_LOOPBACK is on); never a private, loopback, link-local or other non-public address unless the server allows it. Checked again after DNS at every delivery.';
const EVENT_TYPES_RULES = 'Event types to send: exact types (member.added) or prefixes ending in .* (member.*); empty or absent: every type.';

builder.mutationField('createWebhookEndpoint', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('webhook.manage', { type: 'A new webhook endpoint of an organization.', argument: 'The endpoint.' }),
    type: CreateWebhookEndpointPayload,
    description: 'Creates a webhook endpoint and returns its signing secret, once. Needs webhook:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization whose events are sent.' }),
      url: t.input.string({ required: true, description: URL_RULES }),
      description: t.input.string({ required: false, description: 'Free text, up to 1000 characters.' }),
      eventTypes: t.input.stringList({ required: false, description: EVENT_TYPES_RULES }),
      enabled: t.input.boolean({ required: false, description: 'Whether events are sent from now on (default true).' }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createWebhookEndpoint', idempotencyKey, input, () => {
        const { organizationId, eventTypes, enabled, ...endpoint } = input;
        return createWebhookEndpoint(ctx, organizationId.id, { ...endpoint, eventTypes: eventTypes ?? undefined, enabled: enabled ?? undefined });
      }),
  }),
);

builder.mutationField('updateWebhookEndpoint', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('webhook.manage', { type: 'Changes to a webhook endpoint; absent fields stay as they are.', argument: 'The changes.' }),
    type: UpdateWebhookEndpointPayload,
    description: 'Changes a webhook endpoint’s URL, description, event types or enabled flag. Needs webhook:write.',
    input: {
      webhookEndpointId: t.input.globalID({ for: WebhookEndpointRef, required: true, description: 'Global id of the endpoint.' }),
      url: t.input.string({ required: false, description: `New URL. ${URL_RULES}` }),
      description: t.input.string({ required: false, description: 'New description; null clears it.' }),
      eventTypes: t.input.stringList({ required: false, description: `New filter. ${EVENT_TYPES_RULES}` }),
      enabled: t.input.boolean({ required: false, description: 'false stops sending (pending deliveries stop too); true sends again.' }),
    },
    resolve: async (_root, { input: { webhookEndpointId, url, description, eventTypes, enabled } }, ctx) => ({
      endpointId: await updateWebhookEndpoint(ctx, webhookEndpointId.id, {
        url: url ?? undefined,
        description,
        eventTypes: eventTypes ?? undefined,
        enabled: enabled ?? undefined,
      }),
    }),
  }),
);

const WebhookEndpointIdInput = idInput(
  'WebhookEndpointIdInput',
  'Names one webhook endpoint.',
  'webhookEndpointId',
  WebhookEndpointRef,
  'Global id of the endpoint.',
);

builder.mutationField('rotateWebhookEndpointSecret', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'webhook.manage', WebhookEndpointIdInput, 'The endpoint.'),
    type: RotateWebhookEndpointSecretPayload,
    description: 'Gives a webhook endpoint a new signing secret, returned once; every delivery attempt from now on is signed with it. Needs webhook:write.',
    resolve: (_root, { input }, ctx) => rotateWebhookEndpointSecret(ctx, input.webhookEndpointId.id),
  }),
);

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'webhook.manage', WebhookEndpointIdInput, 'The endpoint.'),
    type: DeleteWebhookEndpointPayload,
    description: 'Deletes a webhook endpoint and its delivery log; pending deliveries are dropped. Needs webhook:write.',
    resolve: (_root, { input }, ctx) => deleteWebhookEndpoint(ctx, input.webhookEndpointId.id),
  }),
);

builder.mutationField('redeliverWebhookDelivery', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('webhook.manage', { type: 'Names the delivery to send again.', argument: 'The delivery.' }),
    type: RedeliverWebhookDeliveryPayload,
    description:
      'Sends a delivery again, with the same webhook-id and body (signed anew): a new series of attempts with the usual retries, whatever its status. CONFLICT when its endpoint is disabled. Needs webhook:write.',
    input: { webhookDeliveryId: t.input.globalID({ for: WebhookDeliveryRef, required: true, description: 'Global id of the delivery.' }) },
    resolve: async (_root, { input }, ctx) => ({ deliveryId: await redeliverWebhookDelivery(ctx, input.webhookDeliveryId.id) }),
  }),
);
