import { z } from 'zod';
import { visibleOrganizations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { WebhookEndpoint } from '../db/generated/prisma/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { unknownEventTypes } from '../events/event-types.js';
import { diffFields } from './audit.js';
import type { Tx } from './transaction.js';
import { changeOrganization, type Change } from './unit-of-work.js';
import { sealSecret } from './sealed-secret.js';
import { generateWebhookSecret, webhookSecretKey } from './webhook-secret.js';
import { refusedUrl } from '../events/webhook-url.js';
import { description, parseInput, text } from './validate.js';

// Webhook endpoints of an organization (webhook:write). The secret is shown once, in the result of
// createWebhookEndpoint or rotateWebhookEndpointSecret; the row keeps it encrypted (webhook-secret.ts).
// Deliveries are planned by the events consumer (src/events/consumers/webhook-delivery.ts).

/** Most entries of an event type filter: more than there are types and prefixes. */
export const MAX_EVENT_TYPE_FILTERS = 200;
export const MAX_WEBHOOK_URL_LENGTH = 2000;

const eventTypeFilter = z
  .array(text(100))
  .max(MAX_EVENT_TYPE_FILTERS, `must have at most ${MAX_EVENT_TYPE_FILTERS} entries`)
  .superRefine((entries, ctx) => {
    const unknown = new Set(unknownEventTypes(entries));
    entries.forEach((entry, index) => {
      if (unknown.has(entry))
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `"${entry}" names no event type (exact types such as member.added, or prefixes such as member.*)`,
        });
    });
  })
  .transform((entries) => [...new Set(entries)]);

function inputSchemas(ctx: Context) {
  const url = text(MAX_WEBHOOK_URL_LENGTH).superRefine((value, issue) => {
    const problem = refusedUrl(value, ctx.settings.webhooks);
    if (problem) issue.addIssue({ code: 'custom', message: problem });
  });
  const create = z.object({ url, description: description.nullish(), eventTypes: eventTypeFilter.default([]), enabled: z.boolean().default(true) });
  const update = z.object({ url: url.optional(), description: description.nullish(), eventTypes: eventTypeFilter.optional(), enabled: z.boolean().optional() });
  return { create, update };
}

type CreateInput = z.input<ReturnType<typeof inputSchemas>['create']>;
type UpdateInput = z.input<ReturnType<typeof inputSchemas>['update']>;

/** A new secret, and what the row stores of it. */
function newSecret(ctx: Context) {
  const { secret, secretLastChars } = generateWebhookSecret();
  const secretCiphertext = sealSecret(webhookSecretKey(ctx.settings.webhooks.secretKey, ctx.deps.signingKey), secret);
  return { secret, stored: { secretCiphertext, secretLastChars } };
}

/** Creates an endpoint; the result holds its secret, which is never shown again. */
export async function createWebhookEndpoint(ctx: Context, organizationId: string, input: CreateInput): Promise<{ endpointId: string; secret: string }> {
  const data = parseInput(inputSchemas(ctx).create, input);
  return changeOrganization(ctx, organizationId, 'webhook.manage', async (unit) => {
    const { secret, stored } = newSecret(ctx);
    const endpoint = await unit.tx.webhookEndpoint.create({
      data: { organizationId, url: data.url, description: data.description ?? null, eventTypes: data.eventTypes, enabled: data.enabled, ...stored },
    });
    return {
      result: { endpointId: endpoint.id, secret },
      audit: {
        action: 'webhook.create',
        targetType: 'WebhookEndpoint',
        targetId: endpoint.id,
        changes: {
          url: endpoint.url,
          description: endpoint.description,
          eventTypes: endpoint.eventTypes,
          enabled: endpoint.enabled,
          secretLastChars: stored.secretLastChars,
        },
      },
    };
  });
}

/** Changes an endpoint's URL, description, filter or enabled flag; absent fields stay. */
export async function updateWebhookEndpoint(ctx: Context, endpointId: string, input: UpdateInput): Promise<string> {
  const patch = parseInput(inputSchemas(ctx).update, input);
  return manageEndpoint(ctx, endpointId, async (tx, endpoint) => {
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: patch });
    const changes = diffFields(endpoint, patch);
    if (patch.eventTypes && patch.eventTypes.join('\n') !== endpoint.eventTypes.join('\n'))
      changes.eventTypes = { from: endpoint.eventTypes, to: patch.eventTypes };
    else delete changes.eventTypes;
    return { result: endpointId, audit: { action: 'webhook.update', targetType: 'WebhookEndpoint', targetId: endpointId, changes } };
  });
}

