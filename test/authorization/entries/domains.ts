import type { Entry } from '../entry-kit.js';
import { mutation, nextUnique, WRITERS } from '../entry-kit.js';
import type { Fixture } from '../principals.js';
import type { TestApp } from '../../helpers/app.js';
import { gid } from '../../helpers/fixtures.js';

// Domains: every mutation needs sso:write. The matrix app's DNS resolves nothing, so verifyDomain
// answers CONFLICT (after authorization) to the principals allowed to try.

async function freshDomain(t: TestApp, f: Fixture, settings: { verifiedAt?: Date; scimEnabled?: boolean } = {}): Promise<string> {
  const domain = await t.prisma.domain.create({
    data: { organizationId: f.orgId, domain: `d${nextUnique()}.matrix.test`, verificationChallenge: 'orgraph-verification=matrix', ...settings },
  });
  return gid('Domain', domain.id);
}

export const ENTRIES: Record<string, Entry> = {
  'Mutation.addDomain': mutation('addDomain', 'AddDomainInput', 'sso:write', WRITERS, (_t, f) => ({
    organizationId: f.org,
    domain: `new${nextUnique()}.matrix.test`,
  })),
  'Mutation.verifyDomain': mutation('verifyDomain', 'DomainIdInput', 'sso:write', WRITERS, async (t, f) => ({ domainId: await freshDomain(t, f) })),
  'Mutation.updateDomain': mutation('updateDomain', 'UpdateDomainInput', 'sso:write', WRITERS, async (t, f) => ({
    domainId: await freshDomain(t, f),
    jitProvisioningEnabled: false,
  })),
  'Mutation.deleteDomain': mutation('deleteDomain', 'DomainIdInput', 'sso:write', WRITERS, async (t, f) => ({ domainId: await freshDomain(t, f) })),
  'Mutation.regenerateDomainScimToken': mutation('regenerateDomainScimToken', 'DomainIdInput', 'sso:write', WRITERS, async (t, f) => ({
    domainId: await freshDomain(t, f, { verifiedAt: new Date(), scimEnabled: true }),
  })),
};
