import { createClient, deleteClient, rotateClientSecret, updateClient } from '../../services/clients.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationErrors } from '../shared/errors.js';
import { CreateClientPayload, DeleteClientPayload, RotateClientSecretPayload, UpdateClientPayload } from './client.payload.js';
import { ClientRef } from './client.type.js';

const CreateClientInput = builder.inputType('CreateClientInput', {
  description: 'A new service client of an organization.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization the client acts in.' }),
    name: t.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
    description: t.string({ required: false, description: 'Free text, up to 1000 characters.' }),
    scopes: t.stringList({
      required: true,
      description: 'Catalog scopes (e.g. member:read), at least one; only scopes the caller holds. Fixed for the client’s life. Include organization:read: without it the organization is invisible to the client.',
    }),
  }),
});

builder.mutationField('createClient', (t) =>
  t.field({
    type: CreateClientPayload,
    description: 'Creates a service client and returns its secret, once. Needs client:write and every scope given to the client.',
    errors: mutationErrors('CreateClientResult'),
    authScopes: { action: 'client.create' },
    args: { input: t.arg({ type: CreateClientInput, required: true, description: 'The client.' }) },
    resolve: (_root, { input: { organizationId, ...client } }, ctx) => createClient(ctx, organizationId.id, client),
  }),
);

const UpdateClientInput = builder.inputType('UpdateClientInput', {
  description: 'Changes to a service client; absent fields stay as they are. Scopes cannot change: create a new client instead.',
  fields: (t) => ({
    clientId: t.globalID({ for: ClientRef, required: true, description: 'Global id of the client.' }),
    name: t.string({ required: false, description: 'New display name.' }),
    description: t.string({ required: false, description: 'New description; null clears it.' }),
  }),
});

builder.mutationField('updateClient', (t) =>
  t.field({
    type: UpdateClientPayload,
    description: 'Renames or re-describes a service client. Needs client:write and every scope of the client.',
    errors: mutationErrors('UpdateClientResult'),
    authScopes: { action: 'client.manage' },
    args: { input: t.arg({ type: UpdateClientInput, required: true, description: 'The changes.' }) },
    resolve: async (_root, { input: { clientId, name, description } }, ctx) => ({
      clientId: await updateClient(ctx, clientId.id, { name: name ?? undefined, description }),
    }),
  }),
);

const ClientIdInput = builder.inputType('ClientIdInput', {
  description: 'Names one service client.',
  fields: (t) => ({ clientId: t.globalID({ for: ClientRef, required: true, description: 'Global id of the client.' }) }),
});

builder.mutationField('rotateClientSecret', (t) =>
  t.field({
    type: RotateClientSecretPayload,
    description:
      'Gives a service client a new secret, returned once. The old secret and every token issued for it stop working at once. Needs client:write and every scope of the client.',
    errors: mutationErrors('RotateClientSecretResult'),
    authScopes: { action: 'client.manage' },
    args: { input: t.arg({ type: ClientIdInput, required: true, description: 'The client.' }) },
    resolve: (_root, { input }, ctx) => rotateClientSecret(ctx, input.clientId.id),
  }),
);

builder.mutationField('deleteClient', (t) =>
  t.field({
    type: DeleteClientPayload,
    description: 'Deletes a service client: its secret and its tokens stop working at once. Needs client:write and every scope of the client.',
    errors: mutationErrors('DeleteClientResult'),
    authScopes: { action: 'client.manage' },
    args: { input: t.arg({ type: ClientIdInput, required: true, description: 'The client.' }) },
    resolve: (_root, { input }, ctx) => deleteClient(ctx, input.clientId.id),
  }),
);
