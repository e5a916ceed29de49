import type { Prisma } from '../generated/prisma/client.js';
import type { DemoIds } from './ids.js';

/**
 * Demo catalog: a ledger application whose write scope delegates to its read scope, enabled for
 * Acme, and a payments application nobody has enabled yet. No clients: their secrets are shown
 * once, so a seeded one would be unusable.
 */
export async function seedApplications(tx: Prisma.TransactionClient, demo: DemoIds): Promise<void> {
  const ledger = await tx.application.create({
    data: {
      name: 'Ledger',
      alias: 'ledger',
      description: 'Double-entry accounting for the demo organizations.',
      url: 'https://ledger.example.com',
      scopes: {
        create: [
          { label: 'ledger:read', description: 'Read accounts and transactions.' },
          { label: 'ledger:write', description: 'Post transactions; also grants ledger:read.' },
        ],
      },
      organizations: { create: [{ organizationId: demo.acmeId }] },
    },
    include: { scopes: true },
  });
  const scope = (label: string) => ledger.scopes.find((s) => s.label === label)!.id;
  await tx.applicationScopeDelegation.create({ data: { scopeId: scope('ledger:write'), delegatesToId: scope('ledger:read') } });
  await tx.application.create({
    data: {
      name: 'Payments',
      alias: 'payments',
      description: 'Card and bank payments.',
      url: 'https://payments.example.com',
      scopes: { create: [{ label: 'payments:read', description: 'Read payments.' }] },
    },
  });
}
