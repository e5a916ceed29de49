import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { listing, measure } from '../helpers/statement-counts.js';
import { signIn } from '../helpers/users.js';

// Authorization from policies and groups costs a fixed number of statements per request, however
// many organizations the caller belongs to: the standings of all of them load in one batch.

const VIEWER_QUERY = `{ organizations(first: 50) { edges { node { viewerScopes viewerCan { update } groups { totalCount } } } } }`;
const MEMBERS_QUERY = `{ organizations(first: 50) { edges { node {
  members(first: 20) { edges { node { role effectiveScopes policies { totalCount edges { node { name } } } groups { totalCount } } } }
  groups(first: 5) { edges { node { name viewerCan { manageMembers } members { totalCount } policies { edges { node { scopes } } } } } }
} } } }`;

let t: TestApp;
let small: string;
let large: string;
beforeAll(async () => {
  // Lists of 50 organizations with nested pages cost more than MAX_QUERY_COST allows by default.
  t = await createTestApp({ MAX_QUERY_COST: '1000000' });
  small = await buildTenants('small', 5);
  large = await buildTenants('large', 50);
  for (const viewer of [small, large]) await signIn(t, viewer); // first sight, outside the counts
});
afterAll(() => t.close());

/**
 * `count` organizations where the viewer is a MEMBER with a policy attached directly
 * (audit_log:read) and a place in a group whose policy grants organization:write; one other
 * member each. Returns the viewer's email.
 */
async function buildTenants(prefix: string, count: number): Promise<string> {
  const viewer = await t.prisma.user.create({ data: { email: `${prefix}-viewer@policies.test`, name: `${prefix} viewer` } });
  const other = await t.prisma.user.create({ data: { email: `${prefix}-other@policies.test`, name: `${prefix} other` } });
  const orgs = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), name: `${prefix} org ${i}` }));
  await t.prisma.organization.createMany({ data: orgs });
  const members = orgs.map((org) => ({ id: randomUUID(), organizationId: org.id, userId: viewer.id, role: 'MEMBER' as const }));
  await t.prisma.member.createMany({ data: [...members, ...orgs.map((org) => ({ organizationId: org.id, userId: other.id, role: 'OWNER' as const }))] });
  const direct = orgs.map((org) => ({ id: randomUUID(), organizationId: org.id, name: 'Auditors', scopes: ['audit_log:read'] }));
  const viaGroup = orgs.map((org) => ({ id: randomUUID(), organizationId: org.id, name: 'Editors', scopes: ['organization:write'] }));
  await t.prisma.policy.createMany({ data: [...direct, ...viaGroup] });
  await t.prisma.memberPolicy.createMany({ data: members.map((member, i) => ({ memberId: member.id, policyId: direct[i]!.id })) });
  const groups = orgs.map((org) => ({ id: randomUUID(), organizationId: org.id, name: 'Editors' }));
  await t.prisma.group.createMany({ data: groups });
  await t.prisma.groupMember.createMany({ data: members.map((member, i) => ({ groupId: groups[i]!.id, memberId: member.id })) });
  await t.prisma.groupPolicy.createMany({ data: groups.map((group, i) => ({ groupId: group.id, policyId: viaGroup[i]!.id })) });
  return viewer.email;
}

async function expectFixedCount(query: string) {
  const runs = { small: await measure(t, query, small), large: await measure(t, query, large) };
  expect(runs.large.count, `5: ${listing(runs.small)}\n50: ${listing(runs.large)}`).toBe(runs.small.count);
  return runs;
}

describe('policies and groups in a list of 50 organizations', () => {
  it('viewerScopes, viewerCan and groups cost the same statements for 5 and for 50 organizations', async () => {
    const runs = await expectFixedCount(VIEWER_QUERY);
    for (const [run, size] of [
      [runs.small, 5],
      [runs.large, 50],
    ] as const) {
      const nodes = run.data.organizations.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(size);
      for (const node of nodes) {
        expect(node.viewerScopes).toEqual(expect.arrayContaining(['audit_log:read', 'organization:write', 'group:read']));
        expect(node.viewerScopes).not.toContain('member:write');
        // organization:write comes from the group's policy.
        expect(node.viewerCan.update).toBe(true);
        expect(node.groups.totalCount).toBe(1);
      }
    }
    // The organizations with the caller's standings, the groups, their count.
    expect(runs.large.count, listing(runs.large)).toBe(3);
  });

  it('members’ effective scopes and groups’ members and policies also cost a fixed number of statements', async () => {
    const runs = await expectFixedCount(MEMBERS_QUERY);
    const node = runs.large.data.organizations.edges[0].node;
    const viewer = node.members.edges.find((e: any) => e.node.role === 'MEMBER').node;
    expect(viewer.effectiveScopes).toEqual(expect.arrayContaining(['audit_log:read', 'organization:write']));
    expect(viewer.policies).toEqual({ totalCount: 1, edges: [{ node: { name: 'Auditors' } }] });
    expect(viewer.groups.totalCount).toBe(1);
    // One statement per list and level, one per count: none per organization or member.
    expect(runs.large.count, listing(runs.large)).toBe(13);
    expect(node.groups.edges[0].node).toEqual({
      name: 'Editors',
      viewerCan: { manageMembers: false },
      members: { totalCount: 1 },
      policies: { edges: [{ node: { scopes: ['organization:write'] } }] },
    });
  });
});
