import type { TestApp } from '../../helpers/app.js';
import { gid } from '../../helpers/fixtures.js';
import { mutation, nextUnique, WRITERS, type Entry } from '../entry-kit.js';
import type { Fixture } from '../principals.js';

// Webhook endpoints: changing them and redelivering needs webhook:write (owners, admins, a client
// with the scope). Endpoints and deliveries are made directly here (setup, not under test).

async function freshEndpoint(t: TestApp, f: Fixture): Promise<string> {
  const endpoint = await t.prisma.webhookEndpoint.create({
    data: { organizationId: f.orgId, url: `https://hooks${nextUnique()}.example.com/in`, secretCiphertext: 'x.x.x', secretLastChars: 'xxxx' },
  });
  return endpoint.id;
}

async function freshDelivery(t: TestApp, f: Fixture): Promise<string> {
  const endpointId = await freshEndpoint(t, f);
  const delivery = await t.prisma.webhookDelivery.create({
    data: { organizationId: f.orgId, endpointId, eventId: `event-${nextUnique()}`, eventType: 'member.added', payload: '{}', status: 'FAILED', attempts: 3 },
  });
  return gid('WebhookDelivery', delivery.id);
}

const endpointInput = async (t: TestApp, f: Fixture) => ({ webhookEndpointId: gid('WebhookEndpoint', await freshEndpoint(t, f)) });

export const ENTRIES: Record<string, Entry> = {
  'Mutation.createWebhookEndpoint': mutation('createWebhookEndpoint', 'CreateWebhookEndpointInput', 'webhook:write', WRITERS, (_t, f) => ({
    organizationId: f.org,
    url: 'https://hooks.example.com/in',
    eventTypes: ['member.*'],
  })),
  'Mutation.updateWebhookEndpoint': mutation('updateWebhookEndpoint', 'UpdateWebhookEndpointInput', 'webhook:write', WRITERS, async (t, f) => ({
    ...(await endpointInput(t, f)),
    description: 'changed',
  })),
  'Mutation.rotateWebhookEndpointSecret': mutation('rotateWebhookEndpointSecret', 'WebhookEndpointIdInput', 'webhook:write', WRITERS, endpointInput),
  'Mutation.deleteWebhookEndpoint': mutation('deleteWebhookEndpoint', 'WebhookEndpointIdInput', 'webhook:write', WRITERS, endpointInput),
  'Mutation.redeliverWebhookDelivery': mutation('redeliverWebhookDelivery', 'RedeliverWebhookDeliveryInput', 'webhook:write', WRITERS, async (t, f) => ({
    webhookDeliveryId: await freshDelivery(t, f),
  })),
};
