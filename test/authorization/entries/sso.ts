import type { Entry } from '../entry-kit.js';
import { freshGroup, mutation, nextUnique, rawId, WRITERS } from '../entry-kit.js';
import type { Fixture } from '../principals.js';
import type { TestApp } from '../../helpers/app.js';
import { gid } from '../../helpers/fixtures.js';

// The organization's SSO provider and its discovered groups: sso:write; mapping also group:write.

const OIDC = { issuer: 'https://idp.matrix.test', clientId: 'matrix', clientSecret: 'matrix-secret' };

/** A discovered group (written directly: discovery happens at SSO sign-in), optionally mapped. */
async function discovered(t: TestApp, f: Fixture, groupId: string | null = null): Promise<string> {
  const external = await t.prisma.externalGroup.create({ data: { organizationId: f.orgId, externalId: `ext-${nextUnique()}`, name: 'Discovered', groupId } });
  return gid('ExternalGroup', external.id);
}

export const ENTRIES: Record<string, Entry> = {
  'Mutation.upsertAuthProvider': mutation('upsertAuthProvider', 'UpsertAuthProviderInput', 'sso:write', WRITERS, (_t, f) => ({
    organizationId: f.org,
    type: 'OIDC',
    name: 'Matrix IdP',
    oidc: OIDC,
  })),
  'Mutation.deleteAuthProvider': mutation('deleteAuthProvider', 'DeleteAuthProviderInput', 'sso:write', WRITERS, async (t, f) => {
    await t.prisma.authProvider.create({
      data: {
        organizationId: f.orgId,
        type: 'OIDC',
        name: 'Matrix IdP',
        oidcIssuer: OIDC.issuer,
        oidcClientId: OIDC.clientId,
        oidcClientSecret: OIDC.clientSecret,
      },
    });
    return { organizationId: f.org };
  }),
  // Mapping lets the provider put people into the group: it also needs group:write (and the group's scopes; this one has none).
  'Mutation.mapExternalGroup': mutation(
    'mapExternalGroup',
    'MapExternalGroupInput',
    'sso:write',
    WRITERS,
    async (t, f) => ({ externalGroupId: await discovered(t, f), groupId: await freshGroup(t, f) }),
    ['group:write'],
  ),
  'Mutation.unmapExternalGroup': mutation('unmapExternalGroup', 'ExternalGroupIdInput', 'sso:write', WRITERS, async (t, f) => ({
    externalGroupId: await discovered(t, f, rawId(await freshGroup(t, f))),
  })),
};
