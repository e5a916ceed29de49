import { visibleLicenses } from '../../auth/visibility.js';
import { Prisma } from '../../db/generated/prisma/client.js';
import { column } from '../../db/sql-fragments.js';
import { effectivePlan, FREE_PLAN, isExpired } from '../../services/licenses.js';
import type { Context } from '../../context.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { named } from '../shared/rules.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { relatedRow, relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { childPage, OLDEST_FIRST, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';

// A license is seen through the organization it serves: license:read there. One that serves no
// organization the caller can see does not exist for it (node(id) is NOT_FOUND).

/** license:read in the organization; nobody reads a license that serves none. */
const licenseReader = (organization: { id: string } | null) =>
  organization ? { orgAction: { organizationId: organization.id, action: 'license.read' as const } } : false;

/** The organization a license serves (batched with the other licenses asking); null for none. */
const servedBy = (ctx: Context, license: { id: string }) => relatedRow<{ id: string }>(ctx, 'License', 'organization', license, ['id']);

const LicensePermissions = permissionsType('LicensePermissions', 'What the caller may do with a license, from the rule that guards the mutations.', {
  unassign: 'unassignLicense is allowed for its organization (license:write; assignLicense needs the same).',
});

export const LicenseRef = builder.prismaNode('License', {
  description:
    'A license an organization runs under; it comes from billing and serves at most one organization. No license means the free plan, which has no seat limit.',
  id: { field: 'id', description: 'Global id of the license.' },
  ...tenantNode(visibleLicenses),
  // The organization it serves, for the authorization of every read.
  authScopes: named(async (license: { id: string }, ctx: Context) => licenseReader(await servedBy(ctx, license)), 'license.read'),
  fields: (t) => ({
    plan: t.exposeString('plan', { description: 'Plan name, e.g. team or enterprise.' }),
    seats: t.exposeInt('seats', {
      nullable: true,
      description: 'Seats the license allows (ACTIVE members); null for unlimited. An expired license limits nothing: the free plan has no seat limit.',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When the license stops applying; null if never.' }),
    expired: t.boolean({
      description: `True once \`expiresAt\` has passed: the organization then runs on the ${FREE_PLAN} plan until it gets a valid license.`,
      ...reads('expiresAt'),
      resolve: (license) => isExpired(license),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the license was issued.' }),
    viewerCan: t.field({
      type: LicensePermissions,
      description: 'What the caller may do with this license.',
      ...reads(),
      resolve: async (license, _args, ctx) => {
        const organization = await servedBy(ctx, license);
        return { unassign: organization ? await ctx.access.can(organization.id, 'license.manage') : false };
      },
    }),
    deployments: t.connection(
      {
        type: DeploymentRef,
        description: 'Deployments running under the license, oldest first.',
        resolve: (license, args, ctx, info) => resolvePage(ctx, info, args, childPage('Deployment', 'licenseId', license.id)),
      },
      withTotalCount(),
    ),
  }),
});

export const DeploymentRef = builder.prismaNode('Deployment', {
  description: 'A deployment running under a license, and so for the organization the license serves.',
  id: { field: 'id', description: 'Global id of the deployment.' },
  ...tenantNode((principal) => ({ license: visibleLicenses(principal) })),
  authScopes: named(
    async (deployment: { licenseId: string }, ctx: Context) => licenseReader(await servedBy(ctx, { id: deployment.licenseId })),
    'license.read',
  ),
  ...reads('licenseId'),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name.' }),
    environment: t.exposeString('environment', { description: 'Environment name, e.g. production.' }),
    url: t.exposeString('url', { nullable: true, description: 'Where the deployment is reachable; null if unknown.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the deployment was registered.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the deployment last changed.' }),
  }),
});

builder.prismaObjectFields('Organization', (t) => ({
  license: t.field({
    type: LicenseRef,
    nullable: true,
    description: 'The organization’s license; null means the free plan (and, with a FORBIDDEN error, a caller without license:read).',
    authScopes: licenseReader,
    ...relationField('Organization', 'license'),
  }),
  plan: t.string({
    nullable: true,
    description: `The plan the organization runs under: its license’s plan, or "${FREE_PLAN}" without a license or once it has expired. Null (with a FORBIDDEN error) without license:read.`,
    authScopes: licenseReader,
    ...reads('licenseId'),
    resolve: async (organization, _args, ctx) => effectivePlan(await relatedRow(ctx, 'Organization', 'license', organization, ['plan', 'expiresAt'])),
  }),
}));

// Added after the types: see the relation fields of member.type.ts.
builder.prismaObjectField('License', 'organization', (t) =>
  t.field({ type: OrganizationRef, nullable: true, description: 'The organization the license serves.', ...relationField('License', 'organization') }),
);
builder.prismaObjectField('Deployment', 'license', (t) =>
  t.field({ type: LicenseRef, description: 'The license the deployment runs under.', ...relationField('Deployment', 'license') }),
);

/** Deployments under the license of the organization whose id is the parent key. */
const underLicenseOf = (organizationId: Prisma.Sql) =>
  Prisma.sql`${column(PAGED, 'licenseId')} = (SELECT o."licenseId" FROM "Organization" o WHERE o."id" = ${organizationId})`;

builder.prismaObjectField('Organization', 'deployments', (t) =>
  t.connection(
    {
      type: DeploymentRef,
      nullable: true,
      description:
        'Deployments of the organization, through its license, oldest first; empty on the free plan. Null (with a FORBIDDEN error) without license:read.',
      authScopes: licenseReader,
      resolve: (organization, args, ctx, info) =>
        resolvePage(ctx, info, args, { parent: organization.id, source: { model: 'Deployment', belongsTo: underLicenseOf, filters: [], order: OLDEST_FIRST } }),
    },
    withTotalCount('Number of deployments of the organization.'),
  ),
);
