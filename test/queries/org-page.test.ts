import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';
import { listing } from '../helpers/statement-counts.js';
import { signIn } from '../helpers/users.js';

// The product's main path, the organization page of the benchmark (bench/org-page/query.graphql):
// its statements, what authentication and the caller's standing cost, and that what it reads
// follows the page sizes, never the size of an organization.

const ORG_PAGE = readFileSync(new URL('../../bench/org-page/query.graphql', import.meta.url), 'utf8');

let t: TestApp;
let regionId: string;
beforeAll(async () => {
  t = await createTestApp();
  regionId = (await t.prisma.region.create({ data: { name: 'eu-west-1', versions: ['v1.0'] } })).id;
});
afterAll(() => t.close());

interface Tenants {
  viewer: string;
  organizationIds: string[];
}

/**
 * `organizations` organizations of `members` members (the viewer owns all), with `invitations`
 * pending invitations and `stacks` stacks each. The viewer has made a first request unless `unseen`.
 */
async function buildTenants(
  prefix: string,
  sizes: { organizations: number; members: number; invitations?: number; stacks?: number },
  unseen = false,
): Promise<Tenants> {
  const viewer = await t.prisma.user.create({ data: { email: `${prefix}-viewer@page.test`, name: `${prefix} viewer` } });
  const others = Array.from({ length: sizes.organizations * (sizes.members - 1) }, (_, i) => ({
    id: randomUUID(),
    email: `${prefix}-${i}@page.test`,
    name: `${prefix} user ${i}`,
  }));
  await t.prisma.user.createMany({ data: others });
  const organizations = Array.from({ length: sizes.organizations }, (_, i) => ({ id: randomUUID(), name: `${prefix} org ${i}` }));
  await t.prisma.organization.createMany({ data: organizations });
  const membersOf = (i: number) => others.slice(i * (sizes.members - 1), (i + 1) * (sizes.members - 1));
  await t.prisma.member.createMany({
    data: organizations.flatMap((org, i) => [
      { organizationId: org.id, userId: viewer.id, role: 'OWNER' as const },
      ...membersOf(i).map((user) => ({ organizationId: org.id, userId: user.id, role: 'MEMBER' as const })),
    ]),
  });
  const expiresAt = new Date(Date.now() + 86_400_000);
  await t.prisma.invitation.createMany({
    data: organizations.flatMap((org, i) =>
      Array.from({ length: sizes.invitations ?? 0 }, (_, k) => {
        const email = `${prefix}-invitee-${i}-${k}@page.test`;
        return { organizationId: org.id, email, pendingEmail: email, role: 'MEMBER' as const, invitedById: viewer.id, expiresAt };
      }),
    ),
  });
  await t.prisma.stack.createMany({
    data: organizations.flatMap((org) =>
      Array.from({ length: sizes.stacks ?? 0 }, (_, k) => ({ organizationId: org.id, regionId, name: `stack-${k}`, version: 'v1.0' })),
    ),
  });
  if (!unseen) await signIn(t, viewer.email); // the caller's first request: its user is looked up, then remembered
  return { viewer: viewer.email, organizationIds: organizations.map((o) => o.id) };
}

