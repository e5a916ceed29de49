import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { listing, measure } from '../helpers/statement-counts.js';
import { signIn } from '../helpers/users.js';

// The frontend's dashboard: my organizations with their members and invitations, in one request.
const DASHBOARD = `{
  organizations(first: 20) { edges { node {
    name
    viewerCan { update }
    members(first: 20) { totalCount edges { node { role user { email name } } } }
    invitations(first: 20) { edges { node { email status invitedBy { email } } } }
  } } }
}`;

// The same with the caller's own role (viewerMember) next to the members, as a frontend shows it.
const DASHBOARD_WITH_VIEWER = `{
  organizations(first: 20) { edges { node {
    name
    viewerMember { role }
    members(first: 20) { totalCount edges { node { role user { email } } } }
  } } }
}`;
// Reached through the caller's memberships instead of organizations.
const MEMBERSHIPS_WITH_VIEWER = `{
  me { memberships(first: 30) { edges { node { organization {
    name
    viewerMember { role }
    members(first: 20) { edges { node { role } } }
  } } } } }
}`;

const INVITATIONS_PER_ORG = 3;

let t: TestApp;
/** Viewer emails: owners of 5 organizations of 5 members, and of 20 organizations of 20 members. */
let small: string;
let large: string;
beforeAll(async () => {
  t = await createTestApp();
  small = await buildTenants('small', 5, 5);
  large = await buildTenants('large', 20, 20);
  for (const viewer of [small, large]) await signIn(t, viewer); // first sight, outside the counts
});
afterAll(() => t.close());

/** `organizations` organizations of `members` members each (the viewer is the owner of all), with invitations. Returns the viewer's email. */
async function buildTenants(prefix: string, organizations: number, members: number): Promise<string> {
  const viewer = await t.prisma.user.create({ data: { email: `${prefix}-viewer@count.test`, name: `${prefix} viewer` } });
  const others = Array.from({ length: organizations * (members - 1) }, (_, i) => ({
    id: randomUUID(),
    email: `${prefix}-${i}@count.test`,
    name: `${prefix} user ${i}`,
  }));
  await t.prisma.user.createMany({ data: others });
  const orgs = Array.from({ length: organizations }, (_, i) => ({ id: randomUUID(), name: `${prefix} org ${i}` }));
  await t.prisma.organization.createMany({ data: orgs });
  const membersOf = (i: number) => others.slice(i * (members - 1), (i + 1) * (members - 1));
  await t.prisma.member.createMany({
    data: orgs.flatMap((org, i) => [
      { organizationId: org.id, userId: viewer.id, role: 'OWNER' as const },
      ...membersOf(i).map((user) => ({ organizationId: org.id, userId: user.id, role: 'MEMBER' as const })),
    ]),
  });
  await t.prisma.invitation.createMany({
    data: orgs.flatMap((org, i) =>
      Array.from({ length: INVITATIONS_PER_ORG }, (_, k) => {
        const email = `${prefix}-invitee-${i}-${k}@count.test`;
        return {
          organizationId: org.id,
          email,
          pendingEmail: email,
          role: 'MEMBER' as const,
          invitedById: membersOf(i)[k]!.id,
          expiresAt: new Date(Date.now() + 86_400_000),
        };
      }),
    ),
  });
  return viewer.email;
}

/** Runs `query` on both sizes and expects `statements` statements for each. */
async function expectFixedCount(query: string, statements: number) {
  const runs = { small: await measure(t, query, small), large: await measure(t, query, large) };
  expect(runs.small.count, `5×5: ${listing(runs.small)}`).toBe(statements);
  expect(runs.large.count, `20×20: ${listing(runs.large)}`).toBe(statements);
  return runs;
}

describe('the dashboard query', () => {
  it('runs a fixed, small number of SQL statements however many organizations and members there are', async () => {
    // Organizations with the caller's standing; members with their users; their count; invitations with their inviters.
    const runs = await expectFixedCount(DASHBOARD, 4);
    for (const [run, size] of [
      [runs.small, 5],
      [runs.large, 20],
    ] as const) {
      const edges = run.data.organizations.edges;
      expect(edges).toHaveLength(size);
      for (const { node } of edges) {
        expect(node.viewerCan.update).toBe(true);
        expect(node.members.totalCount).toBe(size);
        expect(node.members.edges).toHaveLength(size);
        expect(node.members.edges.every((e: any) => e.node.user.email.endsWith('@count.test'))).toBe(true);
        expect(node.invitations.edges).toHaveLength(INVITATIONS_PER_ORG);
        expect(node.invitations.edges.every((e: any) => e.node.status === 'PENDING' && e.node.invitedBy.email.endsWith('@count.test'))).toBe(true);
      }
    }
  });

  it('stays fixed when viewerMember is asked for next to members', async () => {
    // viewerMember is the standing the organizations' statement read.
    const viaOrganizations = await expectFixedCount(DASHBOARD_WITH_VIEWER, 3);
    expect(viaOrganizations.large.data.organizations.edges.map((e: any) => e.node.viewerMember.role)).toEqual(Array(20).fill('OWNER'));
    // The user; its memberships with their organizations; the caller's standings; the members.
    await expectFixedCount(MEMBERSHIPS_WITH_VIEWER, 4);
  });
});
