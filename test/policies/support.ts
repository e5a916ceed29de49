import { encodeGlobalID } from '@pothos/plugin-relay';
import { expect } from 'vitest';
import type { Scope } from '../../src/auth/scopes.js';
import { expectData, type TestApp } from '../helpers/app.js';
import { expectAuditedMutation, expectRefusedMutation, runMutation, type ExpectedAudit } from '../helpers/mutations.js';
import { rawId } from '../members/support.js';

// Shared documents and setup for the policy and group tests. Each mutation is aliased `result`
// so that `mutate` (test/members/support.ts) returns the union value whatever the mutation.

export const FAILURE = `... on Error { code message } ... on NotFoundError { resource } ... on ValidationError { fields { path message } }`;
const POLICY = `id name description builtIn role scopes organization { id }`;
const GROUP = `id name description organization { id }`;

const mutation = (field: string, inputType: string, payload: string) =>
  `mutation($input: ${inputType}!) { result: ${field}(input: $input) { __typename ${FAILURE} ${payload} } }`;

export const CREATE_POLICY = mutation('createPolicy', 'CreatePolicyInput', `... on CreatePolicyPayload { policy { ${POLICY} } }`);
export const UPDATE_POLICY = mutation('updatePolicy', 'UpdatePolicyInput', `... on UpdatePolicyPayload { policy { ${POLICY} } }`);
export const DELETE_POLICY = mutation('deletePolicy', 'PolicyIdInput', `... on DeletePolicyPayload { deletedPolicyId organization { id } }`);
export const ADD_SCOPE = mutation('addPolicyScope', 'PolicyScopeInput', `... on AddPolicyScopePayload { policy { ${POLICY} } }`);
export const REMOVE_SCOPE = mutation('removePolicyScope', 'PolicyScopeInput', `... on RemovePolicyScopePayload { policy { ${POLICY} } }`);
export const ATTACH_TO_MEMBER = mutation(
  'attachPolicyToMember',
  'PolicyMemberInput',
  `... on AttachPolicyToMemberPayload { policy { id members { totalCount edges { node { id } } } } member { id effectiveScopes policies { totalCount edges { node { id } } } } }`,
);
export const DETACH_FROM_MEMBER = mutation(
  'detachPolicyFromMember',
  'PolicyMemberInput',
  `... on DetachPolicyFromMemberPayload { policy { id members { totalCount } } member { id effectiveScopes policies { totalCount } } }`,
);
export const ATTACH_TO_GROUP = mutation(
  'attachPolicyToGroup',
  'PolicyGroupInput',
  `... on AttachPolicyToGroupPayload { policy { id groups { totalCount edges { node { id } } } } group { id policies { totalCount edges { node { id } } } } }`,
);
export const DETACH_FROM_GROUP = mutation(
  'detachPolicyFromGroup',
  'PolicyGroupInput',
  `... on DetachPolicyFromGroupPayload { policy { id groups { totalCount } } group { id policies { totalCount } } }`,
);
export const CREATE_GROUP = mutation('createGroup', 'CreateGroupInput', `... on CreateGroupPayload { group { ${GROUP} } }`);
export const UPDATE_GROUP = mutation('updateGroup', 'UpdateGroupInput', `... on UpdateGroupPayload { group { ${GROUP} } }`);
export const DELETE_GROUP = mutation('deleteGroup', 'GroupIdInput', `... on DeleteGroupPayload { deletedGroupId organization { id } }`);
export const ADD_GROUP_MEMBER = mutation(
  'addGroupMember',
  'GroupMemberInput',
  `... on AddGroupMemberPayload { group { id members { totalCount edges { node { id } } } } member { id effectiveScopes groups { totalCount } } }`,
);
export const REMOVE_GROUP_MEMBER = mutation(
  'removeGroupMember',
  'GroupMemberInput',
  `... on RemoveGroupMemberPayload { group { id members { totalCount } } member { id effectiveScopes groups { totalCount } } }`,
);

