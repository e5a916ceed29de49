import type { Prisma } from '../../db/generated/prisma/client.js';
import { visibleRegions } from '../../auth/visibility.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { callerMay, inCatalogOrOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { ownAndShared, resolvePage, withTotalCount } from '../shared/paged-connection.js';

const RegionPermissions = permissionsType('RegionPermissions', 'What the caller may do with a region, from the rules that guard the mutations.', {
  update: 'updatePublicRegion is allowed: a public region and a platform admin (private regions cannot be changed).',
  delete:
    'Deleting is allowed in principle: deleteRegion with region:write for a private region, deletePublicRegion for a platform admin; refused while stacks use the region.',
});

export const RegionKindEnum = builder.enumType('RegionKind', {
  description: 'Who a region belongs to.',
  values: {
    PUBLIC: { description: 'Run by the platform, offered to every organization.' },
    PRIVATE: { description: 'Belongs to one organization, which alone sees and uses it.' },
  },
});

export const RegionRef = builder.prismaNode('Region', {
  description: 'Where stacks run: a public region offered by the platform to every organization, or a private region of one organization.',
  id: { field: 'id', description: 'Global id of the region.' },
  ...tenantNode(visibleRegions),
  // Public regions are for any signed-in principal; a private one needs region:read in its organization.
  authScopes: inCatalogOrOrganizationOf('region.read'),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name, unique among public regions or among the organization’s regions (case-insensitively).' }),
    public: t.boolean({
      description: 'True for a public region, offered to every organization.',
      ...reads(),
      resolve: (region) => region.organizationId === null,
    }),
    baseUrl: t.exposeString('baseUrl', { nullable: true, description: 'Base URL of the region’s control plane, if known.' }),
    versions: t.exposeStringList('versions', {
      description: 'Stack versions the region offers, oldest first: a stack is created with, and upgrades to, one of these.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the region was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the region last changed.' }),
    viewerCan: t.field({
      type: RegionPermissions,
      description: 'What the caller may do with this region.',
      ...reads(),
      resolve: async (region, _args, ctx) => {
        if (region.organizationId === null) {
          const admin = callerMay(ctx, 'platform.manage');
          return { update: admin, delete: admin };
        }
        return { update: false, delete: await ctx.access.can(region.organizationId, 'region.manage') };
      },
    }),
  }),
});

const byName = [{ name: 'asc' }, { id: 'asc' }] satisfies Prisma.RegionOrderByWithRelationInput[];
builder.prismaObjectField('Organization', 'regions', (t) =>
  t.connection(
    {
      type: RegionRef,
      nullable: true,
      description:
        'Regions the organization can run stacks in: the public regions and its private ones, by name. Null (with a FORBIDDEN error) without region:read.',
      authScopes: inThisOrganization('region.read'),
      args: { kind: t.arg({ type: RegionKindEnum, required: false, description: 'Only public or only private regions.' }) },
      resolve: (organization, args, ctx, info) =>
        resolvePage(ctx, info, args, {
          parent: organization.id,
          source: {
            model: 'Region',
            belongsTo: ownAndShared(args.kind === 'PUBLIC' ? 'shared' : args.kind === 'PRIVATE' ? 'own' : undefined),
            filters: [],
            order: [{ column: 'name' }, { column: 'id' }],
          },
        }),
    },
    withTotalCount('Number of regions in the list, across all pages.'),
  ),
);

builder.queryField('publicRegions', (t) =>
  t.prismaConnection({
    type: 'Region',
    cursor: 'id',
    description: 'The public regions, by name: every organization may run stacks there. Any signed-in caller.',
    authScopes: { authenticated: true },
    totalCount: (_root, _args, ctx) => ctx.prisma.region.count({ where: { organizationId: null } }),
    resolve: (query, _root, _args, ctx) => ctx.prisma.region.findMany({ ...query, where: { organizationId: null }, orderBy: byName }),
  }),
);

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('Region', (t) => ({
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'The organization of a private region; null for a public one.',
    ...relationField('Region', 'organization'),
  }),
}));
