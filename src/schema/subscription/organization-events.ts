import { encodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import { can } from '../../auth/permissions.js';
import type { Context } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { matchesEventTypes, unknownEventTypes } from '../../events/event-types.js';
import { hasGlobalIds } from '../audit-log/audit-log.type.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mayEnter } from '../shared/entry-rules.js';
import { aboutTarget, ChangeEventRef, type ChangePayload, FROM_EVENT } from './change-event.type.js';
import { delivered, eventFeed } from './event-feed.js';
import { readActionOf } from './event-read-action.js';

const OrganizationEventRef = builder.objectRef<ChangePayload>('OrganizationEvent').implement({
  description:
    'A committed change in an organization. The envelope (type, time, node) needs organization:read and the read scope of the event’s domain (member:read for member.*, stack:read for stack.*…); who made it and what changed need audit_log:read (`auditLogEntry`).',
  interfaces: [ChangeEventRef],
  fields: (t) => ({
    organizationId: t.id({
      ...FROM_EVENT,
      description: 'Global id of the organization.',
      resolve: ({ event }) => encodeGlobalID('Organization', event.organizationId!),
    }),
    node: t.field({
      ...FROM_EVENT,
      type: builder.nodeInterfaceRef(),
      nullable: true,
      description: 'The changed node as it is now, read with the subscriber’s rights; null when it is gone or the subscriber may not see it.',
      resolve: ({ node }, _args, ctx, info) => visibleNode(ctx, info, node),
    }),
    auditLogEntry: t.prismaField({
      ...FROM_EVENT,
      type: 'AuditLog',
      nullable: true,
      description: 'The audit log entry of the change: its actor and changed fields. Null without audit_log:read.',
      resolve: async (query, { event }, _args, ctx) =>
        (await ctx.access.can(event.organizationId!, 'audit_log.read')) ? ctx.prisma.auditLog.findUnique({ ...query, where: { id: event.id } }) : null,
    }),
  }),
});

/** The node an event is about, as node(id:) would answer the subscriber; null instead of NOT_FOUND. */
async function visibleNode(ctx: Context, info: GraphQLResolveInfo, node: ChangePayload['node']): Promise<unknown> {
  if (!hasGlobalIds(info.schema, node.type)) return null;
  const [row] = await resolveNodes(builder, ctx, info, [{ typename: node.type, id: node.id }]);
  const found = await row;
  return found != null && (await mayEnter(info.schema, node.type, found, ctx)) ? found : null;
}

builder.subscriptionField('organizationEvents', (t) =>
  t.field({
    type: OrganizationEventRef,
    description:
      'The changes committed in an organization from now on, in commit order, as they happen. Needs organization:read (NOT_FOUND outside the organization); each event is sent only while the subscriber may read its domain (member:read for member.*, …), checked again for every event: a subscriber removed from the organization gets a last NOT_FOUND error and the stream ends.',
    // Anonymous callers are UNAUTHENTICATED, not told that the organization is not found.
    authScopes: (_root, args, ctx) =>
      ctx.principal ? { orgAction: { organizationId: args.organizationId.id, action: 'organization.read' as const } } : { authenticated: true },
    args: {
      organizationId: t.arg.globalID({ for: OrganizationRef, required: true, description: 'Global id of the organization.' }),
      types: t.arg.stringList({
        required: false,
        description:
          'Only events of these types (`member.added`) or type prefixes (`member.*`); all when omitted. An unknown type is BAD_USER_INPUT; a type whose domain the caller may not read is FORBIDDEN.',
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const organizationId = args.organizationId.id;
      const types = args.types ?? [];
      const unknown = unknownEventTypes(types);
      if (unknown.length)
        throw new ValidationError(`Unknown event types: ${unknown.join(', ')}`, [{ path: ['types'], message: `unknown: ${unknown.join(', ')}` }]);
      for (const type of types) await ctx.access.require(organizationId, readActionOf(type));
      return eventFeed(ctx, {
        concerns: (event) => event.organizationId === organizationId && matchesEventTypes(event.type, types),
        payloads: async (event) => {
          const standing = await ctx.access.require(organizationId, 'organization.read');
          return can(standing, readActionOf(event.type)) ? [aboutTarget(event)] : [];
        },
      });
    },
    resolve: delivered,
  }),
);
