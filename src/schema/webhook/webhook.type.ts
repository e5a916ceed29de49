import { can } from '../../auth/permissions.js';
import { WebhookDeliveryStatus } from '../../db/generated/prisma/enums.js';
import { equals } from '../../db/sql-conditions.js';
import { EVENT_TYPES } from '../../events/event-types.js';
import { builder } from '../builder.js';
import { inVisibleOrganization, tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { childPage, NEWEST_FIRST, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';

const WebhookEndpointPermissions = permissionsType(
  'WebhookEndpointPermissions',
  'What the caller may do with a webhook endpoint, from the rules that guard the mutations.',
  {
    update: 'updateWebhookEndpoint is allowed (webhook:write).',
    rotateSecret: 'rotateWebhookEndpointSecret is allowed (webhook:write).',
    delete: 'deleteWebhookEndpoint is allowed (webhook:write).',
    redeliver: 'redeliverWebhookDelivery is allowed for its deliveries (webhook:write).',
  },
);

export const WebhookDeliveryStatusEnum = builder.enumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a webhook delivery stands.',
  values: {
    PENDING: { description: 'Not delivered yet: waiting for its first attempt or for a retry.' },
    SUCCEEDED: { description: 'The endpoint answered with a 2xx status.' },
    FAILED: {
      description: 'Every attempt of the series failed, or the delivery was refused (address, disabled endpoint); redeliverWebhookDelivery tries again.',
    },
  },
});

export const WebhookEndpointRef = builder.prismaNode('WebhookEndpoint', {
  description: `A URL of a service that is sent the organization’s events as they are committed, each as a POST of JSON signed per Standard Webhooks (webhook-id, webhook-timestamp and webhook-signature headers, HMAC-SHA256 with the endpoint’s secret). Delivered at least once: a receiver drops repeats by webhook-id. Event types: ${EVENT_TYPES.length} in all, such as member.added, invitation.created or stack.upgraded.`,
  id: { field: 'id', description: 'Global id of the webhook endpoint.' },
  ...tenantNode(inVisibleOrganization),
  authScopes: inOrganizationOf('webhook.read'),
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where deliveries are POSTed: an https URL (http only to loopback, in development).' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text about the endpoint.' }),
    eventTypes: t.exposeStringList('eventTypes', {
      description: 'The event types sent: exact types (member.added) or prefixes ending in .* (member.*). Empty: every type.',
    }),
    enabled: t.exposeBoolean('enabled', { description: 'Whether events are sent; a disabled endpoint is sent nothing and its pending deliveries stop.' }),
    secretLastChars: t.exposeString('secretLastChars', {
      description:
        'Last characters of the current signing secret, to recognise it. The secret itself is shown only once; the server keeps it encrypted, since it must sign with it.',
    }),
    secretRotatedAt: t.expose('secretRotatedAt', { type: 'DateTime', description: 'When the current secret was made.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the endpoint was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the endpoint last changed.' }),
    deliveries: t.connection(
      {
        type: WebhookDeliveryRef,
        description: 'The endpoint’s delivery log, newest first.',
        args: { status: t.arg({ type: WebhookDeliveryStatusEnum, required: false, description: 'Only deliveries with this status.' }) },
        resolve: (endpoint, args, ctx, info) =>
          resolvePage(
            ctx,
            info,
            args,
            childPage('WebhookDelivery', 'endpointId', endpoint.id, {
              filters: args.status ? [equals(PAGED, 'status', args.status, 'WebhookDeliveryStatus')] : [],
              order: NEWEST_FIRST,
            }),
          ),
      },
      withTotalCount(),
    ),
    viewerCan: t.field({
      type: WebhookEndpointPermissions,
      description: 'What the caller may do with this endpoint.',
      ...reads(),
      resolve: async (endpoint, _args, ctx) => {
        const manage = can(await ctx.access.standing(endpoint.organizationId), 'webhook.manage');
        return { update: manage, rotateSecret: manage, delete: manage, redeliver: manage };
      },
    }),
  }),
});

export const WebhookDeliveryRef = builder.prismaNode('WebhookDelivery', {
  description: 'One event sent (or being sent) to one webhook endpoint: its body, and the outcome of its attempts.',
  id: { field: 'id', description: 'Global id of the delivery.' },
  ...tenantNode(inVisibleOrganization),
  authScopes: inOrganizationOf('webhook.read'),
  fields: (t) => ({
    eventId: t.exposeString('eventId', { description: 'The event’s id, sent as the webhook-id header: the same on every attempt and redelivery.' }),
    eventType: t.exposeString('eventType', { description: 'The event’s type, e.g. member.added.' }),
    payload: t.field({
      type: 'JSON',
      description: 'The JSON body sent: { id, type, timestamp, data: { organizationId, actor, target, changes } }.',
      ...reads('payload'),
      resolve: (delivery) => JSON.parse(delivery.payload) as unknown,
    }),
    status: t.expose('status', { type: WebhookDeliveryStatusEnum, description: 'Where the delivery stands.' }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made in the current series (a redelivery starts a new series).' }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true, description: 'HTTP status of the last answer; null when none came.' }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last attempt failed (status, timeout, connection error, refused address); null after a success.',
    }),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true, description: 'When the last attempt was made; null before the first.' }),
    nextAttemptAt: t.expose('nextAttemptAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The earliest time of the next attempt (the retry backoff adds up to as much again at random); null when none is planned.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the event was planned for this endpoint.' }),
  }),
});

builder.prismaObjectField('Organization', 'webhookEndpoints', (t) =>
  t.connection(
    {
      type: WebhookEndpointRef,
      nullable: true,
      description: 'Webhook endpoints of the organization, oldest first. Null (with a FORBIDDEN error) without webhook:read.',
      authScopes: inThisOrganization('webhook.read'),
      args: { enabled: t.arg.boolean({ required: false, description: 'Only enabled (true) or only disabled (false) endpoints; all when absent.' }) },
      resolve: (organization, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('WebhookEndpoint', 'organizationId', organization.id, { filters: args.enabled == null ? [] : [equals(PAGED, 'enabled', args.enabled)] }),
        ),
    },
    withTotalCount(),
  ),
);

// Relation fields, added after the types (see client.type.ts).
builder.prismaObjectFields('WebhookEndpoint', (t) => ({
  organization: t.field({ type: OrganizationRef, description: 'The organization.', ...relationField('WebhookEndpoint', 'organization') }),
}));
builder.prismaObjectFields('WebhookDelivery', (t) => ({
  endpoint: t.field({ type: WebhookEndpointRef, description: 'The endpoint it is sent to.', ...relationField('WebhookDelivery', 'endpoint') }),
}));
