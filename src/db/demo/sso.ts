import { randomBytes } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import type { DemoIds } from './ids.js';

/**
 * Demo SSO for Acme: an OIDC provider, a verified domain (acme.test) with JIT provisioning and
 * SCIM switched on (no token yet: regenerateDomainScimToken shows one), an unverified domain,
 * two discovered groups (one mapped to an "Engineering" group) and a few SCIM log lines.
 */
export async function seedSso(tx: Prisma.TransactionClient, demo: DemoIds): Promise<void> {
  const organizationId = demo.acmeId;
  await tx.authProvider.create({
    data: {
      organizationId,
      type: 'OIDC',
      name: 'Acme Okta',
      oidcIssuer: 'https://acme.okta.example.test',
      oidcClientId: 'orgraph-demo',
      oidcPreset: 'GENERIC',
      // No secret: secrets are sealed under the server's key, and nothing signs in against the demo issuer.
      oidcClientSecret: null,
    },
  });
  const challenge = () => `orgraph-verification=${randomBytes(32).toString('base64url')}`;
  const verifiedAt = new Date();
  const domain = await tx.domain.create({
    data: {
      organizationId,
      domain: 'acme.test',
      verificationChallenge: challenge(),
      verifiedAt,
      lastVerificationAt: verifiedAt,
      jitProvisioningEnabled: true,
      scimEnabled: true,
    },
  });
  await tx.domain.create({ data: { organizationId, domain: 'acme-labs.test', verificationChallenge: challenge() } });
  const engineering =
    (await tx.group.findFirst({ where: { organizationId, name: 'Engineering' } })) ??
    (await tx.group.create({ data: { organizationId, name: 'Engineering', description: 'Builders' } }));
  await tx.externalGroup.createMany({
    data: [
      { organizationId, externalId: '00g1engineering', name: 'acme-engineering', groupId: engineering.id },
      { organizationId, externalId: '00g2sales', name: 'acme-sales' },
    ],
  });
  await tx.scimLog.createMany({
    data: [
      { domainId: domain.id, method: 'POST', path: '/Users', status: 201, requestBody: { userName: 'bob@acme.test' }, responseBody: { id: 'scim-bob' } },
      {
        domainId: domain.id,
        method: 'PATCH',
        path: '/Users/scim-bob',
        status: 200,
        requestBody: { Operations: [{ op: 'replace', path: 'active', value: true }] },
      },
    ],
  });
}