/** Replaces the endpoint's secret: deliveries from now on are signed with the new one. */
export async function rotateWebhookEndpointSecret(ctx: Context, endpointId: string): Promise<{ endpointId: string; secret: string }> {
  return manageEndpoint(ctx, endpointId, async (tx, endpoint) => {
    const { secret, stored } = newSecret(ctx);
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { ...stored, secretRotatedAt: new Date() } });
    return {
      result: { endpointId, secret },
      audit: {
        action: 'webhook.rotate_secret',
        targetType: 'WebhookEndpoint',
        targetId: endpointId,
        changes: { secretLastChars: { from: endpoint.secretLastChars, to: stored.secretLastChars } },
      },
    };
  });
}

/** Deletes an endpoint and its delivery log; its pending deliveries are dropped. */
export async function deleteWebhookEndpoint(ctx: Context, endpointId: string): Promise<{ endpointId: string; organizationId: string }> {
  return manageEndpoint(ctx, endpointId, async (tx, endpoint) => {
    await tx.webhookEndpoint.delete({ where: { id: endpointId } });
    return {
      result: { endpointId, organizationId: endpoint.organizationId },
      audit: { action: 'webhook.delete', targetType: 'WebhookEndpoint', targetId: endpointId, changes: { url: endpoint.url, eventTypes: endpoint.eventTypes } },
    };
  });
}

/**
 * Starts a new attempt series for a delivery (its attempts count from zero again). Its audit entry
 * is the event the delivery consumer turns into the job (webhook-delivery.ts), so the job is queued
 * exactly when this commits.
 */
export async function redeliverWebhookDelivery(ctx: Context, deliveryId: string): Promise<string> {
  const organizationId = await organizationOf(ctx, 'Webhook delivery', { deliveries: { some: { id: deliveryId } } });
  return changeOrganization(ctx, organizationId, 'webhook.manage', async (unit) => {
    const delivery = await unit.tx.webhookDelivery.findFirst({
      where: { id: deliveryId, endpoint: { organizationId } },
      include: { endpoint: { select: { enabled: true } } },
    });
    if (!delivery) throw new NotFoundError('Webhook delivery');
    if (!delivery.endpoint.enabled) throw new ConflictError('The webhook endpoint is disabled: enable it before redelivering');
    await unit.tx.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date() } });
    return {
      result: deliveryId,
      audit: {
        action: 'webhook.delivery.redeliver',
        targetType: 'WebhookDelivery',
        targetId: deliveryId,
        changes: { endpointId: delivery.endpointId, eventId: delivery.eventId, status: { from: delivery.status, to: 'PENDING' } },
      },
    };
  });
}

/** A change to an existing endpoint (webhook.manage), read under the organization's lock. */
async function manageEndpoint<T>(ctx: Context, endpointId: string, change: (tx: Tx, endpoint: WebhookEndpoint) => Promise<Change<T>>): Promise<T> {
  const organizationId = await organizationOf(ctx, 'Webhook endpoint', { id: endpointId });
  return changeOrganization(ctx, organizationId, 'webhook.manage', async (unit) => {
    const endpoint = await unit.tx.webhookEndpoint.findFirst({ where: { id: endpointId, organizationId } });
    if (!endpoint) throw new NotFoundError('Webhook endpoint');
    return change(unit.tx, endpoint);
  });
}

/** The organization of the endpoint `where` finds, if the caller can see that organization at all; else NOT_FOUND. */
async function organizationOf(ctx: Context, resource: string, where: { id: string } | { deliveries: { some: { id: string } } }): Promise<string> {
  const endpoint = await ctx.prisma.webhookEndpoint.findFirst({
    where: { ...where, organization: visibleOrganizations(ctx.principal) },
    select: { organizationId: true },
  });
  if (!endpoint) throw new NotFoundError(resource);
  return endpoint.organizationId;
}
