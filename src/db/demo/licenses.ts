import type { Prisma } from '../generated/prisma/client.js';
import type { DemoIds } from './ids.js';

/**
 * Demo licenses, as billing would issue them (the API only assigns them): an enterprise license
 * with two deployments serving Acme, and a spare team license Acme's owner can switch to.
 * Globex stays on the free plan.
 */
export async function seedLicenses(tx: Prisma.TransactionClient, demo: DemoIds): Promise<void> {
  const enterprise = await tx.license.create({
    data: {
      plan: 'enterprise',
      seats: 50,
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
      deployments: {
        create: [
          { name: 'acme-eu', environment: 'production', url: 'https://acme-eu.example.test' },
          { name: 'acme-staging', environment: 'staging', url: 'https://acme-staging.example.test' },
        ],
      },
    },
  });
  await tx.organization.update({ where: { id: demo.acmeId }, data: { licenseId: enterprise.id } });
  await tx.license.create({ data: { plan: 'team', seats: 10, deployments: { create: [{ name: 'team-sandbox', environment: 'sandbox' }] } } });
}
