import type { Prisma } from '../generated/prisma/client.js';
import type { DemoIds } from './ids.js';

/** Demo feature flags: two for Acme, one for Globex. */
export async function seedFeatures(tx: Prisma.TransactionClient, demo: DemoIds): Promise<void> {
  await tx.feature.createMany({
    data: [
      { organizationId: demo.acmeId, name: 'ledger_v2' },
      { organizationId: demo.acmeId, name: 'new-ui' },
      { organizationId: demo.globexId, name: 'new-ui' },
    ],
  });
}
