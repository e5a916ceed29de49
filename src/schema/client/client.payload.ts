import { builder } from '../builder.js';

/** Payload of a client mutation: the client, loaded with exactly the fields the caller selected, and maybe its new secret. */
function clientPayload<WithSecret extends boolean>(name: string, description: string, withSecret: WithSecret) {
  return builder.objectRef<{ clientId: string; secret?: string }>(name).implement({
    description,
    fields: (t) => ({
      client: t.prismaField({
        type: 'Client',
        description: 'The client after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.client.findUniqueOrThrow({ ...query, where: { id: payload.clientId } }),
      }),
      ...(withSecret
        ? {
            secret: t.string({
              description: 'The client secret for POST /oauth/token. Shown only in this response: it is stored hashed and cannot be read again.',
              resolve: (payload) => payload.secret!,
            }),
          }
        : {}),
    }),
  });
}

export const CreateClientPayload = clientPayload('CreateClientPayload', 'The new client and its secret, shown this once.', true);
export const UpdateClientPayload = clientPayload('UpdateClientPayload', 'The updated client.', false);
export const RotateClientSecretPayload = clientPayload('RotateClientSecretPayload', 'The client and its new secret, shown this once; the old secret no longer works.', true);

/** Payload of deleteClient. */
export const DeleteClientPayload = builder.objectRef<{ clientId: string; organizationId: string }>('DeleteClientPayload').implement({
  description: 'The client was deleted; its secret and tokens no longer work.',
  fields: (t) => ({
    deletedClientId: t.globalID({ description: 'Global id the client had.', resolve: (p) => ({ type: 'Client', id: p.clientId }) }),
    organizationId: t.globalID({ description: 'Global id of the organization.', resolve: (p) => ({ type: 'Organization', id: p.organizationId }) }),
  }),
});
