import { deleteAuthProvider, mapExternalGroup, unmapExternalGroup, upsertAuthProvider } from '../../services/sso.js';
import { builder } from '../builder.js';
import { GroupRef } from '../group/group.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationErrors } from '../shared/errors.js';
import { DeleteAuthProviderPayload, externalGroupPayload, UpsertAuthProviderPayload } from './sso.payload.js';
import { AuthProviderTypeEnum, ExternalGroupRef } from './sso.type.js';

const OidcSettingsInput = builder.inputType('OidcSettingsInput', {
  description: 'OpenID Connect settings of an authentication provider.',
  fields: (t) => ({
    issuer: t.string({ required: true, description: 'The issuer URL; https only.' }),
    clientId: t.string({ required: true, description: 'The client id registered at the issuer, 1 to 255 characters.' }),
    clientSecret: t.string({
      required: false,
      description: 'The client secret; write-only (never returned). Required when the provider is created as, or switched to, OIDC; absent keeps the stored secret.',
    }),
  }),
});

const SamlSettingsInput = builder.inputType('SamlSettingsInput', {
  description: 'SAML 2.0 settings of an authentication provider.',
  fields: (t) => ({
    entityId: t.string({ required: true, description: 'The identity provider’s entity id, 1 to 1000 characters.' }),
    ssoUrl: t.string({ required: true, description: 'The identity provider’s sign-in URL; https only.' }),
    certificate: t.string({ required: true, description: 'The identity provider’s public signing certificate, PEM (-----BEGIN CERTIFICATE----- …).' }),
  }),
});

const UpsertAuthProviderInput = builder.inputType('UpsertAuthProviderInput', {
  description: 'The organization’s authentication provider: `oidc` for type OIDC, `saml` for type SAML (the other must be absent).',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    type: t.field({ type: AuthProviderTypeEnum, required: true, description: 'The protocol; switching it clears the other protocol’s settings.' }),
    name: t.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
    oidc: t.field({ type: OidcSettingsInput, required: false, description: 'Required for OIDC.' }),
    saml: t.field({ type: SamlSettingsInput, required: false, description: 'Required for SAML.' }),
  }),
});

builder.mutationField('upsertAuthProvider', (t) =>
  t.field({
    type: UpsertAuthProviderPayload,
    description:
      'Creates or replaces the organization’s single sign-on provider. Needs sso:write. CONFLICT when switching the type while a domain enforces the old one.',
    errors: mutationErrors('UpsertAuthProviderResult'),
    authScopes: { action: 'sso.configure' },
    args: { input: t.arg({ type: UpsertAuthProviderInput, required: true, description: 'The provider.' }) },
    resolve: async (_root, { input: { organizationId, ...provider } }, ctx) => {
      await upsertAuthProvider(ctx, organizationId.id, provider);
      return { organizationId: organizationId.id };
    },
  }),
);

const DeleteAuthProviderInput = builder.inputType('DeleteAuthProviderInput', {
  description: 'Names the organization whose provider to delete.',
  fields: (t) => ({ organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }) }),
});

builder.mutationField('deleteAuthProvider', (t) =>
  t.field({
    type: DeleteAuthProviderPayload,
    description: 'Deletes the organization’s single sign-on provider. Needs sso:write. CONFLICT when there is none, or while a domain enforces SSO.',
    errors: mutationErrors('DeleteAuthProviderResult'),
    authScopes: { action: 'sso.configure' },
    args: { input: t.arg({ type: DeleteAuthProviderInput, required: true, description: 'The organization.' }) },
    resolve: async (_root, { input }, ctx) => {
      await deleteAuthProvider(ctx, input.organizationId.id);
      return { organizationId: input.organizationId.id };
    },
  }),
);

const MapExternalGroupInput = builder.inputType('MapExternalGroupInput', {
  description: 'A discovered group and the local group of the same organization to map it to.',
  fields: (t) => ({
    externalGroupId: t.globalID({ for: ExternalGroupRef, required: true, description: 'The discovered group.' }),
    groupId: t.globalID({ for: GroupRef, required: true, description: 'The local group its members join at sign-in.' }),
  }),
});

builder.mutationField('mapExternalGroup', (t) =>
  t.field({
    type: externalGroupPayload('MapExternalGroupPayload', 'The discovered group, now mapped, and its local group.', 'The local group it is mapped to.'),
    description:
      'Maps a discovered SSO group to a local group (replacing an earlier mapping): the provider then puts its members into that group. Needs sso:write, group:write and every scope the local group’s policies grant; CONFLICT when already mapped to that group.',
    errors: mutationErrors('MapExternalGroupResult'),
    authScopes: { action: 'sso.mapGroup' },
    args: { input: t.arg({ type: MapExternalGroupInput, required: true, description: 'The discovered and the local group.' }) },
    resolve: (_root, { input }, ctx) => mapExternalGroup(ctx, input.externalGroupId.id, input.groupId.id),
  }),
);

const ExternalGroupIdInput = builder.inputType('ExternalGroupIdInput', {
  description: 'Names one discovered group.',
  fields: (t) => ({ externalGroupId: t.globalID({ for: ExternalGroupRef, required: true, description: 'The discovered group.' }) }),
});

builder.mutationField('unmapExternalGroup', (t) =>
  t.field({
    type: externalGroupPayload('UnmapExternalGroupPayload', 'The discovered group, now unmapped, and the local group it was mapped to.', 'The local group it was mapped to.'),
    description:
      'Unmaps a discovered SSO group: its members no longer join the local group at sign-in (those already in it stay). Needs sso:write; CONFLICT when it is not mapped.',
    errors: mutationErrors('UnmapExternalGroupResult'),
    authScopes: { action: 'sso.configure' },
    args: { input: t.arg({ type: ExternalGroupIdInput, required: true, description: 'The discovered group.' }) },
    resolve: (_root, { input }, ctx) => unmapExternalGroup(ctx, input.externalGroupId.id),
  }),
);
