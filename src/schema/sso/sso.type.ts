import { AuthProviderType, OidcPreset } from '../../db/generated/prisma/enums.js';
import { ssoCallbackUrl, ssoSignInUrl } from '../../auth/sso/urls.js';
import { authProviderPermissions, externalGroupPermissions } from '../../services/sso.js';
import { presence } from '../../db/sql-conditions.js';
import { builder } from '../builder.js';
import { inVisibleOrganization, tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { GroupRef } from '../group/group.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { childPage, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';

export const AuthProviderTypeEnum = builder.enumType(AuthProviderType, {
  name: 'AuthProviderType',
  description: 'The protocol of an organization’s single sign-on provider.',
  values: {
    OIDC: { description: 'OpenID Connect: an issuer, a client id and a client secret.' },
    SAML: { description: 'SAML 2.0: an entity id, a sign-in URL and a signing certificate.' },
  },
});

export const OidcPresetEnum = builder.enumType(OidcPreset, {
  name: 'OidcPreset',
  description:
    'Where an OIDC provider’s issuer comes from. GitHub is not offered: its sign-in is OAuth 2.0 without OpenID Connect (no ID token, no issuer whose signature could be checked), so it cannot vouch for a person’s identity or email; put GitHub behind an OIDC provider (Okta, Entra ID, Keycloak, …) instead.',
  values: {
    GENERIC: { description: 'Any OpenID Connect provider, given by its issuer URL (discovery at <issuer>/.well-known/openid-configuration).' },
    GOOGLE: { description: 'Google (Google Workspace accounts): issuer https://accounts.google.com.' },
    MICROSOFT: { description: 'Microsoft Entra ID, one tenant: issuer https://login.microsoftonline.com/<tenantId>/v2.0.' },
  },
});

const AuthProviderPermissions = permissionsType(
  'AuthProviderPermissions',
  'What the caller may do with the authentication provider, from the rules that guard the mutations.',
  {
    update: 'upsertAuthProvider is allowed (sso:write).',
    delete: 'deleteAuthProvider is allowed (sso:write); refused while a domain enforces SSO.',
  },
);

export const AuthProviderRef = builder.prismaObject('AuthProvider', {
  description: 'The organization’s single sign-on provider (OIDC or SAML). Its client secret is write-only: only whether one is set can be read.',
  authScopes: inOrganizationOf('sso.read'),
  fields: (t) => ({
    type: t.expose('type', { type: AuthProviderTypeEnum, description: 'The protocol; the other protocol’s fields are null.' }),
    name: t.exposeString('name', { description: 'Display name, shown on the sign-in page.' }),
    oidcIssuer: t.exposeString('oidcIssuer', { nullable: true, description: 'OIDC: the issuer URL (https).' }),
    oidcClientId: t.exposeString('oidcClientId', { nullable: true, description: 'OIDC: the client id registered at the issuer.' }),
    oidcPreset: t.expose('oidcPreset', { type: OidcPresetEnum, nullable: true, description: 'OIDC: the preset the issuer comes from.' }),
    oidcTenantId: t.exposeString('oidcTenantId', { nullable: true, description: 'OIDC, MICROSOFT preset: the Entra ID tenant id.' }),
    signInUrl: t.string({
      description: 'Where people start signing in through this provider (GET; an optional `return_to` names the page that receives the token).',
      ...reads('organizationId'),
      resolve: (provider, _args, ctx) => ssoSignInUrl(ctx.settings.publicUrl, provider.organizationId),
    }),
    redirectUri: t.string({
      description: 'The redirect URI to register at the provider, exactly (OIDC; for SAML the assertion consumer service URL).',
      ...reads('organizationId'),
      resolve: (provider, _args, ctx) => ssoCallbackUrl(ctx.settings.publicUrl, provider.organizationId),
    }),
    oidcClientSecretSet: t.boolean({
      description: 'OIDC: whether a client secret is stored. The secret itself is write-only and never returned.',
      ...reads('oidcClientSecret'),
      resolve: (provider) => provider.oidcClientSecret !== null,
    }),
    samlEntityId: t.exposeString('samlEntityId', { nullable: true, description: 'SAML: the identity provider’s entity id.' }),
    samlSsoUrl: t.exposeString('samlSsoUrl', { nullable: true, description: 'SAML: the identity provider’s sign-in URL (https).' }),
    samlCertificate: t.exposeString('samlCertificate', { nullable: true, description: 'SAML: the identity provider’s public signing certificate, PEM.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the provider was first configured.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the provider last changed.' }),
    viewerCan: t.field({
      type: AuthProviderPermissions,
      description: 'What the caller may do with the provider.',
      ...reads(),
      resolve: async (provider, _args, ctx) => authProviderPermissions(await ctx.access.standing(provider.organizationId)),
    }),
  }),
});

const ExternalGroupPermissions = permissionsType(
  'ExternalGroupPermissions',
  'What the caller may do with a discovered group, from the rules that guard the mutations.',
  {
    map: 'mapExternalGroup is allowed in principle (sso:write and group:write); the target group’s policies must also grant only scopes the caller holds.',
    unmap: 'unmapExternalGroup is allowed: sso:write, and the group is mapped.',
  },
);

export const ExternalGroupRef = builder.prismaNode('ExternalGroup', {
  description: 'A group of the SSO provider, discovered when its members sign in. Mapped to a local group, its members join that group at sign-in.',
  id: { field: 'id', description: 'Global id of the discovered group.' },
  ...tenantNode(inVisibleOrganization),
  authScopes: inOrganizationOf('sso.read'),
  fields: (t) => ({
    externalId: t.exposeString('externalId', { description: 'The provider’s id of the group.' }),
    name: t.exposeString('name', { description: 'The provider’s name of the group.' }),
    discoveredAt: t.expose('discoveredAt', { type: 'DateTime', description: 'When a sign-in first revealed the group.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the group or its mapping last changed.' }),
    viewerCan: t.field({
      type: ExternalGroupPermissions,
      description: 'What the caller may do with this discovered group.',
      ...reads('groupId'),
      resolve: async (group, _args, ctx) => externalGroupPermissions(await ctx.access.standing(group.organizationId), group),
    }),
  }),
});

builder.prismaObjectField('Organization', 'authProvider', (t) =>
  t.field({
    type: AuthProviderRef,
    nullable: true,
    description: 'The single sign-on provider; null when none is configured, or (with a FORBIDDEN error) without sso:read.',
    authScopes: inThisOrganization('sso.read'),
    ...relationField('Organization', 'authProvider'),
  }),
);

builder.prismaObjectField('Organization', 'externalGroups', (t) =>
  t.connection(
    {
      type: ExternalGroupRef,
      nullable: true,
      description: 'Groups discovered at SSO sign-in, by name. Null (with a FORBIDDEN error) without sso:read.',
      authScopes: inThisOrganization('sso.read'),
      args: { mapped: t.arg.boolean({ required: false, description: 'Only mapped (true) or only unmapped (false) groups; all when absent.' }) },
      resolve: (organization, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('ExternalGroup', 'organizationId', organization.id, {
            filters: presence(PAGED, 'groupId', args.mapped),
            order: [{ column: 'name' }, { column: 'id' }],
          }),
        ),
    },
    withTotalCount(),
  ),
);

builder.prismaObjectField('Group', 'externalGroups', (t) =>
  t.field({
    type: [ExternalGroupRef],
    nullable: true,
    description: 'Discovered SSO groups mapped to this group, by name: their members join it at sign-in. Null (with a FORBIDDEN error) without sso:read.',
    authScopes: inOrganizationOf('sso.read'),
    ...relationField('Group', 'externalGroups', [{ column: 'name' }, { column: 'id' }]),
  }),
);

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('AuthProvider', (t) => ({
  organization: t.field({ type: OrganizationRef, description: 'The organization.', ...relationField('AuthProvider', 'organization') }),
}));

builder.prismaObjectFields('ExternalGroup', (t) => ({
  group: t.field({
    type: GroupRef,
    nullable: true,
    description: 'The local group it is mapped to; null when unmapped.',
    ...relationField('ExternalGroup', 'group'),
  }),
  organization: t.field({ type: OrganizationRef, description: 'The organization.', ...relationField('ExternalGroup', 'organization') }),
}));
