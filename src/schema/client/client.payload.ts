import { builder } from '../builder.js';
import { changedRow, globalIdOf } from '../shared/payload.js';

/** Payload of a client mutation: the client after the change, and maybe its new secret. */
function clientPayload<WithSecret extends boolean>(name: string, description: string, withSecret: WithSecret) {
  return builder.objectRef<{ clientId: string; secret?: string }>(name).implement({
    description,
    fields: (t) => ({
      client: changedRow(t, 'Client', 'clientId', 'The client after the change.'),
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
    deletedClientId: globalIdOf(t, 'Client', 'clientId', 'Global id the client had.'),
    organizationId: globalIdOf(t, 'Organization', 'organizationId', 'Global id of the organization.'),
  }),
});
