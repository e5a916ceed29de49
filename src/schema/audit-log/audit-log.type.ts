import { queryFromInfo } from '@pothos/plugin-prisma';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type DataLoader from 'dataloader';
import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { visibleUsers } from '../../auth/visibility.js';
import type { Context } from '../../context.js';
import { ActorType } from '../../db/generated/prisma/enums.js';
import type { Prisma, User } from '../../db/generated/prisma/client.js';
import { builder } from '../builder.js';
import { named } from '../shared/rules.js';
import { requestLoaders } from '../shared/request-loaders.js';
import { reads } from '../shared/selected-columns.js';
import { UserRef } from '../user/user.type.js';

export const ActorTypeEnum = builder.enumType(ActorType, {
  name: 'ActorType',
  description: 'Who made a change recorded in the audit log.',
  values: {
    USER: { description: 'A signed-in user.' },
    CLIENT: { description: 'A service client of the organization.' },
    SYSTEM: { description: 'The server itself, e.g. a scheduled job.' },
  },
});

export const AuditLogEntryRef = builder.prismaNode('AuditLog', {
  name: 'AuditLogEntry',
  description: 'One successful mutation, recorded in its transaction: who did what to which object, and when.',
  id: { field: 'id', description: 'Global id of the entry.' },
  // Entries without an organization are platform-level: no organization’s reader sees them.
  findUnique: (id) => ({ id, organizationId: { not: null } }),
  // node(id) of an invisible object finds nothing (null), instead of Prisma's not-found exception.
  nullable: true,
  // Reading an entry needs audit_log:read in its organization (NOT_FOUND outside it).
  authScopes: named(
    (entry: { organizationId: string | null }) =>
      entry.organizationId ? { orgAction: { organizationId: entry.organizationId, action: 'audit_log.read' as const } } : false,
    'audit_log.read',
  ),
  fields: (t) => ({
    action: t.exposeString('action', { description: 'What was done, as `<domain>.<verb>`, e.g. group.create or feature.add.' }),
    actorType: t.expose('actorType', { type: ActorTypeEnum, description: 'Kind of actor.' }),
    actorId: t.id({
      nullable: true,
      description: 'Global id of the actor: a User for USER actors, a Client for CLIENT actors; null for SYSTEM. Stays set when the actor is gone.',
      ...reads('actorType', 'actorId'),
      resolve: (entry) =>
        entry.actorId && entry.actorType !== 'SYSTEM' ? encodeGlobalID(entry.actorType === 'USER' ? 'User' : 'Client', entry.actorId) : null,
    }),
    actor: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user who made the change; null for clients and the system, and for a user the caller can no longer see (no shared organization).',
      ...reads('actorType', 'actorId'),
      resolve: (entry, _args, ctx, info) => (entry.actorType === 'USER' && entry.actorId ? actorLoader(ctx, info).load(entry.actorId) : null),
    }),
    targetType: t.exposeString('targetType', { description: 'Type of the object changed, e.g. Group or Organization.' }),
    targetId: t.id({
      description:
        'The object changed: its global id when `targetType` is a type with global ids (fetch it with `node(id:)` while it exists), else the raw id.',
      ...reads('targetType', 'targetId'),
      resolve: (entry, _args, _ctx, info) => targetId(info.schema, entry.targetType, entry.targetId),
    }),
    changes: t.expose('changes', {
      type: 'JSON',
      description: 'What changed: `{ field: { from, to } }` for updates, the values for creations, the ids involved otherwise.',
    }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'Id of the HTTP request that made the change (its x-request-id).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the change was made.' }),
  }),
});

/** A changed object's id as the audit log and events show it: global when its type has global ids, else raw. */
export function targetId(schema: GraphQLSchema, typeName: string, rawId: string): string {
  return hasGlobalIds(schema, typeName) ? encodeGlobalID(typeName, rawId) : rawId;
}

/** Whether `typeName` is an object type of the schema with global ids (it implements Node). */
export function hasGlobalIds(schema: GraphQLSchema, typeName: string): boolean {
  const type = schema.getType(typeName);
  return isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
}

// The actors of a page in one statement, with the selection the client asked for. One loader per
// selection: entries of one list share it. Visible users only, as for node(id) of a User.
const actorLoaders = requestLoaders<User | null>();

export function actorLoader(ctx: Context, info: GraphQLResolveInfo): DataLoader<string, User | null> {
  const query = queryFromInfo({ context: ctx, info }) as { select?: Prisma.UserSelect; include?: Prisma.UserInclude };
  return actorLoaders(ctx, JSON.stringify(query), async (ids) => {
    // The id is needed to match users to entries, whatever the client selected.
    const selection = query.select ? { select: { ...query.select, id: true } } : query;
    const users = await ctx.prisma.user.findMany({
      ...selection,
      where: { id: { in: [...ids] }, AND: [visibleUsers(ctx.principal)] },
    } as Prisma.UserFindManyArgs);
    const byId = new Map(users.map((user) => [user.id, user as User]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
