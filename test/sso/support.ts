import { randomUUID } from 'node:crypto';
import type { TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';
import { mutationDocument, runMutation } from '../helpers/mutations.js';
import type { TestOrg } from '../helpers/orgs.js';
import type { TestProvider } from './oidc-test-provider.js';

// Documents and setup of the SSO tests alone. Each mutation is aliased `result` (runMutation in
// test/helpers/mutations.ts returns the union value).

export const PROVIDER_FIELDS = `type name oidcIssuer oidcClientId oidcClientSecretSet samlEntityId samlSsoUrl samlCertificate createdAt updatedAt organization { id } viewerCan { update delete }`;
export const UPSERT_PROVIDER = mutationDocument(
  'upsertAuthProvider',
  'UpsertAuthProviderInput',
  `... on UpsertAuthProviderPayload { authProvider { ${PROVIDER_FIELDS} } organization { id } }`,
);
export const DELETE_PROVIDER = mutationDocument(
  'deleteAuthProvider',
  'DeleteAuthProviderInput',
  `... on DeleteAuthProviderPayload { organization { id authProvider { type } } }`,
);
export const READ_PROVIDER = `query($id: ID!) { organization(id: $id) { id authProvider { ${PROVIDER_FIELDS} } } }`;

const EXTERNAL_GROUP = `id externalId name discoveredAt updatedAt group { id name } organization { id } viewerCan { map unmap }`;
export const MAP_GROUP = mutationDocument(
  'mapExternalGroup',
  'MapExternalGroupInput',
  `... on MapExternalGroupPayload { externalGroup { ${EXTERNAL_GROUP} } group { id externalGroups { id } } }`,
);
export const UNMAP_GROUP = mutationDocument(
  'unmapExternalGroup',
  'ExternalGroupIdInput',
  `... on UnmapExternalGroupPayload { externalGroup { ${EXTERNAL_GROUP} } group { id externalGroups { id } } }`,
);
export const EXTERNAL_GROUPS = `query($id: ID!, $mapped: Boolean) { organization(id: $id) { externalGroups(mapped: $mapped) { totalCount edges { node { ${EXTERNAL_GROUP} } } } } }`;

/** A group discovered at SSO sign-in, written directly: discovery happens at sign-in, outside this API. */
export async function discoveredGroup(t: TestApp, organizationId: string, name: string, groupId: string | null = null): Promise<string> {
  const group = await t.prisma.externalGroup.create({ data: { organizationId, externalId: `ext-${randomUUID()}`, name, groupId } });
  return gid('ExternalGroup', group.id);
}

/** Makes the test OpenID provider the organization's OIDC provider, through upsertAuthProvider as its owner. */
export async function useTestProvider(t: TestApp, o: TestOrg, idp: TestProvider, name = 'Test IdP'): Promise<void> {
  const oidc = { preset: 'GENERIC', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret };
  const { result } = await runMutation(t, UPSERT_PROVIDER, { organizationId: o.org, type: 'OIDC', name, oidc }, o.email.owner!);
  if (result.__typename !== 'UpsertAuthProviderPayload') throw new Error(`upsertAuthProvider answered ${JSON.stringify(result)}`);
}
