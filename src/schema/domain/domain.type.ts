import { RoleEnum } from '../shared/enums.js';
import { SsoEnforcement } from '../../db/generated/prisma/enums.js';
import { CHALLENGE_LABEL } from '../../services/domain-verification.js';
import { domainPermissions, verificationRecord } from '../../services/domains.js';
import { presence } from '../../db/sql-conditions.js';
import { builder } from '../builder.js';
import { scimBaseUrl } from '../../scim/request.js';
import { inVisibleOrganization, tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { childPage, NEWEST_FIRST, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';

export const SsoEnforcementEnum = builder.enumType(SsoEnforcement, {
  name: 'SsoEnforcement',
  description:
    'How people with an email address at a domain must sign in (OIDC and SAML name the type of the organization’s one provider, which updateDomain checks).',
  values: {
    NONE: { description: 'Any sign-in method.' },
    OIDC: { description: 'Only through the organization’s OIDC provider.' },
    SAML: { description: 'Only through the organization’s SAML provider.' },
  },
});

const DomainVerificationRecord = builder.objectRef<{ name: string; value: string }>('DomainVerificationRecord').implement({
  description: `The DNS TXT record that proves the organization controls a domain: publish it, then call verifyDomain.`,
  fields: (t) => ({
    name: t.exposeString('name', { description: `DNS name of the record: ${CHALLENGE_LABEL}.<domain>.` }),
    value: t.exposeString('value', { description: 'Exact value of the TXT record (the domain’s challenge, fixed when the domain was added).' }),
  }),
});

const DomainPermissions = permissionsType('DomainPermissions', 'What the caller may do with a domain, from the rules that guard the mutations.', {
  update: 'updateDomain is allowed (sso:write).',
  verify: 'verifyDomain is allowed (sso:write); it succeeds only when DNS carries the challenge.',
  delete: 'deleteDomain is allowed (sso:write).',
  enableFeatures: 'updateDomain may switch on JIT provisioning, SSO enforcement or SCIM: sso:write and the domain is verified.',
  regenerateScimToken: 'regenerateDomainScimToken is allowed: sso:write and SCIM is enabled.',
});

export const DomainRef = builder.prismaNode('Domain', {
  description:
    'An email domain of the organization. Once verified through DNS, it can provision people who sign in with SSO (JIT), require SSO for its addresses, and accept SCIM provisioning.',
  id: { field: 'id', description: 'Global id of the domain.' },
  ...tenantNode(inVisibleOrganization),
  authScopes: inOrganizationOf('sso.read'),
  fields: (t) => ({
    domain: t.exposeString('domain', { description: 'The domain name, lower-case ASCII (internationalized names in punycode).' }),
    verified: t.boolean({
      description: 'Whether DNS proved the organization controls the domain.',
      ...reads('verifiedAt'),
      resolve: (domain) => domain.verifiedAt !== null,
    }),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true, description: 'When the domain was first verified; null while unverified.' }),
    lastVerificationAt: t.expose('lastVerificationAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the last successful verification took place; null while unverified.',
    }),
    verificationRecord: t.field({
      type: DomainVerificationRecord,
      description: 'The TXT record to publish in DNS before calling verifyDomain.',
      ...reads('domain', 'verificationChallenge'),
      resolve: (domain) => verificationRecord(domain),
    }),
    jitProvisioningEnabled: t.exposeBoolean('jitProvisioningEnabled', {
      description:
        'People with an address at the domain, vouched for at sign-in by the organization’s own SSO provider (or first seen with a token of the server’s trusted issuer), become ACTIVE members with jitDefaultRole (verified domains only; once: an existing or suspended membership is left alone; within the license’s seats).',
    }),
    jitDefaultRole: t.expose('jitDefaultRole', {
      type: RoleEnum,
      description: 'The role of members the server adds for this domain, by JIT provisioning or its SCIM directory; never OWNER.',
    }),
    ssoEnforcement: t.expose('ssoEnforcement', {
      type: SsoEnforcementEnum,
      description:
        'How people with an address at the domain must sign in. Enforced while the domain is verified: the organization’s members with an email on it (owners excepted) reach its data only with a token from its provider; other tokens get FORBIDDEN with reason SSO_REQUIRED and the sign-in URL.',
    }),
    scimEnabled: t.exposeBoolean('scimEnabled', {
      description:
        'The domain accepts SCIM 2.0 provisioning at scimBaseUrl with its SCIM token (verified domains only); switched off, the token authenticates nothing.',
    }),
    scimBaseUrl: t.string({
      description:
        'The SCIM 2.0 base URL to give the identity provider (Okta, Entra ID) with the domain’s SCIM token: the same URL for every domain, the token selects the domain. It manages the organization’s members with an address at the domain, and its external groups.',
      // From the server's settings, no column of the domain.
      ...reads(),
      resolve: (_domain, _args, ctx) => scimBaseUrl(ctx.settings.publicUrl),
    }),
    scimTokenLastChars: t.exposeString('scimTokenLastChars', {
      nullable: true,
      description: 'Last characters of the current SCIM bearer token, to recognise it; null when there is none. The token itself is shown only once.',
    }),
    scimLogs: t.connection(
      {
        type: ScimLogRef,
        description: 'SCIM requests the domain received, newest first.',
        resolve: (domain, args, ctx, info) => resolvePage(ctx, info, args, childPage('ScimLog', 'domainId', domain.id, { order: NEWEST_FIRST })),
      },
      withTotalCount(),
    ),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the domain was added.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the domain last changed.' }),
    viewerCan: t.field({
      type: DomainPermissions,
      description: 'What the caller may do with this domain.',
      ...reads('verifiedAt', 'scimEnabled'),
      resolve: async (domain, _args, ctx) => domainPermissions(await ctx.access.standing(domain.organizationId), domain),
    }),
  }),
});

const ScimLogRef = builder.prismaObject('ScimLog', {
  description: 'One SCIM request a domain received, with the answer it got.',
  // Reached only through its domain (sso.read there); the row names no organization of its own.
  authScopes: { action: 'sso.read' },
  fields: (t) => ({
    method: t.exposeString('method', { description: 'HTTP method of the request.' }),
    path: t.exposeString('path', { description: 'Path of the request, relative to the SCIM base URL.' }),
    status: t.exposeInt('status', { description: 'HTTP status of the answer.' }),
    requestBody: t.expose('requestBody', { type: 'JSON', nullable: true, description: 'Body of the request; null when it had none.' }),
    responseBody: t.expose('responseBody', { type: 'JSON', nullable: true, description: 'Body of the answer; null when it had none.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the request arrived.' }),
  }),
});

builder.prismaObjectField('Organization', 'domains', (t) =>
  t.connection(
    {
      type: DomainRef,
      nullable: true,
      description: 'Email domains of the organization, by name. Null (with a FORBIDDEN error) without sso:read.',
      authScopes: inThisOrganization('sso.read'),
      args: { verified: t.arg.boolean({ required: false, description: 'Only verified (true) or only unverified (false) domains; all when absent.' }) },
      resolve: (organization, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('Domain', 'organizationId', organization.id, {
            filters: presence(PAGED, 'verifiedAt', args.verified),
            order: [{ column: 'domain' }, { column: 'id' }],
          }),
        ),
    },
    withTotalCount(),
  ),
);

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('Domain', (t) => ({
  organization: t.field({ type: OrganizationRef, description: 'The organization.', ...relationField('Domain', 'organization') }),
}));
