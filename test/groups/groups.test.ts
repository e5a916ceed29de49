import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { ALICE, BOB, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { expectFieldForbidden, expectHidden, expectMutationDenied, expectObjectForbidden, NODE_ID } from '../helpers/denied.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import {
  ADD_GROUP_MEMBER,
  CREATE_GROUP,
  DELETE_GROUP,
  REMOVE_GROUP_MEMBER,
  UPDATE_GROUP,
  expectRefused,
  newGroup,
  newPolicy,
  snapshot,
} from '../helpers/policies-and-groups.js';

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

describe('createGroup, updateGroup, deleteGroup', () => {
  it('creates a group with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE_GROUP,
      { organizationId: o.org, name: ' Engineering ', description: 'Builders' },
      o.email.owner!,
      {
        payload: 'CreateGroupPayload',
        action: 'group.create',
        organizationId: o.orgId,
        targetType: 'Group',
      },
    );
    expect(result.group).toMatchObject({ name: 'Engineering', description: 'Builders', organization: { id: o.org } });
    expect(entry.targetId).toBe(rawId(result.group.id));
    expect(await t.prisma.group.findUniqueOrThrow({ where: { id: rawId(result.group.id) } })).toMatchObject({ organizationId: o.orgId, name: 'Engineering' });
  });

  it('answers ConflictError for a taken name (case-insensitively) and ValidationError for an empty one', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await newGroup(t, o.orgId, { name: 'Ops' });
    await expectRefused(t, CREATE_GROUP, { organizationId: o.org, name: 'OPS' }, o.email.owner!, 'ConflictError');
    const invalid = await expectRefused(t, CREATE_GROUP, { organizationId: o.org, name: '' }, o.email.owner!, 'ValidationError');
    expect(invalid.fields[0].path).toEqual(['input', 'name']);
  });

  it('renames a group with one audit entry of the changes, refusing a taken name', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const group = await newGroup(t, o.orgId, { name: 'Old' });
    await newGroup(t, o.orgId, { name: 'Taken' });
    await expectRefused(t, UPDATE_GROUP, { groupId: group, name: 'taken' }, o.email.owner!, 'ConflictError');
    const { result, entry } = await expectAuditedMutation(t, UPDATE_GROUP, { groupId: group, name: 'New' }, o.email.owner!, {
      payload: 'UpdateGroupPayload',
      action: 'group.update',
      organizationId: o.orgId,
      targetType: 'Group',
      targetId: rawId(group),
    });
    expect(result.group.name).toBe('New');
    expect(entry.changes).toEqual({ name: { from: 'Old', to: 'New' } });
  });

  it('deletes a group with its memberships and attachments, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['group:read']);
    const group = await newGroup(t, o.orgId, { members: [o.member.m!], policies: [policy] });
    const { result, entry } = await expectAuditedMutation(t, DELETE_GROUP, { groupId: group }, o.email.owner!, {
      payload: 'DeleteGroupPayload',
      action: 'group.delete',
      organizationId: o.orgId,
      targetType: 'Group',
      targetId: rawId(group),
    });
    expect(result).toEqual({ __typename: 'DeleteGroupPayload', deletedGroupId: group, organization: { id: o.org } });
    expect(entry.changes).toMatchObject({ members: 1, policies: 1 });
    expect(await t.prisma.groupMember.count({ where: { groupId: rawId(group) } })).toBe(0);
    expect(await t.prisma.groupPolicy.count({ where: { groupId: rawId(group) } })).toBe(0);
    // The policy itself stays.
    expect(await t.prisma.policy.count({ where: { id: rawId(policy) } })).toBe(1);
  });

  it('hides another organization’s groups (NOT_FOUND), refuses a member without group:write (FORBIDDEN), and demands a token', async () => {
    const group = await newGroup(t, rawId(demo.acme));
    const cases: [string, Record<string, unknown>][] = [
      [CREATE_GROUP, { organizationId: demo.acme, name: 'Intruders' }],
      [UPDATE_GROUP, { groupId: group, name: 'Renamed' }],
      [DELETE_GROUP, { groupId: group }],
      [ADD_GROUP_MEMBER, { groupId: group, memberId: demo.members[BOB] }],
      [REMOVE_GROUP_MEMBER, { groupId: group, memberId: demo.members[BOB] }],
    ];
    for (const [document, input] of cases) {
      await expectMutationDenied(t, snapshot, document, input, { outsider: CAROL, member: BOB });
    }
  });
});

