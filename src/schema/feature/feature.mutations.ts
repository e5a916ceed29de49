import { addFeatures, MAX_FEATURES_PER_CALL, removeFeature } from '../../services/features.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationWithInput } from '../shared/mutation.js';
import { AddFeaturesPayload, RemoveFeaturePayload } from './feature.payload.js';

builder.mutationField('addFeatures', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('feature.manage', { type: 'Flags to switch on for an organization.', argument: 'The organization and flag names.' }),
    type: AddFeaturesPayload,
    description:
      'Switches feature flags on for an organization. Names already on are skipped (listed in `alreadyPresent`); CONFLICT when every name is already on. Needs feature:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      names: t.input.stringList({
        required: true,
        description: `Flag names, 1 to ${MAX_FEATURES_PER_CALL}: each 1 to 64 lower-case letters, digits, "-" or "_" (e.g. ledger_v2, new-ui). Repeats count once.`,
      }),
    },
    resolve: (_root, { input }, ctx) => addFeatures(ctx, input.organizationId.id, { names: input.names }),
  }),
);

builder.mutationField('removeFeature', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('feature.manage', { type: 'A flag of an organization.', argument: 'The organization and flag.' }),
    type: RemoveFeaturePayload,
    description: 'Switches a feature flag off for an organization; NOT_FOUND when it is not on. Needs feature:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      name: t.input.string({ required: true, description: 'Name of the flag.' }),
    },
    resolve: (_root, { input }, ctx) => removeFeature(ctx, input.organizationId.id, { name: input.name }),
  }),
);
