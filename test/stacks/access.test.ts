import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_SCOPES } from '../../src/auth/scopes.js';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, mutate, runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { newRegion, newStack } from '../helpers/regions-and-stacks.js';
import { REMOVE_ACCESS, SET_ACCESS, daysAgo, expectRefused } from './support.js';

let t: TestApp;
let region: string;
beforeAll(async () => {
  t = await createTestApp();
  region = await newRegion(t, null);
});
afterAll(() => t.close());

/** Gives a member a stack role directly (setup). */
const grant = (stack: string, member: string, role: 'ADMIN' | 'EDITOR' | 'VIEWER') =>
  t.prisma.stackUserAccess.create({ data: { stackId: rawId(stack), memberId: rawId(member), role } });

/** Attaches a custom policy with stack:write to a member: a MEMBER who may change stacks, not an organization admin. */
async function withStackWrite(orgId: string, member: string) {
  const policy = await t.prisma.policy.create({ data: { organizationId: orgId, name: `stack writers ${member}`, scopes: ['stack:write'] } });
  await t.prisma.memberPolicy.create({ data: { policyId: policy.id, memberId: rawId(member) } });
}

const ACCESS = `query($id: ID!, $member: ID!, $role: StackRole) { stack(id: $id) {
  userAccess(first: 10, role: $role) { totalCount edges { node { role member { id } stack { id } } } }
  userAccessOf(memberId: $member) { role member { id } }
} }`;

