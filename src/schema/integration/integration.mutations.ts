import { deleteIntegration, MAX_ENVIRONMENT_MAPPINGS, updateIntegrationEnvironmentMapping } from '../../services/integrations.js';
import { builder } from '../builder.js';
import { mutationWithInput } from '../shared/mutation.js';
import { DeleteIntegrationPayload, integrationPayload } from './integration.payload.js';
import { IntegrationRef } from './integration.type.js';

builder.mutationField('deleteIntegration', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('integration.manage', { name: 'IntegrationIdInput', type: 'Names one integration.', argument: 'The integration.' }),
    type: DeleteIntegrationPayload,
    description: 'Disconnects an integration from the organization and deletes it with its settings. Needs integration:write.',
    input: { integrationId: t.input.globalID({ for: IntegrationRef, required: true, description: 'The integration.' }) },
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

builder.mutationField('updateIntegrationEnvironmentMapping', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('integration.manage', {
      type: 'The new environment mapping of an integration; it replaces the old one.',
      argument: 'The integration and its mapping.',
    }),
    type: integrationPayload('UpdateIntegrationEnvironmentMappingPayload', 'The integration with its new environment mapping.'),
    description: 'Replaces which of an integration’s environments maps to which of ours. Needs integration:write.',
    input: {
      integrationId: t.input.globalID({ for: IntegrationRef, required: true, description: 'The integration.' }),
      environmentMapping: t.input.field({
        type: [EnvironmentMappingEntryInput],
        required: true,
        description: `The whole mapping, at most ${MAX_ENVIRONMENT_MAPPINGS} entries, each external environment once; an empty list clears it.`,
      }),
    },
    resolve: async (_root, { input: { integrationId, environmentMapping } }, ctx) => ({
      integrationId: await updateIntegrationEnvironmentMapping(ctx, integrationId.id, { environmentMapping }),
    }),
  }),
);
