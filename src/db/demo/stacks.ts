import type { Prisma } from '../generated/prisma/client.js';
import type { DemoIds } from './ids.js';
import { DEFAULT_STACK_MODULES } from '../stack-modules.js';

/**
 * Demo stacks in the demo regions (run after seedRegions; without its regions nothing is made):
 * Acme's production stack (one version behind, so it can be upgraded), a staging stack in its
 * private region with Stargate on, a deleted one that can still be restored, and Globex's.
 * Bob (Acme MEMBER) has stack roles; alice, as owner, counts as stack ADMIN everywhere.
 */
export async function seedStacks(tx: Prisma.TransactionClient, demo: DemoIds): Promise<void> {
  const regions = await tx.region.findMany({ where: { name: { in: ['eu-west-1', 'us-east-1', 'acme-on-premises'] } } });
  const region = (name: string) => regions.find((r) => r.name === name);
  const [eu, us, acmeRegion] = [region('eu-west-1'), region('us-east-1'), region('acme-on-premises')];
  if (!eu || !us || !acmeRegion) return;

  const stacks: {
    organizationId: string;
    regionId: string;
    name: string;
    version: string;
    stargateEnabled?: boolean;
    deletedAt?: Date;
    bob?: 'EDITOR' | 'VIEWER';
  }[] = [
    { organizationId: demo.acmeId, regionId: eu.id, name: 'Production', version: 'v2.1.0', bob: 'VIEWER' },
    { organizationId: demo.acmeId, regionId: acmeRegion.id, name: 'Staging', version: 'v2.2.0', stargateEnabled: true, bob: 'EDITOR' },
    { organizationId: demo.acmeId, regionId: eu.id, name: 'Legacy', version: 'v2.0.0', deletedAt: new Date(Date.now() - 3 * 86_400_000) },
    { organizationId: demo.globexId, regionId: us.id, name: 'Globex Main', version: 'v2.2.0' },
  ];
  for (const { bob, ...data } of stacks) {
    await tx.stack.create({
      data: {
        ...data,
        modules: { create: DEFAULT_STACK_MODULES.map((name) => ({ name, version: data.version })) },
        userAccess: bob ? { create: [{ memberId: demo.bobMemberId, role: bob }] } : undefined,
      },
    });
  }
}
