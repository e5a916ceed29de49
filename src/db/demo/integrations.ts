import type { Prisma } from '../generated/prisma/client.js';
import type { DemoIds } from './ids.js';

/**
 * Demo integration, as Vercel's installation flow would leave it (the API does not create
 * integrations): Acme's Vercel team, its production and preview targets mapped to our stacks.
 * Its config holds a placeholder token, which the API never shows.
 */
export async function seedIntegrations(tx: Prisma.TransactionClient, demo: DemoIds): Promise<void> {
  await tx.integration.create({
    data: {
      organizationId: demo.acmeId,
      kind: 'vercel',
      displayName: 'Vercel (acme-team)',
      config: { teamId: 'team_acme', accessToken: 'demo-placeholder' },
      environmentMapping: { production: 'acme-production', preview: 'acme-staging' },
      createdById: demo.aliceId,
    },
  });
}
