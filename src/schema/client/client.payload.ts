import { builder } from '../builder.js';
import { clientPayloads, globalIdOf } from '../shared/payload.js';

const clientPayload = clientPayloads(
  'Client',
  'The client secret for POST /oauth/token. Shown only in this response: it is stored hashed and cannot be read again.',
);

export const CreateClientPayload = clientPayload('CreateClientPayload', 'The new client and its secret, shown this once.', 'created');
export const UpdateClientPayload = clientPayload('UpdateClientPayload', 'The updated client.', 'none');
export const RotateClientSecretPayload = clientPayload(
  'RotateClientSecretPayload',
  'The client and its new secret, shown this once; the old secret no longer works.',
  'rotated',
);

/** Payload of deleteClient. */
export const DeleteClientPayload = builder.objectRef<{ clientId: string; organizationId: string }>('DeleteClientPayload').implement({
  description: 'The client was deleted; its secret and tokens no longer work.',
  fields: (t) => ({
    deletedClientId: globalIdOf(t, 'Client', 'clientId', 'Global id the client had.'),
    organizationId: globalIdOf(t, 'Organization', 'organizationId', 'Global id of the organization.'),
  }),
});