describe('setStackUserAccess and removeStackUserAccess', () => {
  it('gives, changes and removes a member’s stack role, one audit entry each; reads it back', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER', v: 'MEMBER' });
    const stack = await newStack(t, o.orgId, region);
    const owner = o.email.owner!;
    const expected = (action: string, payload: string) => ({ payload, action, organizationId: o.orgId, targetType: 'Stack', targetId: rawId(stack) });

    const set = await expectAuditedMutation(
      t,
      SET_ACCESS,
      { stackId: stack, memberId: o.member.m, role: 'EDITOR' },
      owner,
      expected('stack.access.set', 'SetStackUserAccessPayload'),
    );
    expect(set.result.access).toEqual({
      role: 'EDITOR',
      stack: { id: stack },
      member: { id: o.member.m },
      viewerCan: { update: true, remove: true, assignableRoles: ['ADMIN', 'EDITOR', 'VIEWER'] },
    });
    expect(set.entry.changes).toEqual({ memberId: rawId(o.member.m!), role: { from: null, to: 'EDITOR' } });
    const changed = await expectAuditedMutation(
      t,
      SET_ACCESS,
      { stackId: stack, memberId: o.member.m, role: 'ADMIN' },
      owner,
      expected('stack.access.set', 'SetStackUserAccessPayload'),
    );
    expect(changed.entry.changes).toEqual({ memberId: rawId(o.member.m!), role: { from: 'EDITOR', to: 'ADMIN' } });
    await grant(stack, o.member.v!, 'VIEWER');

    const read = async (member: string, role?: string) => expectData(await t.gql(ACCESS, { id: stack, member, role }, { as: o.email.v! })).stack;
    const all = await read(o.member.m!);
    expect(all.userAccess.totalCount).toBe(2);
    expect(all.userAccess.edges.map((e: any) => [e.node.member.id, e.node.role])).toEqual([
      [o.member.m, 'ADMIN'],
      [o.member.v, 'VIEWER'],
    ]);
    expect(all.userAccessOf).toEqual({ role: 'ADMIN', member: { id: o.member.m } });
    const viewers = await read(o.member.owner!, 'VIEWER');
    expect(viewers.userAccess.edges.map((e: any) => e.node.member.id)).toEqual([o.member.v]);
    expect(viewers.userAccessOf).toBeNull();

    const removed = await expectAuditedMutation(
      t,
      REMOVE_ACCESS,
      { stackId: stack, memberId: o.member.m },
      owner,
      expected('stack.access.remove', 'RemoveStackUserAccessPayload'),
    );
    expect(removed.result).toMatchObject({ stack: { id: stack }, member: { id: o.member.m } });
    expect(removed.entry.changes).toEqual({ memberId: rawId(o.member.m!), role: 'ADMIN' });
    await expectRefused(t, REMOVE_ACCESS, { stackId: stack, memberId: o.member.m }, owner, 'ConflictError');
  });

  it('a member with stack:write acts with its own stack role: never grants above it nor touches a higher one', async () => {
    const o = await newOrg(t, { owner: 'OWNER', editor: 'MEMBER', admin: 'MEMBER', m: 'MEMBER', none: 'MEMBER' });
    const stack = await newStack(t, o.orgId, region);
    await withStackWrite(o.orgId, o.member.editor!);
    await withStackWrite(o.orgId, o.member.none!);
    await grant(stack, o.member.editor!, 'EDITOR');
    await grant(stack, o.member.admin!, 'ADMIN');
    const editor = o.email.editor!;

    await expectRefused(t, SET_ACCESS, { stackId: stack, memberId: o.member.m, role: 'ADMIN' }, editor, 'ForbiddenError');
    await expectRefused(t, SET_ACCESS, { stackId: stack, memberId: o.member.admin, role: 'VIEWER' }, editor, 'ForbiddenError');
    await expectRefused(t, REMOVE_ACCESS, { stackId: stack, memberId: o.member.admin }, editor, 'ForbiddenError');
    await expectRefused(t, SET_ACCESS, { stackId: stack, memberId: o.member.editor, role: 'ADMIN' }, editor, 'ForbiddenError');
    // No stack role at all: grants nothing.
    await expectRefused(t, SET_ACCESS, { stackId: stack, memberId: o.member.m, role: 'VIEWER' }, o.email.none!, 'ForbiddenError');

    const { result } = await runMutation(t, SET_ACCESS, { stackId: stack, memberId: o.member.m, role: 'EDITOR' }, editor);
    expect(result.access).toMatchObject({ role: 'EDITOR', viewerCan: { update: true, remove: true, assignableRoles: ['EDITOR', 'VIEWER'] } });
    expect((await runMutation(t, SET_ACCESS, { stackId: stack, memberId: o.member.editor, role: 'VIEWER' }, editor)).result.access.role).toBe('VIEWER');
    // Now a VIEWER itself: an EDITOR is above it.
    await expectRefused(t, REMOVE_ACCESS, { stackId: stack, memberId: o.member.m }, editor, 'ForbiddenError');

    const viewerCan = `query($id: ID!) { stack(id: $id) { viewerRole viewerCan { manageAccess grantableRoles } } }`;
    expect(expectData(await t.gql(viewerCan, { id: stack }, { as: editor })).stack).toEqual({
      viewerRole: 'VIEWER',
      viewerCan: { manageAccess: true, grantableRoles: ['VIEWER'] },
    });
    expect(expectData(await t.gql(viewerCan, { id: stack }, { as: o.email.none! })).stack).toEqual({
      viewerRole: null,
      viewerCan: { manageAccess: false, grantableRoles: [] },
    });
  });

  it('an organization admin counts as stack ADMIN but does not touch an owner’s access; a client with stack:write may, up to its rank', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', m: 'MEMBER' });
    const stack = await newStack(t, o.orgId, region);
    await expectRefused(t, SET_ACCESS, { stackId: stack, memberId: o.member.owner, role: 'VIEWER' }, o.email.admin!, 'ForbiddenError');
    expect((await runMutation(t, SET_ACCESS, { stackId: stack, memberId: o.member.m, role: 'ADMIN' }, o.email.admin!)).result.access.role).toBe('ADMIN');
    // A client ranks as the highest role its scopes cover: it needs a MEMBER's scopes to act on a MEMBER.
    await expectRefused(
      t,
      REMOVE_ACCESS,
      { stackId: stack, memberId: o.member.m },
      { token: await clientToken(t, o.orgId, ['organization:read', 'stack:read', 'stack:write']) },
      'ForbiddenError',
    );
    const token = await clientToken(t, o.orgId, [...ROLE_SCOPES.MEMBER, 'stack:write']);
    const { result } = await runMutation(t, REMOVE_ACCESS, { stackId: stack, memberId: o.member.m }, { token });
    expect(result.__typename).toBe('RemoveStackUserAccessPayload');
  });

  it('refuses a member of another organization (ValidationError) or an unknown one (NOT_FOUND), a deleted stack (CONFLICT)', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const other = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    await t.prisma.member.create({
      data: { organizationId: other.orgId, userId: (await t.prisma.user.findUniqueOrThrow({ where: { email: o.email.owner! } })).id, role: 'OWNER' },
    });
    const stack = await newStack(t, o.orgId, region);
    const foreign = await expectRefused(t, SET_ACCESS, { stackId: stack, memberId: other.member.m, role: 'VIEWER' }, o.email.owner!, 'ValidationError');
    expect(foreign.fields[0].path).toEqual(['input', 'memberId']);
    const stranger = await newOrg(t, { m: 'MEMBER' });
    const unknown = await expectRefused(t, SET_ACCESS, { stackId: stack, memberId: stranger.member.m, role: 'VIEWER' }, o.email.owner!, 'NotFoundError');
    expect(unknown.resource).toBe('Member');
    const deleted = await newStack(t, o.orgId, region, { deletedAt: daysAgo(1) });
    await expectRefused(t, SET_ACCESS, { stackId: deleted, memberId: o.member.m, role: 'VIEWER' }, o.email.owner!, 'ConflictError');
  });

  it('is NOT_FOUND for another organization and FORBIDDEN for a member without stack:write', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const outsider = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, region);
    await grant(stack, o.member.m!, 'ADMIN');
    for (const doc of [SET_ACCESS, REMOVE_ACCESS]) {
      const input = { stackId: stack, memberId: o.member.m, ...(doc === SET_ACCESS ? { role: 'VIEWER' } : {}) };
      await expectRefused(t, doc, input, outsider.email.owner!, 'NotFoundError');
      // A stack ADMIN without stack:write in the organization changes nothing.
      await expectRefused(t, doc, input, o.email.m!, 'ForbiddenError');
    }
  });
});

