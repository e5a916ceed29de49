import { createOrganization, deleteOrganization, updateOrganization } from '../../services/organizations.js';
import { builder } from '../builder.js';
import { mutationErrors } from '../shared/errors.js';
import { organizationPayload } from './organization.payload.js';
import { OrganizationRef } from './organization.type.js';

builder.mutationType({ description: 'Entry points for changing data; each writes one audit entry.' });

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  description: 'A new organization.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
    description: t.string({ required: false, description: 'Free text, up to 1000 characters.' }),
  }),
});

builder.mutationField('createOrganization', (t) =>
  t.field({
    type: organizationPayload('CreateOrganizationPayload', 'The organization created; the caller is its owner.'),
    description: 'Creates an organization with the caller as its OWNER.',
    errors: mutationErrors('CreateOrganizationResult'),
    authScopes: { action: 'user.self' },
    args: { input: t.arg({ type: CreateOrganizationInput, required: true, description: 'The organization.' }) },
    resolve: async (_root, { input }, ctx) => ({ organizationId: await createOrganization(ctx, input) }),
  }),
);

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  description: 'Changes to an organization; absent fields stay as they are.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    name: t.string({ required: false, description: 'New display name.' }),
    description: t.string({ required: false, description: 'New description; null clears it.' }),
    active: t.boolean({ required: false, description: 'Activate or deactivate the organization.' }),
  }),
});

builder.mutationField('updateOrganization', (t) =>
  t.field({
    type: organizationPayload('UpdateOrganizationPayload', 'The updated organization.'),
    description: 'Changes an organization’s name, description or active flag. Needs organization:write.',
    errors: mutationErrors('UpdateOrganizationResult'),
    authScopes: { action: 'organization.update' },
    args: { input: t.arg({ type: UpdateOrganizationInput, required: true, description: 'The changes.' }) },
    resolve: async (_root, { input: { organizationId, active, ...rest } }, ctx) => ({
      organizationId: await updateOrganization(ctx, organizationId.id, { ...rest, active: active ?? undefined, name: rest.name ?? undefined }),
    }),
  }),
);

const OrganizationIdInput = builder.inputType('OrganizationIdInput', {
  description: 'Names one organization.',
  fields: (t) => ({ organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }) }),
});

const DeleteOrganizationPayload = builder.objectRef<{ organizationId: string }>('DeleteOrganizationPayload').implement({
  description: 'The organization was deleted with its memberships and invitations.',
  fields: (t) => ({
    deletedOrganizationId: t.globalID({ description: 'Global id of the deleted organization.', resolve: (p) => ({ type: 'Organization', id: p.organizationId }) }),
  }),
});

builder.mutationField('deleteOrganization', (t) =>
  t.field({
    type: DeleteOrganizationPayload,
    description: 'Deletes an organization with its memberships and invitations; its audit trail stays. Needs organization:delete (owners).',
    errors: mutationErrors('DeleteOrganizationResult'),
    authScopes: { action: 'organization.delete' },
    args: { input: t.arg({ type: OrganizationIdInput, required: true, description: 'The organization.' }) },
    resolve: async (_root, { input }, ctx) => ({ organizationId: await deleteOrganization(ctx, input.organizationId.id) }),
  }),
);

export { OrganizationIdInput };
