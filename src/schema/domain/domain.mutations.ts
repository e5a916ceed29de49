import { addDomain, deleteDomain, regenerateDomainScimToken, updateDomain, verifyDomain } from '../../services/domains.js';
import { CHALLENGE_LABEL } from '../../services/domain-verification.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationErrors } from '../shared/errors.js';
import { DeleteDomainPayload, domainPayload, RegenerateDomainScimTokenPayload } from './domain.payload.js';
import { DomainRef, SsoEnforcementEnum } from './domain.type.js';

const AddDomainInput = builder.inputType('AddDomainInput', {
  description: 'A new email domain of an organization.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    domain: t.string({ required: true, description: 'The domain name, e.g. example.com (stored lower-case; not an IP address or URL).' }),
  }),
});

builder.mutationField('addDomain', (t) =>
  t.field({
    type: domainPayload('AddDomainPayload', 'The new, unverified domain with the TXT record to publish.'),
    description:
      'Adds an unverified domain with a fresh verification challenge (see Domain.verificationRecord). Needs sso:write. CONFLICT when the organization already has it or another organization has verified it.',
    errors: mutationErrors('AddDomainResult'),
    authScopes: { action: 'sso.configure' },
    args: { input: t.arg({ type: AddDomainInput, required: true, description: 'The domain.' }) },
    resolve: async (_root, { input: { organizationId, domain } }, ctx) => ({ domainId: await addDomain(ctx, organizationId.id, { domain }) }),
  }),
);

const DomainIdInput = builder.inputType('DomainIdInput', {
  description: 'Names one domain.',
  fields: (t) => ({ domainId: t.globalID({ for: DomainRef, required: true, description: 'The domain.' }) }),
});

builder.mutationField('verifyDomain', (t) =>
  t.field({
    type: domainPayload('VerifyDomainPayload', 'The verified domain.'),
    description: `Verifies a domain by looking up the TXT record ${CHALLENGE_LABEL}.<domain> in DNS: it must carry the domain’s challenge (Domain.verificationRecord). Needs sso:write. When the record is missing or wrong, or the lookup fails, the result is a CONFLICT and nothing changes (a verified domain stays verified). CONFLICT too when another organization has verified the domain.`,
    errors: mutationErrors('VerifyDomainResult'),
    authScopes: { action: 'sso.configure' },
    args: { input: t.arg({ type: DomainIdInput, required: true, description: 'The domain.' }) },
    resolve: async (_root, { input }, ctx) => ({ domainId: await verifyDomain(ctx, input.domainId.id) }),
  }),
);

const UpdateDomainInput = builder.inputType('UpdateDomainInput', {
  description: 'Changes to a domain’s settings; absent fields stay as they are.',
  fields: (t) => ({
    domainId: t.globalID({ for: DomainRef, required: true, description: 'The domain.' }),
    jitProvisioningEnabled: t.boolean({ required: false, description: 'Provision people who sign in with SSO; true needs a verified domain.' }),
    ssoEnforcement: t.field({
      type: SsoEnforcementEnum,
      required: false,
      description: 'How people of the domain must sign in; OIDC or SAML needs a verified domain and an authentication provider of that type.',
    }),
    samlEntityId: t.string({ required: false, description: 'The domain’s SAML entity id; null clears it.' }),
    samlAcsUrl: t.string({ required: false, description: 'The domain’s SAML assertion consumer service URL (https); null clears it.' }),
    samlX509Cert: t.string({ required: false, description: 'The domain’s SAML public certificate, PEM; null clears it.' }),
    scimEnabled: t.boolean({ required: false, description: 'Accept SCIM provisioning; true needs a verified domain, false also revokes the SCIM token.' }),
  }),
});

builder.mutationField('updateDomain', (t) =>
  t.field({
    type: domainPayload('UpdateDomainPayload', 'The updated domain.'),
    description:
      'Changes a domain’s JIT provisioning, SSO enforcement, SAML and SCIM settings. Needs sso:write. CONFLICT when switching on JIT provisioning, SSO enforcement or SCIM for an unverified domain, or enforcing a protocol the organization’s provider does not use.',
    errors: mutationErrors('UpdateDomainResult'),
    authScopes: { action: 'sso.configure' },
    args: { input: t.arg({ type: UpdateDomainInput, required: true, description: 'The changes.' }) },
    resolve: async (_root, { input: { domainId, jitProvisioningEnabled, ssoEnforcement, scimEnabled, ...saml } }, ctx) => ({
      domainId: await updateDomain(ctx, domainId.id, {
        jitProvisioningEnabled: jitProvisioningEnabled ?? undefined,
        ssoEnforcement: ssoEnforcement ?? undefined,
        scimEnabled: scimEnabled ?? undefined,
        ...saml,
      }),
    }),
  }),
);

builder.mutationField('deleteDomain', (t) =>
  t.field({
    type: DeleteDomainPayload,
    description: 'Deletes a domain with its SCIM token and logs. Needs sso:write.',
    errors: mutationErrors('DeleteDomainResult'),
    authScopes: { action: 'sso.configure' },
    args: { input: t.arg({ type: DomainIdInput, required: true, description: 'The domain.' }) },
    resolve: (_root, { input }, ctx) => deleteDomain(ctx, input.domainId.id),
  }),
);

builder.mutationField('regenerateDomainScimToken', (t) =>
  t.field({
    type: RegenerateDomainScimTokenPayload,
    description:
      'Gives a domain a new SCIM bearer token, returned once; the old token stops working at once. Needs sso:write; CONFLICT unless SCIM is enabled on the domain.',
    errors: mutationErrors('RegenerateDomainScimTokenResult'),
    authScopes: { action: 'sso.configure' },
    args: { input: t.arg({ type: DomainIdInput, required: true, description: 'The domain.' }) },
    resolve: (_root, { input }, ctx) => regenerateDomainScimToken(ctx, input.domainId.id),
  }),
);