describe('the organization page', () => {
  it('costs four statements and no transaction, for 3 organizations of 5 members as for 12 of 30', async () => {
    for (const sizes of [
      { organizations: 3, members: 5, invitations: 2, stacks: 2 },
      { organizations: 12, members: 30, invitations: 6, stacks: 4 },
    ]) {
      const { viewer } = await buildTenants(`four-${sizes.organizations}`, sizes);
      const run = await t.counter.during(() => t.gql(ORG_PAGE, {}, { as: viewer }));
      const page = expectData(run.result).organizations.edges;
      expect(page).toHaveLength(sizes.organizations);
      for (const { node } of page) {
        expect(node.viewerCan).toEqual({ update: true, delete: true, manageMembers: true, invite: true, leave: true });
        expect(node.members.edges).toHaveLength(sizes.members);
        expect(node.invitations.edges).toHaveLength(sizes.invitations);
        expect(node.stacks.edges.map((e: any) => e.node.region.name)).toEqual(Array(sizes.stacks).fill('eu-west-1'));
      }
      // The organizations with the caller's standing in each; members with their users; invitations; stacks with their regions.
      expect(run.count, listing(run)).toBe(4);
      expect(run.statements.some((s) => /^(BEGIN|COMMIT)/i.test(s.trim()))).toBe(false);
    }
  });

  it('authentication and the caller’s standing cost two statements on a first request, one once the token’s user is known', async () => {
    const { viewer, organizationIds } = await buildTenants('auth', { organizations: 1, members: 2 }, true);
    const query = `query($id: ID!) { organization(id: $id) { name viewerCan { invite } } }`;
    const variables = { id: gid('Organization', organizationIds[0]!) };
    // A user the server has not seen: it is read (1), then the organization (1) and the standing (1).
    const fresh = await t.counter.during(() => t.gql(query, variables, { as: viewer }));
    expect(expectData(fresh.result).organization.viewerCan.invite).toBe(true);
    expect(fresh.count, listing(fresh)).toBe(3);
    const known = await t.counter.during(() => t.gql(query, variables, { as: viewer }));
    expect(known.count, listing(known)).toBe(2);
    expect([...fresh.statements, ...known.statements].some((s) => /^(BEGIN|COMMIT)/i.test(s.trim()))).toBe(false);
  });

  it('a remembered token is refused once it expires', async () => {
    const { viewer } = await buildTenants('expiring', { organizations: 1, members: 1 }, true);
    const { mintUserToken } = await import('../../src/auth/tokens.js');
    const token = await mintUserToken(t.signingKey, { ...t.config.tokens, ttlSeconds: 2 }, { email: viewer });
    expect(expectData(await t.gql('{ me { email } }', {}, { token })).me.email).toBe(viewer);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const late = await t.gql('{ me { email } }', {}, { token });
    expect(late.status).toBe(401);
    expect(errorCodes(late)).toEqual(['UNAUTHENTICATED']);
  });

  it('a member removed or suspended is refused on its very next request, though the server remembers its token’s user', async () => {
    const { viewer, organizationIds } = await buildTenants('removed', { organizations: 2, members: 2 });
    const [kept, left] = organizationIds as [string, string];
    const query = `query($id: ID!) { organization(id: $id) { name } }`;
    expectData(await t.gql(query, { id: gid('Organization', left) }, { as: viewer }));
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: viewer } });
    await t.prisma.member.update({ where: { organizationId_userId: { organizationId: kept, userId: user.id } }, data: { status: 'SUSPENDED' } });
    await t.prisma.member.delete({ where: { organizationId_userId: { organizationId: left, userId: user.id } } });
    expect(errorCodes(await t.gql(query, { id: gid('Organization', left) }, { as: viewer }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(query, { id: gid('Organization', kept) }, { as: viewer }))).toEqual(['NOT_FOUND']);
    expect(expectData(await t.gql('{ organizations(first: 10) { edges { node { id } } } }', {}, { as: viewer })).organizations.edges).toEqual([]);
  });
});

