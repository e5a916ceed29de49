import { builder } from '../builder.js';

/** Payload of upsertAuthProvider: the provider and its organization, loaded with exactly the selected fields. */
export const UpsertAuthProviderPayload = builder.objectRef<{ organizationId: string }>('UpsertAuthProviderPayload').implement({
  description: 'The authentication provider after the change (its secret is never returned).',
  fields: (t) => ({
    authProvider: t.prismaField({
      type: 'AuthProvider',
      description: 'The provider after the change.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.authProvider.findUniqueOrThrow({ ...query, where: { organizationId: payload.organizationId } }),
    }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});

/** Payload of deleteAuthProvider. */
export const DeleteAuthProviderPayload = builder.objectRef<{ organizationId: string }>('DeleteAuthProviderPayload').implement({
  description: 'The authentication provider was deleted; discovered groups and their mappings stay.',
  fields: (t) => ({
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization, now without a provider.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});

/** Payload of mapping or unmapping a discovered group: it and the local group, after the change. */
export function externalGroupPayload(name: string, description: string, groupDescription: string) {
  return builder.objectRef<{ externalGroupId: string; groupId: string }>(name).implement({
    description,
    fields: (t) => ({
      externalGroup: t.prismaField({
        type: 'ExternalGroup',
        description: 'The discovered group after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.externalGroup.findUniqueOrThrow({ ...query, where: { id: payload.externalGroupId } }),
      }),
      group: t.prismaField({
        type: 'Group',
        description: groupDescription,
        resolve: (query, payload, _args, ctx) => ctx.prisma.group.findUniqueOrThrow({ ...query, where: { id: payload.groupId } }),
      }),
    }),
  });
}