export const VIEWER_SCOPES = `query($id: ID!) { organization(id: $id) { viewerScopes } }`;
export const EFFECTIVE_SCOPES = `query($id: ID!) { node(id: $id) { ... on Member { effectiveScopes } } }`;

export const policyGid = (id: string) => encodeGlobalID('Policy', id);
export const groupGid = (id: string) => encodeGlobalID('Group', id);
export const BUILT_IN = { OWNER: policyGid('builtin-owner'), ADMIN: policyGid('builtin-admin'), MEMBER: policyGid('builtin-member'), GUEST: policyGid('builtin-guest') };

let policyCount = 0;
let groupCount = 0;

/** A custom policy, written directly (test setup, not under test). Returns its global id. */
export async function newPolicy(t: TestApp, organizationId: string, scopes: Scope[], options: { name?: string; members?: string[] } = {}): Promise<string> {
  const policy = await t.prisma.policy.create({
    data: {
      organizationId,
      name: options.name ?? `Policy ${++policyCount}`,
      scopes,
      members: { create: (options.members ?? []).map((member) => ({ memberId: rawId(member) })) },
    },
  });
  return policyGid(policy.id);
}

/** A group with members and policies, written directly (test setup, not under test). Returns its global id. */
export async function newGroup(t: TestApp, organizationId: string, options: { name?: string; members?: string[]; policies?: string[] } = {}): Promise<string> {
  const group = await t.prisma.group.create({
    data: {
      organizationId,
      name: options.name ?? `Group ${++groupCount}`,
      members: { create: (options.members ?? []).map((member) => ({ memberId: rawId(member) })) },
      policies: { create: (options.policies ?? []).map((policy) => ({ policyId: rawId(policy) })) },
    },
  });
  return groupGid(group.id);
}

/** Everything a policy or group mutation could touch, to show that a refused one changed nothing. */
export async function snapshot(t: TestApp) {
  const [policies, memberPolicies, groups, groupMembers, groupPolicies, members, audit] = await Promise.all([
    t.prisma.policy.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.memberPolicy.findMany({ orderBy: [{ memberId: 'asc' }, { policyId: 'asc' }] }),
    t.prisma.group.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.groupMember.findMany({ orderBy: [{ groupId: 'asc' }, { memberId: 'asc' }] }),
    t.prisma.groupPolicy.findMany({ orderBy: [{ groupId: 'asc' }, { policyId: 'asc' }] }),
    t.prisma.member.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.auditLog.count(),
  ]);
  return { policies, memberPolicies, groups, groupMembers, groupPolicies, members, audit };
}

/** Runs `work` and asserts that nothing changed. */
export async function expectNoChange<T>(t: TestApp, work: () => Promise<T>): Promise<T> {
  const before = await snapshot(t);
  const result = await work();
  expect(await snapshot(t)).toEqual(before);
  return result;
}

/** Runs a mutation as `as` (anonymous when omitted) with a fresh request id; returns the union value and the request id. */
export const run = runMutation;

/** A refused mutation: the expected typed error, and nothing written. */
export const expectRefused = (t: TestApp, document: string, input: Record<string, unknown>, as: string | undefined, typename: string) =>
  expectRefusedMutation(t, snapshot, document, input, as, typename);

/** Runs a successful mutation and asserts it wrote exactly one audit entry of `action` on the target, by `as`, in its request. */
export const expectAudited = (t: TestApp, document: string, input: Record<string, unknown>, as: string, expected: ExpectedAudit & { organizationId: string; targetType: 'Policy' | 'Group' }) =>
  expectAuditedMutation(t, document, input, as, expected);

/** The caller's scopes in the organization (Organization.viewerScopes). */
export async function viewerScopes(t: TestApp, org: string, as: string): Promise<string[]> {
  return expectData<any>(await t.gql(VIEWER_SCOPES, { id: org }, { as })).organization.viewerScopes;
}

/** A member's effective scopes as someone sees them (Member.effectiveScopes). */
export async function effectiveScopes(t: TestApp, member: string, as: string): Promise<string[]> {
  return expectData<any>(await t.gql(EFFECTIVE_SCOPES, { id: member }, { as })).node.effectiveScopes;
}
