import type { PrismaClient } from './client.js';
import { seedApplications } from './demo/applications.js';
import { seedFeatures } from './demo/features.js';
import type { DemoIds } from './demo/ids.js';
import { seedIntegrations } from './demo/integrations.js';
import { seedLicenses } from './demo/licenses.js';
import { seedRegions } from './demo/regions.js';
import { seedSso } from './demo/sso.js';
import { seedStacks } from './demo/stacks.js';

/** Each domain's demo rows, in dependency order (stacks run in the regions). */
const DOMAIN_SEEDERS = [seedRegions, seedStacks, seedApplications, seedFeatures, seedLicenses, seedSso, seedIntegrations];

/**
 * Demo data for a new embedded database: two organizations, four people, one pending invitation,
 * and a little of everything else (regions, stacks, applications, features, a license, SSO, an integration).
 */
export async function seedDemoData(prisma: PrismaClient, invitationTtlDays = 7, options: { domains?: boolean } = {}): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  await prisma.$transaction(
    async (tx) => {
      const [alice, bob, carol] = await Promise.all(
        [
          { email: 'alice@acme.test', name: 'Alice Anders' },
          { email: 'bob@acme.test', name: 'Bob Brown' },
          { email: 'carol@globex.test', name: 'Carol Chen' },
        ].map((data) => tx.user.create({ data })),
      );
      await tx.user.create({ data: { email: 'dave@example.test', name: 'Dave Dias' } });
      const acme = await tx.organization.create({
        data: {
          name: 'Acme',
          description: 'Demo organization',
          // Alice founded Acme a day before Bob joined, so ordering by join date has something to show.
          members: {
            create: [
              { userId: alice!.id, role: 'OWNER', createdAt: new Date(Date.now() - 86_400_000) },
              { userId: bob!.id, role: 'MEMBER' },
            ],
          },
        },
        include: { members: true },
      });
      const globex = await tx.organization.create({
        data: { name: 'Globex', description: 'Another demo organization', members: { create: [{ userId: carol!.id, role: 'OWNER' }] } },
      });
      await tx.invitation.create({
        data: {
          organizationId: acme.id,
          email: 'dave@example.test',
          pendingEmail: 'dave@example.test',
          role: 'MEMBER',
          invitedById: alice!.id,
          message: 'Join us at Acme!',
          expiresAt: new Date(Date.now() + invitationTtlDays * 86_400_000),
        },
      });
      const memberOf = (userId: string) => acme.members.find((m) => m.userId === userId)!.id;
      const ids: DemoIds = {
        acmeId: acme.id,
        globexId: globex.id,
        aliceId: alice!.id,
        bobId: bob!.id,
        carolId: carol!.id,
        aliceMemberId: memberOf(alice!.id),
        bobMemberId: memberOf(bob!.id),
      };
      // Tests of the core start from the people and organizations alone (options.domains = false).
      if (options.domains !== false) for (const seed of DOMAIN_SEEDERS) await seed(tx, ids);
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
  return true;
}
