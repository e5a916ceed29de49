import type { Prisma } from '../generated/prisma/client.js';
import type { DemoIds } from './ids.js';

/** Demo regions: two public ones with a few versions (so stacks can be created), and a private one of Acme. */
export async function seedRegions(tx: Prisma.TransactionClient, demo: DemoIds): Promise<void> {
  await tx.region.createMany({
    data: [
      { organizationId: null, name: 'eu-west-1', baseUrl: 'https://eu-west-1.regions.example.test', versions: ['v2.0.0', 'v2.1.0', 'v2.2.0'] },
      { organizationId: null, name: 'us-east-1', baseUrl: 'https://us-east-1.regions.example.test', versions: ['v2.1.0', 'v2.2.0'] },
      { organizationId: demo.acmeId, name: 'acme-on-premises', baseUrl: 'https://regions.acme.test', versions: ['v2.2.0'] },
    ],
  });
}
