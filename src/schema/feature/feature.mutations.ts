import { addFeatures, MAX_FEATURES_PER_CALL, removeFeature } from '../../services/features.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationErrors } from '../shared/errors.js';
import { AddFeaturesPayload, RemoveFeaturePayload } from './feature.payload.js';

const AddFeaturesInput = builder.inputType('AddFeaturesInput', {
  description: 'Flags to switch on for an organization.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    names: t.stringList({
      required: true,
      description: `Flag names, 1 to ${MAX_FEATURES_PER_CALL}: each 1 to 64 lower-case letters, digits, "-" or "_" (e.g. ledger_v2, new-ui). Repeats count once.`,
    }),
  }),
});

builder.mutationField('addFeatures', (t) =>
  t.field({
    type: AddFeaturesPayload,
    description:
      'Switches feature flags on for an organization. Names already on are skipped (listed in `alreadyPresent`); CONFLICT when every name is already on. Needs feature:write.',
    errors: mutationErrors('AddFeaturesResult'),
    authScopes: { action: 'feature.manage' },
    args: { input: t.arg({ type: AddFeaturesInput, required: true, description: 'The organization and flag names.' }) },
    resolve: (_root, { input }, ctx) => addFeatures(ctx, input.organizationId.id, { names: input.names }),
  }),
);

const RemoveFeatureInput = builder.inputType('RemoveFeatureInput', {
  description: 'A flag of an organization.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    name: t.string({ required: true, description: 'Name of the flag.' }),
  }),
});

builder.mutationField('removeFeature', (t) =>
  t.field({
    type: RemoveFeaturePayload,
    description: 'Switches a feature flag off for an organization; NOT_FOUND when it is not on. Needs feature:write.',
    errors: mutationErrors('RemoveFeatureResult'),
    authScopes: { action: 'feature.manage' },
    args: { input: t.arg({ type: RemoveFeatureInput, required: true, description: 'The organization and flag.' }) },
    resolve: (_root, { input }, ctx) => removeFeature(ctx, input.organizationId.id, { name: input.name }),
  }),
);