describe('rows read follow the page size, not the organization size', () => {
  const MEMBERS = 3000;
  let viewer: string;
  let big: string;
  beforeAll(async () => {
    // One organization of 3,000 members and 3,000 pending invitations, one group holding them all, two small organizations.
    const tenants = await buildTenants('rows', { organizations: 3, members: 4, invitations: 3 });
    viewer = tenants.viewer;
    big = tenants.organizationIds[0]!;
    const users = Array.from({ length: MEMBERS }, (_, i) => ({ id: randomUUID(), email: `crowd-${i}@page.test`, name: `Crowd ${i}` }));
    await t.prisma.user.createMany({ data: users });
    const members = users.map((user) => ({ id: randomUUID(), organizationId: big, userId: user.id, role: 'MEMBER' as const }));
    await t.prisma.member.createMany({ data: members });
    const expiresAt = new Date(Date.now() + 86_400_000);
    await t.prisma.invitation.createMany({
      data: users.map((user) => ({
        organizationId: big,
        email: `invited-${user.email}`,
        pendingEmail: `invited-${user.email}`,
        role: 'MEMBER' as const,
        expiresAt,
      })),
    });
    const group = await t.prisma.group.create({ data: { organizationId: big, name: 'everyone' } });
    await t.prisma.groupMember.createMany({ data: members.map((m) => ({ groupId: group.id, memberId: m.id })) });
  });

  async function rowsOf(query: string, variables: Record<string, unknown> = {}) {
    const run = await t.counter.during(() => t.gql(query, variables, { as: viewer }));
    return { data: expectData(run.result), rows: run.rows, statements: run.count };
  }

  it('members(first: 10) of 3 organizations, one of 3,000 members: at most 3 × 11 member rows', async () => {
    const { data, rows } = await rowsOf(
      `{ organizations(first: 3) { edges { node { members(first: 10) { totalCount edges { node { role user { email } } } } } } } }`,
    );
    const sizes = data.organizations.edges.map((e: any) => e.node.members.totalCount);
    expect(sizes).toContain(MEMBERS + 4);
    expect(data.organizations.edges.every((e: any) => e.node.members.edges.length === 10 || e.node.members.edges.length === 4)).toBe(true);
    // 4 organizations (the page and the next-page probe) with the caller's standing, ≤ 3 × 11 members, 3 counts.
    expect(rows).toBeLessThanOrEqual(4 + 3 * 11 + 3);
  });

  it('the same for invitations (a filtered list), a group’s members (a join table) and a member’s page after a cursor', async () => {
    const org = gid('Organization', big);
    const invitations = await rowsOf(`query($id: ID!) { organization(id: $id) { invitations(first: 5, status: [PENDING]) { edges { node { email } } } } }`, {
      id: org,
    });
    expect(invitations.data.organization.invitations.edges).toHaveLength(5);
    expect(invitations.rows).toBeLessThanOrEqual(1 + 1 + 6);

    const group = await rowsOf(
      `query($id: ID!) { organization(id: $id) { groups(first: 1) { edges { node { members(first: 5) { totalCount edges { node { user { email } } } } } } } } }`,
      { id: org },
    );
    expect(group.data.organization.groups.edges[0].node.members.totalCount).toBe(MEMBERS);
    expect(group.rows).toBeLessThanOrEqual(1 + 1 + 2 + 6 + 1);

    const first = await rowsOf(`query($id: ID!) { organization(id: $id) { members(first: 5) { pageInfo { endCursor } } } }`, { id: org });
    const after = await rowsOf(`query($id: ID!, $after: String) { organization(id: $id) { members(first: 5, after: $after) { edges { node { id } } } } }`, {
      id: org,
      after: first.data.organization.members.pageInfo.endCursor,
    });
    expect(after.data.organization.members.edges).toHaveLength(5);
    expect(after.rows).toBeLessThanOrEqual(1 + 1 + 6);
  });

  it('a user’s memberships, through the members of the big organization: pages of pages', async () => {
    const { data, rows, statements } = await rowsOf(
      `query($id: ID!) { organization(id: $id) { members(first: 20) { edges { node { user { memberships(first: 2) { edges { node { role } } } } } } } } }`,
      {
        id: gid('Organization', big),
      },
    );
    expect(data.organization.members.edges).toHaveLength(20);
    expect(rows).toBeLessThanOrEqual(1 + 1 + 21 + 20 * 3);
    // One more than the pages: the caller's standing in the other organizations, for the Member
    // type's rule (member.read), in one batch for all of them.
    expect(statements).toBeLessThanOrEqual(5);
  });
});
