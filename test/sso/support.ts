import { randomUUID } from 'node:crypto';
import type { TestApp } from '../helpers/app.js';
import { gid } from '../helpers/fixtures.js';
import { expectAuditedMutation, expectRefusedMutation, type ExpectedAudit } from '../helpers/mutations.js';
import { FAILURE, run } from '../policies/support.js';

// Shared documents and setup for the SSO and domain tests. Each mutation is aliased `result`
// (run() in test/policies/support.ts returns the union value).

export { FAILURE, run };

const mutation = (field: string, inputType: string, payload: string) =>
  `mutation($input: ${inputType}!) { result: ${field}(input: $input) { __typename ${FAILURE} ${payload} } }`;

export const PROVIDER_FIELDS = `type name oidcIssuer oidcClientId oidcClientSecretSet samlEntityId samlSsoUrl samlCertificate createdAt updatedAt organization { id } viewerCan { update delete }`;
export const UPSERT_PROVIDER = mutation('upsertAuthProvider', 'UpsertAuthProviderInput', `... on UpsertAuthProviderPayload { authProvider { ${PROVIDER_FIELDS} } organization { id } }`);
export const DELETE_PROVIDER = mutation('deleteAuthProvider', 'DeleteAuthProviderInput', `... on DeleteAuthProviderPayload { organization { id authProvider { type } } }`);
export const READ_PROVIDER = `query($id: ID!) { organization(id: $id) { id authProvider { ${PROVIDER_FIELDS} } } }`;

const EXTERNAL_GROUP = `id externalId name discoveredAt updatedAt group { id name } organization { id } viewerCan { map unmap }`;
export const MAP_GROUP = mutation('mapExternalGroup', 'MapExternalGroupInput', `... on MapExternalGroupPayload { externalGroup { ${EXTERNAL_GROUP} } group { id externalGroups { id } } }`);
export const UNMAP_GROUP = mutation('unmapExternalGroup', 'ExternalGroupIdInput', `... on UnmapExternalGroupPayload { externalGroup { ${EXTERNAL_GROUP} } group { id externalGroups { id } } }`);
export const EXTERNAL_GROUPS = `query($id: ID!, $mapped: Boolean) { organization(id: $id) { externalGroups(mapped: $mapped) { totalCount edges { node { ${EXTERNAL_GROUP} } } } } }`;

export const DOMAIN_FIELDS = `id domain verified verifiedAt lastVerificationAt verificationRecord { name value } jitProvisioningEnabled ssoEnforcement samlEntityId samlAcsUrl samlX509Cert scimEnabled scimTokenLastChars createdAt updatedAt organization { id } viewerCan { update verify delete enableFeatures regenerateScimToken }`;
export const ADD_DOMAIN = mutation('addDomain', 'AddDomainInput', `... on AddDomainPayload { domain { ${DOMAIN_FIELDS} } }`);
export const VERIFY_DOMAIN = mutation('verifyDomain', 'DomainIdInput', `... on VerifyDomainPayload { domain { ${DOMAIN_FIELDS} } }`);
export const UPDATE_DOMAIN = mutation('updateDomain', 'UpdateDomainInput', `... on UpdateDomainPayload { domain { ${DOMAIN_FIELDS} } }`);
export const DELETE_DOMAIN = mutation('deleteDomain', 'DomainIdInput', `... on DeleteDomainPayload { deletedDomainId organization { id domains { totalCount } } }`);
export const REGENERATE_SCIM_TOKEN = mutation('regenerateDomainScimToken', 'DomainIdInput', `... on RegenerateDomainScimTokenPayload { scimToken domain { ${DOMAIN_FIELDS} } }`);

/** A SAML signing certificate of the right shape (its body is base64, not a real X.509 certificate). */
export const CERTIFICATE = `-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUY2VydGlmaWNhdGUgZm9yIHRlc3Rz\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n-----END CERTIFICATE-----`;

/** Everything an SSO or domain mutation could touch, to show that a refused one changed nothing. */
export async function ssoSnapshot(t: TestApp) {
  const [providers, externalGroups, domains, scimLogs, audit] = await Promise.all([
    t.prisma.authProvider.findMany({ orderBy: { organizationId: 'asc' } }),
    t.prisma.externalGroup.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.domain.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.scimLog.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.auditLog.count(),
  ]);
  return { providers, externalGroups, domains, scimLogs, audit };
}

/** A refused mutation: the expected typed error, and nothing written (as a user, or with a client's token). */
export const expectRefused = (t: TestApp, document: string, input: Record<string, unknown>, as: string | undefined, typename: string, options: { token?: string } = {}) =>
  expectRefusedMutation(t, ssoSnapshot, document, input, options.token ? { token: options.token } : as, typename);

/** Runs a successful mutation and asserts it wrote exactly one audit entry of `action` on the target, by `as`, in its request. */
export const expectAudited = (t: TestApp, document: string, input: Record<string, unknown>, as: string, expected: ExpectedAudit & { organizationId: string }) =>
  expectAuditedMutation(t, document, input, as, expected);

/** A group discovered at SSO sign-in, written directly: discovery happens at sign-in, outside this API. */
export async function discoveredGroup(t: TestApp, organizationId: string, name: string, groupId: string | null = null): Promise<string> {
  const group = await t.prisma.externalGroup.create({ data: { organizationId, externalId: `ext-${randomUUID()}`, name, groupId } });
  return gid('ExternalGroup', group.id);
}