describe('Member.stackAccess and the membership', () => {
  const MEMBER_ACCESS = `query($id: ID!) { node(id: $id) { ... on Member { stackAccess(first: 10) { totalCount edges { node { role stack { name } } } } } } }`;

  it('lists the member’s roles on live stacks; a guest (no stack:read) gets null with FORBIDDEN', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER', g: 'GUEST' });
    const live = await newStack(t, o.orgId, region, { name: 'live' });
    const deleted = await newStack(t, o.orgId, region, { name: 'deleted', deletedAt: daysAgo(1) });
    await grant(live, o.member.m!, 'EDITOR');
    await grant(deleted, o.member.m!, 'ADMIN');
    expect(expectData(await t.gql(MEMBER_ACCESS, { id: o.member.m }, { as: o.email.owner! })).node.stackAccess).toEqual({
      totalCount: 1,
      edges: [{ node: { role: 'EDITOR', stack: { name: 'live' } } }],
    });
    const guest = await t.gql(MEMBER_ACCESS, { id: o.member.m }, { as: o.email.g! });
    expect(guest.data?.node).toEqual({ stackAccess: null });
    expect(errorCodes(guest)).toEqual(['FORBIDDEN']);
  });

  it('stack access goes with the membership (removeMember)', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const stack = await newStack(t, o.orgId, region);
    await grant(stack, o.member.m!, 'EDITOR');
    const removeMember = `mutation($input: MemberIdInput!) { result: removeMember(input: $input) { __typename } }`;
    expect((await mutate(t, removeMember, { memberId: o.member.m }, o.email.owner!)).__typename).toBe('MembershipEndedPayload');
    expect(await t.prisma.stackUserAccess.count({ where: { memberId: rawId(o.member.m!) } })).toBe(0);
    expect(expectData(await t.gql(ACCESS, { id: stack, member: o.member.m }, { as: o.email.owner! })).stack.userAccess.totalCount).toBe(0);
  });
});
