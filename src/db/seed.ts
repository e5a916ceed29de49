import type { PrismaClient } from './client.js';

/** Demo data for a new embedded database: two organizations, four people, one pending invitation. */
export async function seedDemoData(prisma: PrismaClient, invitationTtlDays = 7): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  await prisma.$transaction(async (tx) => {
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
        members: { create: [{ userId: alice!.id, role: 'OWNER', createdAt: new Date(Date.now() - 86_400_000) }, { userId: bob!.id, role: 'MEMBER' }] },
      },
    });
    await tx.organization.create({
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
  });
  return true;
}
