import { isPlatformAdmin } from '../../auth/platform-admin.js';
import type { ApplicationScope } from '../../db/generated/prisma/client.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { callerMay, inThisOrganization } from '../shared/rules.js';
import { relationField, rowsThrough } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { childPage, resolvePage, withTotalCount } from '../shared/paged-connection.js';

// The application catalog. Applications and their scopes are metadata every signed-in principal
// may read; their OAuth clients are the platform admins' alone. Organizations enable the
// applications they use (Organization.applications, needs application:read there).

const ApplicationPermissions = permissionsType(
  'ApplicationPermissions',
  'What the caller may do with a catalog application, from the rules that guard the mutations: all of it for platform admins, none of it for anyone else. Enabling it for an organization: Organization.viewerCanManageApplications.',
  {
    update: 'updateApplication is allowed (platform admins).',
    delete: 'deleteApplication is allowed (platform admins).',
    manageScopes: 'createApplicationScope, deleteApplicationScope and the scope delegation mutations are allowed (platform admins).',
    manageClients:
      'createApplicationClient, updateApplicationClient and deleteApplicationClient are allowed, and Application.clients is readable (platform admins).',
  },
);

export const ApplicationRef = builder.prismaNode('Application', {
  description:
    'A global application of the catalog: platform admins define it, its scopes and its OAuth clients; each organization enables the applications it uses.',
  id: { field: 'id', description: 'Global id of the application.' },
  findUnique: (id) => ({ id }),
  // node(id) of a deleted application finds nothing (null), instead of Prisma's not-found exception.
  nullable: true,
  // The catalog is metadata: any signed-in principal reads it.
  authScopes: { action: 'catalog.read' },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name.' }),
    alias: t.exposeString('alias', { description: 'Short unique name (a lower-case slug), used in URLs.' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text about the application.' }),
    url: t.exposeString('url', { nullable: true, description: 'Where the application lives (http or https).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the application was added to the catalog.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the application last changed.' }),
    scopes: t.connection(
      {
        type: ApplicationScopeRef,
        description: 'The permissions the application defines, by label.',
        resolve: (application, args, ctx, info) =>
          resolvePage(ctx, info, args, childPage('ApplicationScope', 'applicationId', application.id, { order: [{ column: 'label' }, { column: 'id' }] })),
      },
      withTotalCount(),
    ),
    clients: t.connection(
      {
        type: ApplicationClientRef,
        // Nullable: anyone but a platform admin gets null and a FORBIDDEN error here, not a lost application.
        nullable: true,
        description: 'OAuth clients of the application, oldest first; null (with a FORBIDDEN error) for anyone but a platform admin.',
        authScopes: { action: 'platform.manage' },
        resolve: (application, args, ctx, info) => resolvePage(ctx, info, args, childPage('ApplicationClient', 'applicationId', application.id)),
      },
      withTotalCount(),
    ),
    viewerCan: t.field({
      type: ApplicationPermissions,
      description: 'What the caller may do with this application.',
      ...reads(),
      resolve: (_application, _args, ctx) => {
        const admin = callerMay(ctx, 'platform.manage');
        return { update: admin, delete: admin, manageScopes: admin, manageClients: admin };
      },
    }),
  }),
});

// Scopes are a small catalog: the delegations' other scopes are read whole (one statement for
// every scope of the page) and sorted by label.
const byLabel = (a: ApplicationScope, b: ApplicationScope) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const ApplicationScopeRef = builder.prismaNode('ApplicationScope', {
  description: 'A permission an application defines, such as `ledger:read`. Holding it also grants the scopes it delegates to, transitively.',
  id: { field: 'id', description: 'Global id of the scope.' },
  findUnique: (id) => ({ id }),
  nullable: true,
  authScopes: { action: 'catalog.read' },
  fields: (t) => ({
    label: t.exposeString('label', { description: 'Name of the scope, unique in its application.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the scope allows.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the scope was created.' }),
  }),
});

// Added after the type, which they return: a field of a type returning that type must not be
// inside its own initializer.
builder.prismaObjectField('ApplicationScope', 'delegatesTo', (t) =>
  t.field({
    type: [ApplicationScopeRef],
    description: 'The scopes this one delegates to directly (holding this scope also grants them), by label.',
    ...reads(),
    resolve: async (scope, _args, ctx) => (await rowsThrough<ApplicationScope>(ctx, 'ApplicationScope', 'delegations', 'delegatesTo', scope)).sort(byLabel),
  }),
);

