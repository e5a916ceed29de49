import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegions } from '../../src/db/demo/regions.js';
import { seedStacks } from '../../src/db/demo/stacks.js';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { gid, rawId } from '../helpers/ids.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { newRegion, newStack } from '../helpers/regions-and-stacks.js';
import { measure } from '../helpers/statement-counts.js';
import { signIn } from '../helpers/users.js';
import { STACK_BY_ID, daysAgo } from './support.js';

let t: TestApp;
let publicRegion: string;
beforeAll(async () => {
  t = await createTestApp({ MAX_QUERY_COST: '1000000' });
  publicRegion = await newRegion(t, null);
});
afterAll(() => t.close());

const STACKS = `query($id: ID!, $status: StackStatus, $regionId: ID, $includeDeleted: Boolean, $search: String) {
  organization(id: $id) { stacks(first: 50, status: $status, regionId: $regionId, includeDeleted: $includeDeleted, search: $search) {
    totalCount edges { node { name status deletedAt } }
  } }
}`;

async function stackNames(org: TestOrg, as: string, filters: Record<string, unknown> = {}) {
  const stacks = expectData(await t.gql(STACKS, { id: org.org, ...filters }, { as })).organization.stacks;
  expect(stacks.totalCount).toBe(stacks.edges.length);
  return stacks.edges.map((e: { node: { name: string } }) => e.node.name);
}

describe('Organization.stacks', () => {
  it('lists live stacks oldest first, with status, region, search and includeDeleted filters; gone-for-good ones never', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const privateRegion = await newRegion(t, o.orgId);
    await newStack(t, o.orgId, publicRegion, { name: 'alpha' });
    await newStack(t, o.orgId, privateRegion, { name: 'beta', status: 'DISABLED' });
    await newStack(t, o.orgId, publicRegion, { name: 'gamma', deletedAt: daysAgo(2) });
    await newStack(t, o.orgId, publicRegion, { name: 'purged', deletedAt: daysAgo(31) });
    const other = await newOrg(t, { owner: 'OWNER' });
    await newStack(t, other.orgId, publicRegion, { name: 'foreign' });

    const member = o.email.member!;
    expect(await stackNames(o, member)).toEqual(['alpha', 'beta']);
    expect(await stackNames(o, member, { status: 'DISABLED' })).toEqual(['beta']);
    expect(await stackNames(o, member, { regionId: privateRegion })).toEqual(['beta']);
    expect(await stackNames(o, member, { search: 'ALP' })).toEqual(['alpha']);
    expect(await stackNames(o, member, { includeDeleted: true })).toEqual(['alpha', 'beta', 'gamma']);
    expect(await stackNames(o, member, { includeDeleted: true, status: 'ACTIVE', regionId: publicRegion })).toEqual(['alpha', 'gamma']);
  });

  it('is null with FORBIDDEN for a guest (no stack:read), and visible to a client holding stack:read', async () => {
    const o = await newOrg(t, { owner: 'OWNER', guest: 'GUEST' });
    await newStack(t, o.orgId, publicRegion, { name: 'seen' });
    const response = await t.gql(STACKS, { id: o.org }, { as: o.email.guest! });
    expect(response.data?.organization).toEqual({ stacks: null });
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    const token = await clientToken(t, o.orgId, ['organization:read', 'stack:read']);
    expect(expectData(await t.gql(STACKS, { id: o.org }, { token })).organization.stacks.edges).toEqual([
      { node: { name: 'seen', status: 'ACTIVE', deletedAt: null } },
    ]);
  });
});

