import { environmentMappingEntries, integrationPermissions, type EnvironmentMappingEntry } from '../../services/integrations.js';
import { actorLoader } from '../audit-log/audit-log.type.js';
import { equals } from '../../db/sql-conditions.js';
import { builder } from '../builder.js';
import { inVisibleOrganization, tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { UserRef } from '../user/user.type.js';
import { childPage, NEWEST_FIRST, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';

const IntegrationPermissions = permissionsType(
  'IntegrationPermissions',
  'What the caller may do with an integration, from the rules that guard the mutations.',
  {
    delete: 'deleteIntegration is allowed (integration:write).',
    updateEnvironmentMapping: 'updateIntegrationEnvironmentMapping is allowed (integration:write).',
  },
);

export const EnvironmentMappingEntryRef = builder.objectRef<EnvironmentMappingEntry>('EnvironmentMappingEntry').implement({
  description: 'One environment of an integration and the environment of ours it maps to.',
  fields: (t) => ({
    externalEnvironment: t.exposeString('externalEnvironment', {
      description: 'Name of the environment on the integration’s side, e.g. a Vercel target such as production.',
    }),
    environment: t.exposeString('environment', { description: 'Name of our environment (e.g. a stack) it maps to.' }),
  }),
});

export const IntegrationRef = builder.prismaNode('Integration', {
  description:
    'An organization-level integration with another product (Vercel, AWS Marketplace, …). Its own installation flow creates it; here it can be read, its environment mapping edited, and it can be disconnected. Its settings (which may hold credentials) are not exposed.',
  id: { field: 'id', description: 'Global id of the integration.' },
  // The config column (settings, maybe credentials) is never read for GraphQL (unasked-columns.ts).
  ...tenantNode(inVisibleOrganization),
  // Reading an integration needs integration:read in its organization.
  authScopes: inOrganizationOf('integration.read'),
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'Kind of integration, e.g. vercel or aws-marketplace.' }),
    displayName: t.exposeString('displayName', { description: 'Name shown to people.' }),
    environmentMapping: t.expose('environmentMapping', {
      type: 'JSON',
      description:
        'Which of the integration’s environments maps to which of ours, as stored: an object { externalEnvironment: environment }. environmentMappingEntries gives the same as a typed list.',
    }),
    environmentMappingEntries: t.field({
      type: [EnvironmentMappingEntryRef],
      description: 'The environment mapping as a list, sorted by external environment.',
      ...reads('environmentMapping'),
      resolve: (integration) => environmentMappingEntries(integration.environmentMapping),
    }),
    createdBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user who installed the integration; null when unknown, or for a user the caller can no longer see (no shared organization).',
      ...reads('createdById'),
      // Batched per page, with the selection the caller asked for.
      resolve: (integration, _args, ctx, info) => (integration.createdById ? actorLoader(ctx, info).load(integration.createdById) : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the integration was installed.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the integration last changed.' }),
    viewerCan: t.field({
      type: IntegrationPermissions,
      description: 'What the caller may do with this integration.',
      ...reads(),
      resolve: async (integration, _args, ctx) => integrationPermissions(await ctx.access.standing(integration.organizationId)),
    }),
  }),
});

builder.prismaObjectField('Organization', 'integrations', (t) =>
  t.connection(
    {
      type: IntegrationRef,
      nullable: true,
      description: 'Integrations installed in the organization, newest first. Null (with a FORBIDDEN error) without integration:read.',
      authScopes: inThisOrganization('integration.read'),
      args: { kind: t.arg.string({ required: false, description: 'Only integrations of this kind, e.g. vercel.' }) },
      resolve: (organization, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('Integration', 'organizationId', organization.id, { filters: args.kind ? [equals(PAGED, 'kind', args.kind)] : [], order: NEWEST_FIRST }),
        ),
    },
    withTotalCount(),
  ),
);

// Added after the type: see the relation fields of member.type.ts.
builder.prismaObjectField('Integration', 'organization', (t) =>
  t.field({ type: OrganizationRef, description: 'The organization.', ...relationField('Integration', 'organization') }),
);
