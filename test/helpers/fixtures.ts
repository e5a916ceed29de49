import type { Role } from '../../src/db/generated/prisma/enums.js';
import { seedDemoData } from '../../src/db/seed.js';
import { createTestApp, PLATFORM_ADMIN, type TestApp, type TestAppOptions } from './app.js';
import { gid, rawId } from './ids.js';
import { signIn } from './users.js';

// test/authorization takes gid from here.
export { gid };

/** The demo users' emails (src/db/seed.ts). */
export const ALICE = 'alice@acme.test';
export const BOB = 'bob@acme.test';
export const CAROL = 'carol@globex.test';
export const DAVE = 'dave@example.test';

export interface Demo {
  acme: string;
  globex: string;
  /** Raw database ids of the demo users' memberships, by email. */
  members: Record<string, string>;
  daveInvitation: string;
}

/** The README's demo people and organizations (not the other domains' demo rows): Acme (alice OWNER, bob MEMBER), Globex (carol OWNER), dave invited to Acme. Global ids. */
export async function seedDemo(t: TestApp): Promise<Demo> {
  await seedDemoData(t.prisma, 7, { domains: false });
  const orgs = await t.prisma.organization.findMany();
  const acme = orgs.find((o) => o.name === 'Acme')!;
  const globex = orgs.find((o) => o.name === 'Globex')!;
  const memberRows = await t.prisma.member.findMany({ include: { user: true } });
  const invitation = await t.prisma.invitation.findFirstOrThrow({ where: { email: 'dave@example.test' } });
  return {
    acme: gid('Organization', acme.id),
    globex: gid('Organization', globex.id),
    members: Object.fromEntries(memberRows.map((m) => [m.user.email, gid('Member', m.id)])),
    daveInvitation: gid('Invitation', invitation.id),
  };
}

/** Adds a user with a role to an organization directly in the database (test setup, not under test). */
export async function addUserTo(t: TestApp, organizationGid: string, email: string, role: Role): Promise<string> {
  const organizationId = rawId(organizationGid);
  const user = await t.prisma.user.upsert({ where: { email }, create: { email, name: email.split('@')[0]! }, update: {} });
  const member = await t.prisma.member.create({ data: { organizationId, userId: user.id, role } });
  return gid('Member', member.id);
}

/** A test app on a fresh database with the demo data: the usual start of a test file. */
export async function createDemoApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<{ t: TestApp; demo: Demo }> {
  const t = await createTestApp(env, options);
  return { t, demo: await seedDemo(t) };
}

/**
 * createDemoApp with the platform admin signed in: users are created on first sight, so the
 * admin's refused requests would otherwise write its user row.
 */
export async function createDemoAppWithAdmin(env: Record<string, string> = {}): Promise<{ t: TestApp; demo: Demo }> {
  const app = await createDemoApp(env);
  await signIn(app.t, PLATFORM_ADMIN);
  return app;
}