describe('stack(id) and node(id)', () => {
  it('shows the stack to a client with stack:read but not region:read; only its private region is withheld', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const privateRegion = await newRegion(t, o.orgId);
    const inPrivate = await newStack(t, o.orgId, privateRegion, { name: 'private' });
    const inPublic = await newStack(t, o.orgId, publicRegion, { name: 'public' });
    const token = await clientToken(t, o.orgId, ['organization:read', 'stack:read']);
    const read = (id: string) => t.gql(`query($id: ID!) { stack(id: $id) { name region { id } } }`, { id }, { token });
    const hidden = await read(inPrivate);
    expect(hidden.data?.stack).toEqual({ name: 'private', region: null });
    expect(errorCodes(hidden)).toEqual(['FORBIDDEN']);
    expect(expectData(await read(inPublic)).stack).toEqual({ name: 'public', region: { id: publicRegion } });
  });

  it('reads a live stack and a deleted one within the retention period; a stack past it is NOT_FOUND (node: null)', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const live = await newStack(t, o.orgId, publicRegion, { name: 'live', version: 'v2.0.0' });
    const deletedAt = daysAgo(10);
    const deleted = await newStack(t, o.orgId, publicRegion, { name: 'deleted', deletedAt });
    const purged = await newStack(t, o.orgId, publicRegion, { name: 'purged', deletedAt: daysAgo(30.01) });
    const member = o.email.member!;

    expect(expectData(await t.gql(STACK_BY_ID, { id: live }, { as: member })).stack).toMatchObject({
      id: live,
      name: 'live',
      status: 'ACTIVE',
      version: 'v2.0.0',
      upgradableVersions: ['v2.1.0', 'v2.2.0'],
      region: { id: publicRegion },
      organization: { id: o.org },
      modules: [{ name: 'ledger', enabled: true, version: 'v2.0.0' }],
      restorableUntil: null,
    });
    const read = expectData(await t.gql(STACK_BY_ID, { id: deleted }, { as: member })).stack;
    expect(new Date(read.deletedAt).getTime()).toBe(deletedAt.getTime());
    expect(new Date(read.restorableUntil).getTime()).toBe(deletedAt.getTime() + 30 * 86_400_000);

    const gone = await t.gql(STACK_BY_ID, { id: purged }, { as: member });
    expect(errorCodes(gone)).toEqual(['NOT_FOUND']);
    expect((await t.gql(`query($id: ID!) { nodes(ids: [$id]) { id } }`, { id: purged }, { as: member })).data).toEqual({ nodes: [null] });
    expect(errorCodes(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: purged }, { as: member }))).toEqual(['NOT_FOUND']);
    expect(expectData(await t.gql(`query($id: ID!) { node(id: $id) { ... on Stack { name } } }`, { id: deleted }, { as: member })).node).toEqual({
      name: 'deleted',
    });
  });

  it('is NOT_FOUND for another organization’s user and client, FORBIDDEN for a guest; unknown ids are NOT_FOUND', async () => {
    const o = await newOrg(t, { owner: 'OWNER', guest: 'GUEST' });
    const outsider = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion);
    expect(errorCodes(await t.gql(STACK_BY_ID, { id: stack }, { as: outsider.email.owner! }))).toEqual(['NOT_FOUND']);
    const foreignClient = await clientToken(t, outsider.orgId, ['organization:read', 'stack:read']);
    expect(errorCodes(await t.gql(STACK_BY_ID, { id: stack }, { token: foreignClient }))).toEqual(['NOT_FOUND']);
    const guest = await t.gql(`query($id: ID!) { stack(id: $id) { id } }`, { id: stack }, { as: o.email.guest! });
    expect(errorCodes(guest)).toContain('FORBIDDEN');
    expect(errorCodes(await t.gql(STACK_BY_ID, { id: gid('Stack', '00000000-0000-0000-0000-000000000001') }, { as: o.email.owner! }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(STACK_BY_ID, { id: stack }))).toEqual(['UNAUTHENTICATED']);
  });
});

const VIEWER = `query($id: ID!) { stack(id: $id) { viewerRole viewerCan { update delete restore enable disable upgrade manageModules manageStargate manageAccess grantableRoles } } }`;

describe('Stack.viewerCan and viewerRole', () => {
  it('follows the rules of the mutations for owners, members, deleted and up-to-date stacks', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const stack = await newStack(t, o.orgId, publicRegion, { version: 'v2.0.0' });
    const latest = await newStack(t, o.orgId, publicRegion, { version: 'v2.2.0', status: 'DISABLED', stargateEnabled: true });
    const deleted = await newStack(t, o.orgId, publicRegion, { deletedAt: daysAgo(1) });
    const expired = await newStack(t, o.orgId, publicRegion, { deletedAt: daysAgo(31) });
    const read = async (id: string, as: string) => expectData(await t.gql(VIEWER, { id }, { as })).stack;

    expect(await read(stack, o.email.owner!)).toEqual({
      viewerRole: 'ADMIN',
      viewerCan: {
        update: true,
        delete: true,
        restore: false,
        enable: false,
        disable: true,
        upgrade: true,
        manageModules: true,
        manageStargate: true,
        manageAccess: true,
        grantableRoles: ['ADMIN', 'EDITOR', 'VIEWER'],
      },
    });
    expect((await read(latest, o.email.owner!)).viewerCan).toMatchObject({ upgrade: false, enable: true, disable: false, manageStargate: true });
    expect(await read(deleted, o.email.owner!)).toMatchObject({
      viewerCan: {
        update: false,
        delete: false,
        restore: true,
        enable: false,
        disable: false,
        upgrade: false,
        manageModules: false,
        manageStargate: false,
        manageAccess: false,
        grantableRoles: [],
      },
    });
    expect(errorCodes(await t.gql(VIEWER, { id: expired }, { as: o.email.owner! }))).toEqual(['NOT_FOUND']);
    // A member reads but changes nothing; its stack role is its own access (none yet).
    expect(await read(stack, o.email.member!)).toEqual({
      viewerRole: null,
      viewerCan: {
        update: false,
        delete: false,
        restore: false,
        enable: false,
        disable: false,
        upgrade: false,
        manageModules: false,
        manageStargate: false,
        manageAccess: false,
        grantableRoles: [],
      },
    });
    await t.prisma.stackUserAccess.create({ data: { stackId: rawId(stack), memberId: rawId(o.member.member!), role: 'EDITOR' } });
    expect((await read(stack, o.email.member!)).viewerRole).toBe('EDITOR');
  });
});

