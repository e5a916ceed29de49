import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';

// The "my memberships" API as me.memberships: status filter, page size 1 to 100 (default 10),
// reverse order; one membership by organization through organization(id).viewerMember.

const ME = 'many@orgs.test';
const MEMBERSHIPS = `query($first: Int, $last: Int, $after: String, $status: MemberStatus, $reverse: Boolean) { me { memberships(first: $first, last: $last, after: $after, status: $status, reverse: $reverse) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { status role organization { name } } } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const user = await t.prisma.user.create({ data: { email: ME, name: 'Many' } });
  // 25 active memberships and 3 suspended ones, one a day apart.
  for (let i = 0; i < 28; i++) {
    const organization = await t.prisma.organization.create({ data: { name: `Org ${String(i).padStart(2, '0')}` } });
    await t.prisma.member.create({
      data: {
        organizationId: organization.id,
        userId: user.id,
        role: 'MEMBER',
        status: i % 10 === 0 ? 'SUSPENDED' : 'ACTIVE',
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      },
    });
  }
});
afterAll(() => t.close());

const names = (data: any) => data.me.memberships.edges.map((e: any) => e.node.organization?.name ?? null);
const query = async (variables: Record<string, unknown>) => t.gql(MEMBERSHIPS, variables, { as: ME });

describe('me.memberships', () => {
  it('returns 10 memberships per page by default, oldest first, with the total and a cursor to the next page', async () => {
    const data = expectData(await query({}));
    expect(data.me.memberships.totalCount).toBe(25);
    expect(data.me.memberships.edges).toHaveLength(10);
    expect(data.me.memberships.pageInfo.hasNextPage).toBe(true);
    expect(data.me.memberships.edges[0].node).toMatchObject({ status: 'ACTIVE', role: 'MEMBER', organization: { name: 'Org 01' } });
    const next = expectData(await query({ after: data.me.memberships.pageInfo.endCursor }));
    expect(next.me.memberships.edges).toHaveLength(10);
  });

  it('pages 1 to 100 memberships and refuses sizes outside that range', async () => {
    expect(expectData(await query({ first: 1 })).me.memberships.edges).toHaveLength(1);
    expect(expectData(await query({ first: 100 })).me.memberships.edges).toHaveLength(25);
    for (const variables of [{ first: 0 }, { first: 101 }, { last: 0 }, { last: 500 }]) {
      const response = await query(variables);
      expect(errorCodes(response), JSON.stringify(variables)).toContain('BAD_USER_INPUT');
    }
  });

  it('filters by status and reverses the order; suspended memberships grant nothing, not even their own listing', async () => {
    const suspended = expectData(await query({ status: 'SUSPENDED', first: 100 }));
    expect(suspended.me.memberships.totalCount).toBe(0);
    const active = expectData(await query({ status: 'ACTIVE', first: 100 }));
    expect(active.me.memberships.totalCount).toBe(25);
    expect(active.me.memberships.edges.every((e: any) => e.node.status === 'ACTIVE')).toBe(true);
    const reversed = expectData(await query({ reverse: true, first: 3 }));
    const forward = expectData(await query({ first: 100 }));
    expect(names(reversed)).toEqual(names(forward).slice(-3).reverse());
  });

  it('reads one membership of the caller through organization(id).viewerMember', async () => {
    const organization = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Org 01' } });
    const data = expectData(
      await t.gql(
        `query($id: ID!) { organization(id: $id) { viewerMember { status role requiredSsoAuth requiredMfaAuth createdAt updatedAt } } }`,
        { id: gid('Organization', organization.id) },
        { as: ME },
      ),
    );
    expect(data.organization.viewerMember).toMatchObject({ status: 'ACTIVE', role: 'MEMBER', requiredSsoAuth: false, requiredMfaAuth: false });
  });
});
