import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import { createClient, deleteClient, rotateClientSecret, updateClient } from '../../services/clients.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { idInput, mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { CreateClientPayload, DeleteClientPayload, RotateClientSecretPayload, UpdateClientPayload } from './client.payload.js';
import { ClientRef } from './client.type.js';

builder.mutationField('createClient', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('client.create', { type: 'A new service client of an organization.', argument: 'The client.' }),
    type: CreateClientPayload,
    description: 'Creates a service client and returns its secret, once. Needs client:write and every scope given to the client.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization the client acts in.' }),
      name: t.input.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
      description: t.input.string({ required: false, description: 'Free text, up to 1000 characters.' }),
      scopes: t.input.stringList({
        required: true,
        description:
          'Catalog scopes (e.g. member:read), at least one; only scopes the caller holds. Fixed for the client’s life. Include organization:read: without it the organization is invisible to the client.',
      }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createClient', idempotencyKey, input, () => {
        const { organizationId, ...client } = input;
        return createClient(ctx, organizationId.id, client);
      }),
  }),
);

builder.mutationField('updateClient', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('client.manage', {
      type: 'Changes to a service client; absent fields stay as they are. Scopes cannot change: create a new client instead.',
      argument: 'The changes.',
    }),
    type: UpdateClientPayload,
    description: 'Renames or re-describes a service client. Needs client:write and every scope of the client.',
    input: {
      clientId: t.input.globalID({ for: ClientRef, required: true, description: 'Global id of the client.' }),
      name: t.input.string({ required: false, description: 'New display name.' }),
      description: t.input.string({ required: false, description: 'New description; null clears it.' }),
    },
    resolve: async (_root, { input: { clientId, name, description } }, ctx) => ({
      clientId: await updateClient(ctx, clientId.id, { name: name ?? undefined, description }),
    }),
  }),
);

const ClientIdInput = idInput('ClientIdInput', 'Names one service client.', 'clientId', ClientRef, 'Global id of the client.');

builder.mutationField('rotateClientSecret', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'client.manage', ClientIdInput, 'The client.'),
    type: RotateClientSecretPayload,
    description:
      'Gives a service client a new secret, returned once. The old secret and every token issued for it stop working at once. Needs client:write and every scope of the client.',
    resolve: (_root, { input }, ctx) => rotateClientSecret(ctx, input.clientId.id),
  }),
);

builder.mutationField('deleteClient', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'client.manage', ClientIdInput, 'The client.'),
    type: DeleteClientPayload,
    description: 'Deletes a service client: its secret and its tokens stop working at once. Needs client:write and every scope of the client.',
    resolve: (_root, { input }, ctx) => deleteClient(ctx, input.clientId.id),
  }),
);
