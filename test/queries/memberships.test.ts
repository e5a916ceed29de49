import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';
import { connectionOf, walk, type Page } from './paging.js';

const ARGS = `$status: MemberStatus, $reverse: Boolean, $first: Int, $after: String, $last: Int, $before: String`;
const PASS = `status: $status, reverse: $reverse, first: $first, after: $after, last: $last, before: $before`;
const MY_MEMBERSHIPS = `query(${ARGS}) { me { memberships(${PASS}) { ${connectionOf('status organization { name }')} } } }`;
const USER_MEMBERSHIPS = `query($id: ID!, ${ARGS}) { node(id: $id) { ... on User { memberships(${PASS}) { ${connectionOf('status organization { name }')} } } } }`;

type MembershipNode = { status: string; organization: { name: string } };

const DAY = 86_400_000;
const MO = { as: 'mo@ms.test' };
// mo joined these one day apart, in this order, all ACTIVE.
const MO_ORGS = ['North', 'East', 'South', 'West'];
// pat's memberships: two shared with mo (one of them suspended), one mo is not in.
const PAT = [
  { org: 'North', status: 'ACTIVE' },
  { org: 'East', status: 'SUSPENDED' },
  { org: 'South', status: 'ACTIVE' },
  { org: 'Hidden', status: 'ACTIVE' },
] as const;

let t: TestApp;
let pat: string;

beforeAll(async () => {
  t = await createTestApp();
  const start = Date.now() - 60 * DAY;
  const mo = await t.prisma.user.create({ data: { email: 'mo@ms.test', name: 'Mo' } });
  const patUser = await t.prisma.user.create({ data: { email: 'pat@ms.test', name: 'Pat' } });
  const orgs: Record<string, string> = {};
  for (const [i, name] of [...MO_ORGS, 'Hidden'].entries()) {
    orgs[name] = (await t.prisma.organization.create({ data: { name, createdAt: new Date(start + i * DAY) } })).id;
  }
  for (const [i, name] of MO_ORGS.entries()) {
    await t.prisma.member.create({ data: { organizationId: orgs[name]!, userId: mo.id, role: 'OWNER', createdAt: new Date(start + i * DAY) } });
  }
  for (const [i, membership] of PAT.entries()) {
    await t.prisma.member.create({
      data: {
        organizationId: orgs[membership.org]!,
        userId: patUser.id,
        role: 'MEMBER',
        status: membership.status,
        createdAt: new Date(start + 10 * DAY + i * DAY),
      },
    });
  }
  pat = gid('User', patUser.id);
});
afterAll(() => t.close());

async function mine(variables: Record<string, unknown>, who = MO): Promise<Page<MembershipNode>> {
  return expectData(await t.gql(MY_MEMBERSHIPS, variables, who)).me.memberships;
}
async function patsSeenByMo(variables: Record<string, unknown>): Promise<Page<MembershipNode>> {
  return expectData(await t.gql(USER_MEMBERSHIPS, { id: pat, ...variables }, MO)).node.memberships;
}
const namesOf = (page: Page<MembershipNode>) => page.edges.map((e) => e.node.organization.name);

describe('me.memberships', () => {
  it('lists memberships oldest first, or newest first with reverse', async () => {
    const page = await mine({});
    expect(namesOf(page)).toEqual(MO_ORGS);
    expect(page.totalCount).toBe(4);
    expect(namesOf(await mine({ reverse: true }))).toEqual([...MO_ORGS].reverse());
    expect(namesOf(await mine({ reverse: false }))).toEqual(MO_ORGS);
  });

  it('pages both ways, in either order', async () => {
    for (const reverse of [false, true]) {
      const expected = reverse ? [...MO_ORGS].reverse() : MO_ORGS;
      for (const direction of ['forward', 'backward'] as const) {
        const { nodes, totalCount } = await walk((args) => mine({ ...args, reverse }), 3, direction);
        expect(nodes.map((n) => n.organization.name)).toEqual(expected);
        expect(totalCount).toBe(4);
      }
    }
  });

  it('filters by status', async () => {
    expect(await mine({ status: 'ACTIVE' })).toMatchObject({ totalCount: 4 });
    expect(await mine({ status: 'SUSPENDED' })).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('leaves out the caller’s own suspended memberships (suspended members see nothing of the organization)', async () => {
    const patsOwn = await mine({}, { as: 'pat@ms.test' });
    expect(namesOf(patsOwn)).toEqual(['North', 'South', 'Hidden']);
    expect(patsOwn.totalCount).toBe(3);
    expect(namesOf(await mine({ reverse: true, status: 'ACTIVE' }, { as: 'pat@ms.test' }))).toEqual(['Hidden', 'South', 'North']);
  });
});

describe('another user’s memberships', () => {
  it('show only organizations the caller is in, with the status filter and reverse', async () => {
    const all = await patsSeenByMo({});
    expect(namesOf(all)).toEqual(['North', 'East', 'South']);
    expect(all.totalCount).toBe(3);
    const suspended = await patsSeenByMo({ status: 'SUSPENDED' });
    expect(namesOf(suspended)).toEqual(['East']);
    expect(suspended.totalCount).toBe(1);
    const active = await patsSeenByMo({ status: 'ACTIVE', reverse: true });
    expect(namesOf(active)).toEqual(['South', 'North']);
    expect(active.totalCount).toBe(2);
  });
});
