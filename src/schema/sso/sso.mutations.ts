import { deleteAuthProvider, mapExternalGroup, PEM_CERTIFICATE_MAX, unmapExternalGroup, upsertAuthProvider } from '../../services/sso.js';
import { builder } from '../builder.js';
import { GroupRef } from '../group/group.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationWithInput } from '../shared/mutation.js';
import { textUpTo } from '../shared/text-arguments.js';
import { DeleteAuthProviderPayload, externalGroupPayload, UpsertAuthProviderPayload } from './sso.payload.js';
import { AuthProviderTypeEnum, ExternalGroupRef, OidcPresetEnum } from './sso.type.js';

const OidcSettingsInput = builder.inputType('OidcSettingsInput', {
  description: 'OpenID Connect settings of an authentication provider.',
  fields: (t) => ({
    preset: t.field({
      type: OidcPresetEnum,
      required: false,
      description: 'Which provider: GOOGLE and MICROSOFT set the issuer themselves; GENERIC (the default) takes `issuer`.',
    }),
    issuer: t.string({
      required: false,
      description:
        'GENERIC only (required there, absent for the other presets): the issuer URL, whose /.well-known/openid-configuration is discovered. https only; http to a loopback address only with SSO_ALLOW_LOOPBACK (development).',
    }),
    tenantId: t.string({
      required: false,
      description:
        'MICROSOFT only (required there): the Entra ID tenant (directory) id, a GUID; the issuer becomes https://login.microsoftonline.com/<tenantId>/v2.0.',
    }),
    clientId: t.string({ required: true, description: 'The client id registered at the issuer, 1 to 255 characters.' }),
    clientSecret: t.string({
      required: false,
      description:
        'The client secret; write-only (never returned). Required when the provider is created as, or switched to, OIDC; absent keeps the stored secret.',
    }),
  }),
});

const SamlSettingsInput = builder.inputType('SamlSettingsInput', {
  description: 'SAML 2.0 settings of an authentication provider.',
  fields: (t) => ({
    entityId: t.string({ required: true, description: 'The identity provider’s entity id, 1 to 1000 characters.' }),
    ssoUrl: t.string({ required: true, description: 'The identity provider’s sign-in URL; https only.' }),
    certificate: t.string({
      required: true,
      description: `The identity provider’s public signing certificate, PEM (-----BEGIN CERTIFICATE----- …), up to ${PEM_CERTIFICATE_MAX} characters.`,
      ...textUpTo(PEM_CERTIFICATE_MAX),
    }),
  }),
});

builder.mutationField('upsertAuthProvider', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('sso.configure', {
      type: 'The organization’s authentication provider: `oidc` for type OIDC, `saml` for type SAML (the other must be absent).',
      argument: 'The provider.',
    }),
    type: UpsertAuthProviderPayload,
    description:
      'Creates or replaces the organization’s single sign-on provider. Needs sso:write. CONFLICT when switching the type while a domain enforces the old one.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      type: t.input.field({ type: AuthProviderTypeEnum, required: true, description: 'The protocol; switching it clears the other protocol’s settings.' }),
      name: t.input.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
      oidc: t.input.field({ type: OidcSettingsInput, required: false, description: 'Required for OIDC.' }),
      saml: t.input.field({ type: SamlSettingsInput, required: false, description: 'Required for SAML.' }),
    },
    resolve: async (_root, { input: { organizationId, ...provider } }, ctx) => {
      await upsertAuthProvider(ctx, organizationId.id, provider);
      return { organizationId: organizationId.id };
    },
  }),
);

builder.mutationField('deleteAuthProvider', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('sso.configure', { type: 'Names the organization whose provider to delete.', argument: 'The organization.' }),
    type: DeleteAuthProviderPayload,
    description: 'Deletes the organization’s single sign-on provider. Needs sso:write. CONFLICT when there is none, or while a domain enforces SSO.',
    input: { organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }) },
    resolve: async (_root, { input }, ctx) => {
      await deleteAuthProvider(ctx, input.organizationId.id);
      return { organizationId: input.organizationId.id };
    },
  }),
);

builder.mutationField('mapExternalGroup', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('sso.mapGroup', {
      type: 'A discovered group and the local group of the same organization to map it to.',
      argument: 'The discovered and the local group.',
    }),
    type: externalGroupPayload('MapExternalGroupPayload', 'The discovered group, now mapped, and its local group.', 'The local group it is mapped to.'),
    description:
      'Maps a discovered SSO group to a local group (replacing an earlier mapping): the provider then puts its members into that group. Needs sso:write, group:write and every scope the local group’s policies grant; CONFLICT when already mapped to that group.',
    input: {
      externalGroupId: t.input.globalID({ for: ExternalGroupRef, required: true, description: 'The discovered group.' }),
      groupId: t.input.globalID({ for: GroupRef, required: true, description: 'The local group its members join at sign-in.' }),
    },
    resolve: (_root, { input }, ctx) => mapExternalGroup(ctx, input.externalGroupId.id, input.groupId.id),
  }),
);

builder.mutationField('unmapExternalGroup', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('sso.configure', { name: 'ExternalGroupIdInput', type: 'Names one discovered group.', argument: 'The discovered group.' }),
    type: externalGroupPayload(
      'UnmapExternalGroupPayload',
      'The discovered group, now unmapped, and the local group it was mapped to.',
      'The local group it was mapped to.',
    ),
    description:
      'Unmaps a discovered SSO group: its members no longer join the local group at sign-in (those already in it stay). Needs sso:write; CONFLICT when it is not mapped.',
    input: { externalGroupId: t.input.globalID({ for: ExternalGroupRef, required: true, description: 'The discovered group.' }) },
    resolve: (_root, { input }, ctx) => unmapExternalGroup(ctx, input.externalGroupId.id),
  }),
);
