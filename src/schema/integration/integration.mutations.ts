import { deleteIntegration, MAX_ENVIRONMENT_MAPPINGS, updateIntegrationEnvironmentMapping } from '../../services/integrations.js';
import { builder } from '../builder.js';
import { mutationErrors } from '../shared/errors.js';
import { DeleteIntegrationPayload, integrationPayload } from './integration.payload.js';
import { IntegrationRef } from './integration.type.js';

const IntegrationIdInput = builder.inputType('IntegrationIdInput', {
  description: 'Names one integration.',
  fields: (t) => ({ integrationId: t.globalID({ for: IntegrationRef, required: true, description: 'The integration.' }) }),
});

builder.mutationField('deleteIntegration', (t) =>
  t.field({
    type: DeleteIntegrationPayload,
    description: 'Disconnects an integration from the organization and deletes it with its settings. Needs integration:write.',
    errors: mutationErrors('DeleteIntegrationResult'),
    authScopes: { action: 'integration.manage' },
    args: { input: t.arg({ type: IntegrationIdInput, required: true, description: 'The integration.' }) },
    resolve: (_root, { input }, ctx) => deleteIntegration(ctx, input.integrationId.id),
  }),
);

const EnvironmentMappingEntryInput = builder.inputType('EnvironmentMappingEntryInput', {
  description: 'One environment of an integration and the environment of ours it maps to.',
  fields: (t) => ({
    externalEnvironment: t.string({ required: true, description: 'Name of the environment on the integration’s side, 1 to 100 characters; once per mapping.' }),
    environment: t.string({ required: true, description: 'Name of our environment it maps to, 1 to 100 characters.' }),
  }),
});

const UpdateIntegrationEnvironmentMappingInput = builder.inputType('UpdateIntegrationEnvironmentMappingInput', {
  description: 'The new environment mapping of an integration; it replaces the old one.',
  fields: (t) => ({
    integrationId: t.globalID({ for: IntegrationRef, required: true, description: 'The integration.' }),
    environmentMapping: t.field({
      type: [EnvironmentMappingEntryInput],
      required: true,
      description: `The whole mapping, at most ${MAX_ENVIRONMENT_MAPPINGS} entries, each external environment once; an empty list clears it.`,
    }),
  }),
});

builder.mutationField('updateIntegrationEnvironmentMapping', (t) =>
  t.field({
    type: integrationPayload('UpdateIntegrationEnvironmentMappingPayload', 'The integration with its new environment mapping.'),
    description: 'Replaces which of an integration’s environments maps to which of ours. Needs integration:write.',
    errors: mutationErrors('UpdateIntegrationEnvironmentMappingResult'),
    authScopes: { action: 'integration.manage' },
    args: { input: t.arg({ type: UpdateIntegrationEnvironmentMappingInput, required: true, description: 'The integration and its mapping.' }) },
    resolve: async (_root, { input: { integrationId, environmentMapping } }, ctx) => ({
      integrationId: await updateIntegrationEnvironmentMapping(ctx, integrationId.id, { environmentMapping }),
    }),
  }),
);
