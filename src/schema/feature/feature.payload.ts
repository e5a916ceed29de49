import { builder } from '../builder.js';
import { changedRow } from '../shared/payload.js';

/** Payload of addFeatures: the flags this call switched on, and the organization after it. */
export const AddFeaturesPayload = builder.objectRef<{ organizationId: string; added: string[]; alreadyPresent: string[] }>('AddFeaturesPayload').implement({
  description: 'The flags switched on by this call.',
  fields: (t) => ({
    features: t.prismaField({
      type: ['Feature'],
      description: 'The flags this call switched on, by name.',
      resolve: (query, payload, _args, ctx) =>
        ctx.prisma.feature.findMany({ ...query, where: { organizationId: payload.organizationId, name: { in: payload.added } }, orderBy: { name: 'asc' } }),
    }),
    alreadyPresent: t.exposeStringList('alreadyPresent', { description: 'Names of the input that were already on and were left as they were.' }),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization after the change.'),
  }),
});

/** Payload of removeFeature: the name switched off, and the organization after it. */
export const RemoveFeaturePayload = builder.objectRef<{ organizationId: string; name: string }>('RemoveFeaturePayload').implement({
  description: 'The flag was switched off.',
  fields: (t) => ({
    removedFeatureName: t.exposeString('name', { description: 'Name of the flag switched off.' }),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization after the change.'),
  }),
});
