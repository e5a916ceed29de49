import { can } from '../../auth/permissions.js';
import { builder } from '../builder.js';
import { inVisibleOrganization, tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { UserRef } from '../user/user.type.js';
import { childPage, resolvePage, withTotalCount } from '../shared/paged-connection.js';

const ClientPermissions = permissionsType('ClientPermissions', 'What the caller may do with a service client, from the rules that guard the mutations.', {
  update: 'updateClient is allowed: client:write and every scope of the client.',
  rotateSecret: 'rotateClientSecret is allowed: client:write and every scope of the client.',
  delete: 'deleteClient is allowed: client:write and every scope of the client.',
});

export const ClientRef = builder.prismaNode('Client', {
  description:
    'A service client of one organization: it exchanges its `oauthClientId` and secret at POST /oauth/token (client-credentials grant) for short-lived tokens with its scopes, in its organization only.',
  id: { field: 'id', description: 'Global id of the client.' },
  ...tenantNode(inVisibleOrganization),
  authScopes: inOrganizationOf('client.read'),
  fields: (t) => ({
    oauthClientId: t.string({ description: 'The `client_id` to send to POST /oauth/token.', ...reads(), resolve: (client) => client.id }),
    name: t.exposeString('name', { description: 'Display name.' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text about the client.' }),
    scopes: t.exposeStringList('scopes', { description: 'Catalog scopes the client acts with in its organization; fixed at creation.' }),
    secretLastChars: t.exposeString('secretLastChars', {
      description: 'Last characters of the current secret, to recognise it; the secret itself is shown only once.',
    }),
    secretRotatedAt: t.expose('secretRotatedAt', { type: 'DateTime', description: 'When the current secret was created.' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'When the client last obtained a token; null if never.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the client was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the client last changed.' }),
    viewerCan: t.field({
      type: ClientPermissions,
      description: 'What the caller may do with this client.',
      ...reads('scopes'),
      resolve: async (client, _args, ctx) => {
        const standing = await ctx.access.standing(client.organizationId);
        const manage = can(standing, 'client.manage', client);
        return { update: manage, rotateSecret: manage, delete: manage };
      },
    }),
  }),
});

builder.prismaObjectField('Organization', 'clients', (t) =>
  t.connection(
    {
      type: ClientRef,
      // Nullable: a caller without the scope gets null and an error here, not a lost parent.
      nullable: true,
      description: 'Service clients of the organization, oldest first; null (with a FORBIDDEN error) without client:read.',
      authScopes: inThisOrganization('client.read'),
      resolve: (organization, args, ctx, info) => resolvePage(ctx, info, args, childPage('Client', 'organizationId', organization.id)),
    },
    withTotalCount(),
  ),
);

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('Client', (t) => ({
  createdBy: t.field({
    type: UserRef,
    nullable: true,
    description: 'The user who created the client; null when a service client created it or that user is deleted.',
    ...relationField('Client', 'createdBy'),
  }),
  organization: t.field({ type: OrganizationRef, description: 'The organization the client acts in.', ...relationField('Client', 'organization') }),
}));
