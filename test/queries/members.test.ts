import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';
import { connectionOf, walk, type Page } from './paging.js';

const MEMBERS = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $search: String, $roles: [Role!], $status: MemberStatus, $joinedOrder: OrderDirection) {
  organization(id: $id) {
    members(first: $first, after: $after, last: $last, before: $before, search: $search, roles: $roles, status: $status, joinedOrder: $joinedOrder) {
      ${connectionOf('id role status user { email name }')}
    }
  }
}`;

type MemberNode = { id: string; role: string; status: string; user: { email: string; name: string } };

// Joined one day apart, in this order.
const PEOPLE = [
  { email: 'olive@paging.test', name: 'Olive Owner', role: 'OWNER', status: 'ACTIVE' },
  { email: 'adam@paging.test', name: 'Adam Admin', role: 'ADMIN', status: 'ACTIVE' },
  { email: 'mia@paging.test', name: 'Mia Maier', role: 'MEMBER', status: 'ACTIVE' },
  { email: 'max@members.example', name: 'Max Mustermann', role: 'MEMBER', status: 'ACTIVE' },
  { email: 'gus@paging.test', name: 'Gus Guest', role: 'GUEST', status: 'ACTIVE' },
  { email: 'sue@paging.test', name: 'Sue Suspended', role: 'MEMBER', status: 'SUSPENDED' },
  { email: 'zed@elsewhere.example', name: 'Zed Quartz', role: 'GUEST', status: 'ACTIVE' },
] as const;
const EMAILS = PEOPLE.map((p) => p.email);
const OLIVE = { as: 'olive@paging.test' };

let t: TestApp;
let org: string;
let bigOrg: string;

beforeAll(async () => {
  t = await createTestApp();
  const start = Date.now() - 30 * 86_400_000;
  const organization = await t.prisma.organization.create({ data: { name: 'Paging Co' } });
  for (const [i, person] of PEOPLE.entries()) {
    const user = await t.prisma.user.create({ data: { email: person.email, name: person.name } });
    await t.prisma.member.create({
      data: { organizationId: organization.id, userId: user.id, role: person.role, status: person.status, createdAt: new Date(start + i * 86_400_000) },
    });
  }
  // Someone in another organization whose name matches searches: never listed here.
  const other = await t.prisma.organization.create({ data: { name: 'Other' } });
  const stranger = await t.prisma.user.create({ data: { email: 'quartz@paging.test', name: 'Mustermann Quartz' } });
  await t.prisma.member.create({ data: { organizationId: other.id, userId: stranger.id, role: 'OWNER' } });
  org = gid('Organization', organization.id);

  // An organization with 120 members for the default and maximum page sizes.
  const big = await t.prisma.organization.create({ data: { name: 'Big' } });
  const users = Array.from({ length: 119 }, (_, i) => ({ id: randomUUID(), email: `big${i}@big.test`, name: `Big ${i}` }));
  await t.prisma.user.createMany({ data: users });
  const olive = await t.prisma.user.findUniqueOrThrow({ where: { email: 'olive@paging.test' } });
  await t.prisma.member.createMany({
    data: [
      { organizationId: big.id, userId: olive.id, role: 'OWNER' as const },
      ...users.map((u) => ({ organizationId: big.id, userId: u.id, role: 'MEMBER' as const })),
    ],
  });
  bigOrg = gid('Organization', big.id);
});
afterAll(() => t.close());

async function members(variables: Record<string, unknown>, id = org): Promise<Page<MemberNode>> {
  return expectData(await t.gql(MEMBERS, { id, ...variables }, OLIVE)).organization.members;
}
const emailsOf = (page: Page<MemberNode>) => page.edges.map((e) => e.node.user.email);

describe('Organization.members paging', () => {
  it('lists everyone in join order with totalCount by default', async () => {
    const page = await members({});
    expect(emailsOf(page)).toEqual(EMAILS);
    expect(page.totalCount).toBe(7);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('gives every member exactly once, in order, with first/after', async () => {
    for (const size of [1, 3, 7]) {
      const { nodes, pages, totalCount } = await walk((args) => members(args), size, 'forward');
      expect(nodes.map((n) => n.user.email)).toEqual(EMAILS);
      expect(pages).toBe(Math.ceil(7 / size));
      expect(totalCount).toBe(7);
    }
  });

  it('gives every member exactly once, in order, with last/before', async () => {
    for (const size of [2, 3]) {
      const { nodes, pages } = await walk((args) => members(args), size, 'backward');
      expect(nodes.map((n) => n.user.email)).toEqual(EMAILS);
      expect(pages).toBe(Math.ceil(7 / size));
    }
  });

  it('pages newest first with joinedOrder DESC, both ways', async () => {
    expect(emailsOf(await members({ joinedOrder: 'DESC' }))).toEqual([...EMAILS].reverse());
    const forward = await walk((args) => members({ ...args, joinedOrder: 'DESC' }), 3, 'forward');
    expect(forward.nodes.map((n) => n.user.email)).toEqual([...EMAILS].reverse());
    const backward = await walk((args) => members({ ...args, joinedOrder: 'DESC' }), 4, 'backward');
    expect(backward.nodes.map((n) => n.user.email)).toEqual([...EMAILS].reverse());
  });

  it('serves 20 by default and at most 100 a page', async () => {
    const byDefault = await members({}, bigOrg);
    expect(byDefault.edges).toHaveLength(20);
    expect(byDefault.totalCount).toBe(120);
    expect(byDefault.pageInfo.hasNextPage).toBe(true);
    const capped = await members({ first: 500 }, bigOrg);
    expect(capped.edges).toHaveLength(100);
    expect(capped.pageInfo.hasNextPage).toBe(true);
    const { nodes } = await walk((args) => members(args, bigOrg), 50, 'forward');
    expect(new Set(nodes.map((n) => n.id)).size).toBe(120);
  });

  it('rejects a negative page size as BAD_USER_INPUT', async () => {
    const result = await t.gql(MEMBERS, { id: org, first: -1 }, OLIVE);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('Organization.members filters', () => {
  it('searches part of the name or email, case-insensitively, within the organization', async () => {
    expect(emailsOf(await members({ search: 'MUSTER' }))).toEqual(['max@members.example']);
    expect(emailsOf(await members({ search: 'ElseWhere.EX' }))).toEqual(['zed@elsewhere.example']);
    expect(emailsOf(await members({ search: 'quartz' }))).toEqual(['zed@elsewhere.example']);
    const paging = await members({ search: '@PAGING.test' });
    expect(emailsOf(paging)).toEqual(['olive@paging.test', 'adam@paging.test', 'mia@paging.test', 'gus@paging.test', 'sue@paging.test']);
    expect(paging.totalCount).toBe(5);
    expect(await members({ search: 'nobody-by-this-name' })).toMatchObject({ totalCount: 0, edges: [] });
  });

  // Prisma's `contains` passes `%` and `_` to LIKE as wildcards unless they are escaped.
  it('treats LIKE wildcards in the search as plain characters', async () => {
    expect(await members({ search: '_' })).toMatchObject({ totalCount: 0, edges: [] });
    expect(await members({ search: '%' })).toMatchObject({ totalCount: 0, edges: [] });
    expect(await members({ search: '_' })).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('pages through search results with a matching totalCount', async () => {
    const { nodes, totalCount } = await walk((args) => members({ ...args, search: 'paging' }), 2, 'forward');
    expect(totalCount).toBe(5);
    expect(nodes.map((n) => n.user.email)).toEqual(['olive@paging.test', 'adam@paging.test', 'mia@paging.test', 'gus@paging.test', 'sue@paging.test']);
  });

  it('filters by roles', async () => {
    expect(emailsOf(await members({ roles: ['OWNER', 'ADMIN'] }))).toEqual(['olive@paging.test', 'adam@paging.test']);
    const guests = await members({ roles: ['GUEST'], joinedOrder: 'DESC' });
    expect(emailsOf(guests)).toEqual(['zed@elsewhere.example', 'gus@paging.test']);
    expect(guests.totalCount).toBe(2);
  });

  it('filters by status', async () => {
    const suspended = await members({ status: 'SUSPENDED' });
    expect(emailsOf(suspended)).toEqual(['sue@paging.test']);
    expect(suspended.totalCount).toBe(1);
    const active = await members({ status: 'ACTIVE' });
    expect(active.totalCount).toBe(6);
    expect(active.edges.every((e) => e.node.status === 'ACTIVE')).toBe(true);
  });

  it('combines filters', async () => {
    const page = await members({ roles: ['MEMBER'], status: 'ACTIVE', search: 'M' });
    expect(emailsOf(page)).toEqual(['mia@paging.test', 'max@members.example']);
    expect(page.totalCount).toBe(2);
  });
});