describe('addGroupMember and removeGroupMember', () => {
  it('add and remove, each with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const group = await newGroup(t, o.orgId);
    const input = { groupId: group, memberId: o.member.m };
    const added = await expectAuditedMutation(t, ADD_GROUP_MEMBER, input, o.email.owner!, {
      payload: 'AddGroupMemberPayload',
      action: 'group.add_member',
      organizationId: o.orgId,
      targetType: 'Group',
      targetId: rawId(group),
    });
    expect(added.entry.changes).toEqual({ memberId: rawId(o.member.m!) });
    expect(added.result.group.members).toEqual({ totalCount: 1, edges: [{ node: { id: o.member.m } }] });
    expect(added.result.member.groups.totalCount).toBe(1);
    await expectRefused(t, ADD_GROUP_MEMBER, input, o.email.owner!, 'ConflictError');

    const removed = await expectAuditedMutation(t, REMOVE_GROUP_MEMBER, input, o.email.owner!, {
      payload: 'RemoveGroupMemberPayload',
      action: 'group.remove_member',
      organizationId: o.orgId,
      targetType: 'Group',
      targetId: rawId(group),
    });
    expect(removed.result).toMatchObject({ group: { members: { totalCount: 0 } }, member: { groups: { totalCount: 0 } } });
    await expectRefused(t, REMOVE_GROUP_MEMBER, input, o.email.owner!, 'ConflictError');
  });

  it('refuses a member of another organization: NOT_FOUND when invisible, invalid input when the caller sees both', async () => {
    const group = await newGroup(t, rawId(demo.acme));
    expect((await expectRefused(t, ADD_GROUP_MEMBER, { groupId: group, memberId: demo.members[CAROL] }, ALICE, 'NotFoundError')).resource).toBe('Member');
    const a = await newOrg(t, { owner: 'OWNER' });
    const b = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: a.email.owner! } });
    await t.prisma.member.create({ data: { organizationId: b.orgId, userId: user.id, role: 'OWNER' } });
    const groupOfA = await newGroup(t, a.orgId);
    const invalid = await expectRefused(t, ADD_GROUP_MEMBER, { groupId: groupOfA, memberId: b.member.m }, a.email.owner!, 'ValidationError');
    expect(invalid.fields[0].path).toEqual(['input', 'memberId']);
  });

  it('a removed member loses its group memberships and policies with the membership (cascade)', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['audit_log:read'], { members: [o.member.m!] });
    const group = await newGroup(t, o.orgId, { members: [o.member.m!, o.member.owner!], policies: [policy] });
    const removed = await runMutation(
      t,
      `mutation($input: MemberIdInput!) { result: removeMember(input: $input) { __typename } }`,
      { memberId: o.member.m },
      o.email.owner!,
    );
    expect(removed.result.__typename).toBe('MembershipEndedPayload');
    expect(await t.prisma.groupMember.count({ where: { memberId: rawId(o.member.m!) } })).toBe(0);
    expect(await t.prisma.memberPolicy.count({ where: { memberId: rawId(o.member.m!) } })).toBe(0);
    const read = expectData<any>(
      await t.gql(`query($id: ID!) { group(id: $id) { members { totalCount edges { node { id } } } } }`, { id: group }, { as: o.email.owner! }),
    );
    expect(read.group.members).toEqual({ totalCount: 1, edges: [{ node: { id: o.member.owner } }] });
  });
});

describe('reading groups', () => {
  it('Organization.groups lists the groups oldest first with counts; Group and Member show members and policies', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['group:read'], { name: 'Readers' });
    const beta = await newGroup(t, o.orgId, { name: 'Beta', members: [o.member.m!], policies: [policy] });
    const alpha = await newGroup(t, o.orgId, { name: 'alpha 100%' });
    const query = `query($id: ID!, $search: String) { organization(id: $id) { groups(search: $search) { totalCount edges { node { id name members { totalCount edges { node { role user { email } } } } policies { edges { node { name scopes } } } } } } } }`;
    const { organization } = expectData<any>(await t.gql(query, { id: o.org }, { as: o.email.m! }));
    expect(organization.groups.totalCount).toBe(2);
    expect(organization.groups.edges.map((e: any) => e.node.id)).toEqual([beta, alpha]);
    expect(organization.groups.edges[0].node).toMatchObject({
      members: { totalCount: 1, edges: [{ node: { role: 'MEMBER', user: { email: o.email.m } } }] },
      policies: { edges: [{ node: { name: 'Readers', scopes: ['group:read'] } }] },
    });
    const searched = expectData<any>(await t.gql(query, { id: o.org, search: '0%' }, { as: o.email.m! })).organization.groups;
    expect(searched.edges.map((e: any) => e.node.id)).toEqual([alpha]);
    const ofMember = expectData<any>(
      await t.gql(
        `query($id: ID!) { node(id: $id) { ... on Member { groups { totalCount edges { node { name } } } } } }`,
        { id: o.member.m },
        { as: o.email.owner! },
      ),
    );
    expect(ofMember.node.groups).toEqual({ totalCount: 1, edges: [{ node: { name: 'Beta' } }] });
  });

  it('group(id) is NOT_FOUND for an outsider by every path, and FORBIDDEN for a member without group:read', async () => {
    const o = await newOrg(t, { owner: 'OWNER', g: 'GUEST' });
    const group = await newGroup(t, o.orgId, { members: [o.member.g!] });
    const query = `query($id: ID!) { group(id: $id) { id name } }`;
    await expectHidden(t, CAROL, [
      [query, { id: group }],
      [NODE_ID, { id: group }],
    ]);
    expect(errorCodes(await t.gql(query, { id: group }))).toEqual(['UNAUTHENTICATED']);
    await expectObjectForbidden(t, o.email.g!, [query, { id: group }], 'group');
    const listed = `query($id: ID!) { organization(id: $id) { name groups { totalCount } } }`;
    await expectFieldForbidden(t, o.email.g!, [listed, { id: o.org }], { organization: { name: expect.any(String), groups: null } });
    const ofMember = await t.gql(`query($id: ID!) { node(id: $id) { ... on Member { role groups { totalCount } } } }`, { id: o.member.g }, { as: o.email.g! });
    expect(ofMember.data?.node).toEqual({ role: 'GUEST', groups: null });
  });
});