describe('statement count', () => {
  const DASHBOARD = `{ organizations(first: 50) { edges { node { name stacks(first: 20) { totalCount edges { node {
    name status version upgradableVersions region { name } modules { name enabled } viewerRole viewerCan { update upgrade manageAccess }
    userAccess(first: 5) { totalCount edges { node { role member { role } } } }
  } } } } } } }`;

  async function tenants(prefix: string, organizations: number, stacks: number): Promise<string> {
    const viewer = `${prefix}-viewer@stacks.test`;
    for (let i = 0; i < organizations; i++) {
      const o = await newOrg(t, { m: 'MEMBER' });
      const user = await t.prisma.user.upsert({ where: { email: viewer }, create: { email: viewer, name: prefix }, update: {} });
      const membership = await t.prisma.member.create({ data: { organizationId: o.orgId, userId: user.id, role: 'OWNER' } });
      for (let k = 0; k < stacks; k++) {
        const stack = await t.prisma.stack.create({
          data: {
            organizationId: o.orgId,
            regionId: rawId(publicRegion),
            name: `s${k}`,
            version: 'v2.0.0',
            modules: {
              create: [
                { name: 'ledger', version: 'v2.0.0' },
                { name: 'auth', version: 'v2.0.0' },
              ],
            },
          },
        });
        await t.prisma.stackUserAccess.create({ data: { stackId: stack.id, memberId: membership.id, role: 'VIEWER' } });
      }
    }
    await signIn(t, viewer);
    return viewer;
  }

  it('does not grow with the number of organizations and stacks', async () => {
    const small = await tenants('small', 1, 1);
    const large = await tenants('large', 6, 5);
    const one = await measure(t, DASHBOARD, small);
    const many = await measure(t, DASHBOARD, large);
    expect(one.data.organizations.edges).toHaveLength(1);
    expect(many.data.organizations.edges).toHaveLength(6);
    expect(many.data.organizations.edges[5].node.stacks.totalCount).toBe(5);
    expect(many.data.organizations.edges[5].node.stacks.edges[0].node).toMatchObject({
      viewerRole: 'ADMIN',
      viewerCan: { update: true, upgrade: true },
      modules: [{ name: 'auth' }, { name: 'ledger' }],
    });
    expect(many.count, many.statements.join('\n')).toBe(one.count);
    // Authentication, one statement per relation level, the caller's standings, its stack roles.
    expect(many.count).toBe(9);
  });
});

describe('demo data', () => {
  it('seeds stacks in the demo regions that the API shows', async () => {
    const acme = await newOrg(t, { alice: 'OWNER', bob: 'MEMBER' });
    const globex = await newOrg(t, { carol: 'OWNER' });
    const member = (m: string) => t.prisma.member.findUniqueOrThrow({ where: { id: rawId(m) } });
    const [alice, bob, carol] = await Promise.all([member(acme.member.alice!), member(acme.member.bob!), member(globex.member.carol!)]);
    const demo = {
      acmeId: acme.orgId,
      globexId: globex.orgId,
      aliceId: alice.userId,
      bobId: bob.userId,
      carolId: carol.userId,
      aliceMemberId: alice.id,
      bobMemberId: bob.id,
    };
    await t.prisma.$transaction(async (tx) => {
      await seedRegions(tx, demo);
      await seedStacks(tx, demo);
    });
    expect(await stackNames(acme, acme.email.bob!, { includeDeleted: true })).toEqual(['Production', 'Staging', 'Legacy']);
    const query = `query($id: ID!) { organization(id: $id) { stacks { edges { node { name viewerRole upgradableVersions } } } } }`;
    expect(expectData(await t.gql(query, { id: acme.org }, { as: acme.email.bob! })).organization.stacks.edges.map((e: any) => e.node)).toEqual([
      { name: 'Production', viewerRole: 'VIEWER', upgradableVersions: ['v2.2.0'] },
      { name: 'Staging', viewerRole: 'EDITOR', upgradableVersions: [] },
    ]);
  });
});
