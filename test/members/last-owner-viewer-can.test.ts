import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { addUserTo, gid } from '../helpers/fixtures.js';

// Member.viewerCan.remove is false for the organization's last active owner, as removeMember
// refuses it (invariant 1); counting the owners costs one statement, and only for active owners.

const MEMBERS = `query($id: ID!) { organization(id: $id) { members(first: 20) { edges { node { id role status viewerCan { remove } } } } } }`;
const REMOVE = `mutation($input: MemberIdInput!) { removeMember(input: $input) { __typename ... on Error { code } } }`;

type Role = 'OWNER' | 'ADMIN' | 'MEMBER' | 'GUEST';
interface Org {
  org: string;
  email: Record<string, string>;
  member: Record<string, string>;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let orgs = 0;
/** A fresh organization with one member per label; `suspended` labels are SUSPENDED (test setup, not under test). */
async function organization(roles: Record<string, Role>, suspended: string[] = []): Promise<Org> {
  const n = ++orgs;
  const row = await t.prisma.organization.create({ data: { name: `Last owner ${n}` } });
  const org: Org = { org: gid('Organization', row.id), email: {}, member: {} };
  for (const [label, role] of Object.entries(roles)) {
    org.email[label] = `${label}.${n}@last-owner.test`;
    org.member[label] = await addUserTo(t, org.org, org.email[label]!, role);
  }
  await t.prisma.member.updateMany({
    where: { organizationId: row.id, user: { email: { in: suspended.map((label) => org.email[label]!) } } },
    data: { status: 'SUSPENDED' },
  });
  return org;
}

/** viewerCan.remove of every member, by label, as `viewer` sees it, with the statements the query cost. */
async function removable(o: Org, viewer: string) {
  const { result, count } = await t.counter.during(() => t.gql(MEMBERS, { id: o.org }, { as: o.email[viewer]! }));
  const byId = new Map<string, boolean>(expectData(result).organization.members.edges.map((e: any) => [e.node.id, e.node.viewerCan.remove]));
  return { remove: Object.fromEntries(Object.entries(o.member).map(([label, id]) => [label, byId.get(id)])), count };
}

describe('Member.viewerCan.remove and the last active owner', () => {
  it('is false for the only active owner, whom removeMember refuses, and true for the others', async () => {
    const o = await organization({ owner: 'OWNER', admin: 'ADMIN', m: 'MEMBER' });
    expect((await removable(o, 'owner')).remove).toEqual({ owner: false, admin: true, m: true });
    const refused = expectData(await t.gql(REMOVE, { input: { memberId: o.member.owner } }, { as: o.email.owner! }));
    expect(refused.removeMember).toEqual({ __typename: 'InvariantViolationError', code: 'INVARIANT_VIOLATED' });
  });

  it('offers the only active owner no role but OWNER (updateMember refuses a demotion), and two owners every role', async () => {
    const roles = async (o: Org, viewer: string, label: string) => {
      const query = `query($id: ID!) { node(id: $id) { ... on Member { viewerCan { assignableRoles } } } }`;
      return expectData(await t.gql(query, { id: o.member[label] }, { as: o.email[viewer]! })).node.viewerCan.assignableRoles;
    };
    const alone = await organization({ owner: 'OWNER' });
    expect(await roles(alone, 'owner', 'owner')).toEqual(['OWNER']);
    const demote = `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { __typename ... on Error { code } } }`;
    const refused = expectData(await t.gql(demote, { input: { memberId: alone.member.owner, role: 'ADMIN' } }, { as: alone.email.owner! }));
    expect(refused.updateMember).toEqual({ __typename: 'InvariantViolationError', code: 'INVARIANT_VIOLATED' });
    const pair = await organization({ a: 'OWNER', b: 'OWNER' });
    expect(await roles(pair, 'a', 'b')).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'GUEST']);
  });

  it('is true for each of two active owners', async () => {
    const o = await organization({ a: 'OWNER', b: 'OWNER' });
    expect((await removable(o, 'a')).remove).toEqual({ a: true, b: true });
  });

  it('is false for the one active owner beside a suspended owner, who may be removed', async () => {
    const o = await organization({ owner: 'OWNER', sleeper: 'OWNER' }, ['sleeper']);
    expect((await removable(o, 'owner')).remove).toEqual({ owner: false, sleeper: true });
    const removed = expectData(await t.gql(REMOVE, { input: { memberId: o.member.sleeper } }, { as: o.email.owner! }));
    expect(removed.removeMember.__typename).toBe('MembershipEndedPayload');
  });

  it('turns false once the other owner has left, in the next request', async () => {
    const o = await organization({ a: 'OWNER', b: 'OWNER' });
    await t.gql(
      `mutation($input: OrganizationIdInput!) { leaveOrganization(input: $input) { __typename } }`,
      { input: { organizationId: o.org } },
      { as: o.email.b! },
    );
    expect((await removable(o, 'a')).remove).toEqual({ a: false });
  });

  it('counts the owners in one statement, and not at all when no member is an active owner', async () => {
    const withOwners = await organization({ a: 'OWNER', b: 'OWNER', c: 'OWNER', m: 'MEMBER', g: 'GUEST' });
    const withoutOwners = await organization({ admin: 'ADMIN', m: 'MEMBER', g: 'GUEST' });
    await removable(withOwners, 'a'); // first sight of the callers, outside the counts
    await removable(withoutOwners, 'admin');
    const counted = (await removable(withOwners, 'a')).count;
    const uncounted = (await removable(withoutOwners, 'admin')).count;
    expect(counted).toBe(uncounted + 1);
  });
});
