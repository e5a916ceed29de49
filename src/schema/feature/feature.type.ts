import { builder } from '../builder.js';
import { permissionsType } from '../shared/permissions-type.js';
import { inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { reads } from '../shared/selected-columns.js';
import { childPage, resolvePage, withTotalCount } from '../shared/paged-connection.js';

const FeaturePermissions = permissionsType('FeaturePermissions', 'What the caller may do with a feature flag, from the rule that guards the mutations.', {
  remove: 'removeFeature is allowed (feature:write; addFeatures needs the same).',
});

export const FeatureRef = builder.prismaObject('Feature', {
  description: 'A feature flag switched on for an organization.',
  // Reading a flag needs feature:read in its organization.
  authScopes: inOrganizationOf('feature.read'),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Flag name: lower-case letters, digits, "-" and "_", unique in the organization.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the flag was switched on.' }),
    viewerCan: t.field({
      type: FeaturePermissions,
      description: 'What the caller may do with this flag.',
      ...reads(),
      resolve: async (feature, _args, ctx) => ({ remove: await ctx.access.can(feature.organizationId, 'feature.manage') }),
    }),
  }),
});

builder.prismaObjectField('Organization', 'features', (t) =>
  t.connection(
    {
      type: FeatureRef,
      // Nullable: a caller without the scope gets null and an error here, not a lost parent.
      nullable: true,
      description: 'Feature flags switched on for the organization, by name. Null (with a FORBIDDEN error) without feature:read.',
      authScopes: inThisOrganization('feature.read'),
      resolve: (organization, args, ctx, info) =>
        resolvePage(ctx, info, args, childPage('Feature', 'organizationId', organization.id, { order: [{ column: 'name' }], key: ['organizationId', 'name'] })),
    },
    withTotalCount(),
  ),
);
