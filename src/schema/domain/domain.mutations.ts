import { RoleEnum } from '../shared/enums.js';
import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import { addDomain, deleteDomain, regenerateDomainScimToken, updateDomain, verifyDomain } from '../../services/domains.js';
import { CHALLENGE_LABEL } from '../../services/domain-verification.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { idInput, mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { DeleteDomainPayload, domainPayload, RegenerateDomainScimTokenPayload } from './domain.payload.js';
import { DomainRef, SsoEnforcementEnum } from './domain.type.js';

builder.mutationField('addDomain', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('sso.configure', { type: 'A new email domain of an organization.', argument: 'The domain.' }),
    type: domainPayload('AddDomainPayload', 'The new, unverified domain with the TXT record to publish.'),
    description:
      'Adds an unverified domain with a fresh verification challenge (see Domain.verificationRecord). Needs sso:write. CONFLICT when the organization already has it or another organization has verified it. BAD_USER_INPUT for a consumer email provider’s domain (gmail.com, outlook.com, … from a maintained list; its subdomains are allowed).',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      domain: t.input.string({
        required: true,
        description: 'The domain name, e.g. acme.com (stored lower-case; not an IP address, URL or consumer email provider’s domain).',
      }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'addDomain', idempotencyKey, input, async () => ({
        domainId: await addDomain(ctx, input.organizationId.id, { domain: input.domain }),
      })),
  }),
);

const DomainIdInput = idInput('DomainIdInput', 'Names one domain.', 'domainId', DomainRef, 'The domain.');

builder.mutationField('verifyDomain', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'sso.configure', DomainIdInput, 'The domain.'),
    type: domainPayload('VerifyDomainPayload', 'The verified domain.'),
    description: `Verifies a domain by looking up the TXT record ${CHALLENGE_LABEL}.<domain> in DNS: it must carry the domain’s challenge (Domain.verificationRecord). Needs sso:write. When the record is missing or wrong, or the lookup fails, the result is a CONFLICT and nothing changes (a verified domain stays verified). CONFLICT too when another organization has verified the domain.`,
    resolve: async (_root, { input }, ctx) => ({ domainId: await verifyDomain(ctx, input.domainId.id) }),
  }),
);

builder.mutationField('updateDomain', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('sso.configure', { type: 'Changes to a domain’s settings; absent fields stay as they are.', argument: 'The changes.' }),
    type: domainPayload('UpdateDomainPayload', 'The updated domain.'),
    description:
      'Changes a domain’s JIT provisioning, SSO enforcement and SCIM settings. Needs sso:write. CONFLICT when switching on JIT provisioning, SSO enforcement or SCIM for an unverified domain, or enforcing a protocol the organization’s provider does not use.',
    input: {
      domainId: t.input.globalID({ for: DomainRef, required: true, description: 'The domain.' }),
      jitProvisioningEnabled: t.input.boolean({ required: false, description: 'Provision people who sign in with SSO; true needs a verified domain.' }),
      jitDefaultRole: t.input.field({
        type: RoleEnum,
        required: false,
        description: 'The role of members the server adds for this domain (JIT provisioning, its SCIM directory): ADMIN, MEMBER or GUEST (never OWNER).',
      }),
      ssoEnforcement: t.input.field({
        type: SsoEnforcementEnum,
        required: false,
        description: 'How people of the domain must sign in; OIDC or SAML needs a verified domain and an authentication provider of that type.',
      }),
      scimEnabled: t.input.boolean({
        required: false,
        description: 'Accept SCIM provisioning; true needs a verified domain, false also revokes the SCIM token.',
      }),
    },
    resolve: async (_root, { input: { domainId, jitProvisioningEnabled, jitDefaultRole, ssoEnforcement, scimEnabled } }, ctx) => ({
      domainId: await updateDomain(ctx, domainId.id, {
        jitProvisioningEnabled: jitProvisioningEnabled ?? undefined,
        jitDefaultRole: jitDefaultRole ?? undefined,
        ssoEnforcement: ssoEnforcement ?? undefined,
        scimEnabled: scimEnabled ?? undefined,
      }),
    }),
  }),
);

builder.mutationField('deleteDomain', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'sso.configure', DomainIdInput, 'The domain.'),
    type: DeleteDomainPayload,
    description: 'Deletes a domain with its SCIM token and logs. Needs sso:write.',
    resolve: (_root, { input }, ctx) => deleteDomain(ctx, input.domainId.id),
  }),
);

builder.mutationField('regenerateDomainScimToken', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'sso.configure', DomainIdInput, 'The domain.'),
    type: RegenerateDomainScimTokenPayload,
    description:
      'Gives a domain a new SCIM bearer token, returned once; the old token stops working at once. Needs sso:write; CONFLICT unless SCIM is enabled on the domain.',
    resolve: (_root, { input }, ctx) => regenerateDomainScimToken(ctx, input.domainId.id),
  }),
);
