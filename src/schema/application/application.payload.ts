import { builder } from '../builder.js';

// Mutation payloads of the application domain: each object is loaded with exactly the fields
// the caller selected (one query per object).

/** A payload with the application after the change. */
export function applicationPayload(name: string, description: string) {
  return builder.objectRef<{ applicationId: string }>(name).implement({
    description,
    fields: (t) => ({
      application: t.prismaField({
        type: 'Application',
        description: 'The application after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: payload.applicationId } }),
      }),
    }),
  });
}

export const DeleteApplicationPayload = builder.objectRef<{ applicationId: string }>('DeleteApplicationPayload').implement({
  description: 'The application was removed from the catalog, with its scopes and clients, and disabled in every organization.',
  fields: (t) => ({
    deletedApplicationId: t.globalID({ description: 'Global id the application had.', resolve: (p) => ({ type: 'Application', id: p.applicationId }) }),
  }),
});

export const CreateApplicationScopePayload = builder.objectRef<{ scopeId: string }>('CreateApplicationScopePayload').implement({
  description: 'The new scope.',
  fields: (t) => ({
    scope: t.prismaField({
      type: 'ApplicationScope',
      description: 'The scope created, with no delegations yet.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.applicationScope.findUniqueOrThrow({ ...query, where: { id: payload.scopeId } }),
    }),
  }),
});

export const DeleteApplicationScopePayload = builder.objectRef<{ scopeId: string; applicationId: string }>('DeleteApplicationScopePayload').implement({
  description: 'The scope was deleted with every delegation from and to it.',
  fields: (t) => ({
    deletedScopeId: t.globalID({ description: 'Global id the scope had.', resolve: (p) => ({ type: 'ApplicationScope', id: p.scopeId }) }),
    application: t.prismaField({
      type: 'Application',
      description: 'The application the scope belonged to.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: payload.applicationId } }),
    }),
  }),
});

/** Payload of adding or removing a delegation: both scopes after the change. */
export function delegationPayload(name: string, description: string) {
  return builder.objectRef<{ scopeId: string; delegatesToId: string }>(name).implement({
    description,
    fields: (t) => ({
      scope: t.prismaField({
        type: 'ApplicationScope',
        description: 'The delegating scope after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.applicationScope.findUniqueOrThrow({ ...query, where: { id: payload.scopeId } }),
      }),
      delegatesTo: t.prismaField({
        type: 'ApplicationScope',
        description: 'The scope it delegates, or no longer delegates, to.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.applicationScope.findUniqueOrThrow({ ...query, where: { id: payload.delegatesToId } }),
      }),
    }),
  });
}

/** Payload of an application client mutation: the client, and maybe its secret. */
function applicationClientPayload(name: string, description: string, withSecret: boolean) {
  return builder.objectRef<{ clientId: string; secret?: string }>(name).implement({
    description,
    fields: (t) => ({
      client: t.prismaField({
        type: 'ApplicationClient',
        description: 'The client after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.applicationClient.findUniqueOrThrow({ ...query, where: { id: payload.clientId } }),
      }),
      ...(withSecret
        ? {
            secret: t.string({
              description: 'The client secret. Shown only in this response: it is stored hashed and cannot be read again.',
              resolve: (payload) => payload.secret!,
            }),
          }
        : {}),
    }),
  });
}

export const CreateApplicationClientPayload = applicationClientPayload('CreateApplicationClientPayload', 'The new client and its secret, shown this once.', true);
export const UpdateApplicationClientPayload = applicationClientPayload('UpdateApplicationClientPayload', 'The updated client.', false);

export const DeleteApplicationClientPayload = builder.objectRef<{ clientId: string; applicationId: string }>('DeleteApplicationClientPayload').implement({
  description: 'The client was deleted; its secret no longer works.',
  fields: (t) => ({
    deletedClientId: t.globalID({ description: 'Global id the client had.', resolve: (p) => ({ type: 'ApplicationClient', id: p.clientId }) }),
    application: t.prismaField({
      type: 'Application',
      description: 'The application the client belonged to.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: payload.applicationId } }),
    }),
  }),
});

/** Payload of enabling or disabling an application: the organization and the application after the change. */
export function organizationApplicationPayload(name: string, description: string) {
  return builder.objectRef<{ organizationId: string; applicationId: string }>(name).implement({
    description,
    fields: (t) => ({
      organization: t.prismaField({
        type: 'Organization',
        description: 'The organization after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
      }),
      application: t.prismaField({
        type: 'Application',
        description: 'The application.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: payload.applicationId } }),
      }),
    }),
  });
}
