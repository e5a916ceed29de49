import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import { createOrganization, deleteOrganization, updateOrganization } from '../../services/organizations.js';
import { builder } from '../builder.js';
import { idInput, mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { DeleteOrganizationPayload, organizationPayload } from './organization.payload.js';
import { OrganizationRef } from './organization.type.js';

builder.mutationType({ description: 'Entry points for changing data; each writes one audit entry.' });

builder.mutationField('createOrganization', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('user.self', { type: 'A new organization.', argument: 'The organization.' }),
    type: organizationPayload('CreateOrganizationPayload', 'The organization created; the caller is its owner.'),
    description: 'Creates an organization with the caller as its OWNER.',
    input: {
      name: t.input.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
      description: t.input.string({ required: false, description: 'Free text, up to 1000 characters.' }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createOrganization', idempotencyKey, input, async () => ({ organizationId: await createOrganization(ctx, input) })),
  }),
);

builder.mutationField('updateOrganization', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('organization.update', { type: 'Changes to an organization; absent fields stay as they are.', argument: 'The changes.' }),
    type: organizationPayload('UpdateOrganizationPayload', 'The updated organization.'),
    description: 'Changes an organization’s name, description or active flag. Needs organization:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      name: t.input.string({ required: false, description: 'New display name.' }),
      description: t.input.string({ required: false, description: 'New description; null clears it.' }),
      active: t.input.boolean({ required: false, description: 'Activate or deactivate the organization.' }),
    },
    resolve: async (_root, { input: { organizationId, active, ...rest } }, ctx) => ({
      organizationId: await updateOrganization(ctx, organizationId.id, { ...rest, active: active ?? undefined, name: rest.name ?? undefined }),
    }),
  }),
);

const OrganizationIdInput = idInput('OrganizationIdInput', 'Names one organization.', 'organizationId', OrganizationRef, 'The organization.');

builder.mutationField('deleteOrganization', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'organization.delete', OrganizationIdInput, 'The organization.'),
    type: DeleteOrganizationPayload,
    description:
      'Deletes an organization with its memberships, invitations and deleted stacks; its audit trail stays. CONFLICT while it has live (not deleted) stacks: the message names them (name and id, the first 10 by name) and nothing changes; delete them first (deleteStack), then the organization. Needs organization:delete (owners).',
    resolve: async (_root, { input }, ctx) => ({ organizationId: await deleteOrganization(ctx, input.organizationId.id) }),
  }),
);

export { OrganizationIdInput };