builder.prismaObjectField('ApplicationScope', 'delegatedFrom', (t) =>
  t.field({
    type: [ApplicationScopeRef],
    description: 'The scopes that delegate to this one directly (holding any of them also grants this one), by label.',
    ...reads(),
    resolve: async (scope, _args, ctx) => (await rowsThrough<ApplicationScope>(ctx, 'ApplicationScope', 'delegatedFrom', 'scope', scope)).sort(byLabel),
  }),
);

export const ApplicationClientRef = builder.prismaNode('ApplicationClient', {
  description:
    'An OAuth client of a catalog application, visible to platform admins only. Its secret is shown once, when it is created; only its last characters can be read back.',
  id: { field: 'id', description: 'Global id of the client.' },
  // For anyone but a platform admin, node(id) finds nothing: the client does not exist for them.
  ...tenantNode((_principal, ctx) => (isPlatformAdmin(ctx) ? {} : { id: { in: [] } })),
  authScopes: { action: 'platform.manage' },
  fields: (t) => ({
    oauthClientId: t.string({ description: 'The `client_id` the application sends in its OAuth flows.', ...reads(), resolve: (client) => client.id }),
    name: t.exposeString('name', { description: 'Display name.' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text about the client.' }),
    redirectUris: t.exposeStringList('redirectUris', {
      description:
        'Redirect URIs registered for the client, stored for the application’s own records: this server has no authorization-code flow for application clients (they get tokens with client credentials only, POST /oauth/token), so it never redirects to them.',
    }),
    secretLastChars: t.exposeString('secretLastChars', {
      description: 'Last characters of the secret, to recognise it; the secret itself is shown only once.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the client was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the client last changed.' }),
  }),
});

// Added after the types they return, so that type inference does not go round in circles.
builder.prismaObjectField('ApplicationScope', 'application', (t) =>
  t.field({ type: ApplicationRef, description: 'The application that defines the scope.', ...relationField('ApplicationScope', 'application') }),
);
builder.prismaObjectField('ApplicationClient', 'application', (t) =>
  t.field({ type: ApplicationRef, description: 'The application the client belongs to.', ...relationField('ApplicationClient', 'application') }),
);

// Organizations' enabled applications, oldest enabling first: the link row carries the date.
builder.prismaObjectField('Organization', 'applications', (t) =>
  t.connection(
    {
      type: ApplicationRef,
      // Nullable: a caller without the scope gets null and an error here, not a lost organization.
      nullable: true,
      description: 'Catalog applications enabled for the organization, in the order they were enabled; null (with a FORBIDDEN error) without application:read.',
      authScopes: inThisOrganization('application.read'),
      resolve: (organization, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('OrganizationApplication', 'organizationId', organization.id, {
            order: [{ column: 'createdAt' }, { column: 'applicationId' }],
            key: ['organizationId', 'applicationId'],
            node: 'application',
            edgeColumns: ['createdAt'],
          }),
        ),
    },
    { name: 'OrganizationApplicationConnection', ...withTotalCount('Number of applications enabled for the organization.') },
    {
      name: 'OrganizationApplicationEdge',
      description: 'An application enabled for the organization, with its cursor.',
      fields: (e) => ({
        enabledAt: e.field({
          type: 'DateTime',
          description: 'When the organization enabled the application.',
          resolve: (edge) => (edge as unknown as { createdAt: Date }).createdAt,
        }),
      }),
    },
  ),
);

builder.prismaObjectField('Organization', 'application', (t) =>
  t.prismaField({
    type: 'Application',
    nullable: true,
    description: 'One catalog application if it is enabled for the organization, else null. Needs application:read (null with a FORBIDDEN error without it).',
    authScopes: inThisOrganization('application.read'),
    ...reads(),
    args: { id: t.arg.globalID({ for: ApplicationRef, required: true, description: 'Global id of the application.' }) },
    resolve: (query, organization, args, ctx) =>
      ctx.prisma.application.findFirst({ ...query, where: { id: args.id.id, organizations: { some: { organizationId: organization.id } } } }),
  }),
);

builder.prismaObjectField('Organization', 'viewerCanManageApplications', (t) =>
  t.boolean({
    description: 'enableApplication and disableApplication are allowed for the caller in this organization (application:write).',
    ...reads(),
    resolve: (organization, _args, ctx) => ctx.access.can(organization.id, 'application.enable'),
  }),
);
