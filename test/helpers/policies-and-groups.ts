import type { Scope } from '../../src/auth/scopes.js';
import { expectData, type TestApp } from './app.js';
import { gid, rawId } from './ids.js';
import { expectRefusedWith, mutationDocument } from './mutations.js';
import { snapshotOf } from './no-change.js';

// Policies and groups: the documents of their mutations and their setup, shared by the policy,
// group and SSO tests (a policy reaches a member directly or through a group, so each domain's
// tests use the other's mutations).

const POLICY = `id name description builtIn role scopes organization { id }`;
const GROUP = `id name description organization { id }`;

export const CREATE_POLICY = mutationDocument('createPolicy', 'CreatePolicyInput', `... on CreatePolicyPayload { policy { ${POLICY} } }`);
export const UPDATE_POLICY = mutationDocument('updatePolicy', 'UpdatePolicyInput', `... on UpdatePolicyPayload { policy { ${POLICY} } }`);
export const DELETE_POLICY = mutationDocument('deletePolicy', 'PolicyIdInput', `... on DeletePolicyPayload { deletedPolicyId organization { id } }`);
export const ADD_SCOPE = mutationDocument('addPolicyScope', 'PolicyScopeInput', `... on AddPolicyScopePayload { policy { ${POLICY} } }`);
export const REMOVE_SCOPE = mutationDocument('removePolicyScope', 'PolicyScopeInput', `... on RemovePolicyScopePayload { policy { ${POLICY} } }`);
export const ATTACH_TO_MEMBER = mutationDocument(
  'attachPolicyToMember',
  'PolicyMemberInput',
  `... on AttachPolicyToMemberPayload { policy { id members { totalCount edges { node { id } } } } member { id effectiveScopes policies { totalCount edges { node { id } } } } }`,
);
export const DETACH_FROM_MEMBER = mutationDocument(
  'detachPolicyFromMember',
  'PolicyMemberInput',
  `... on DetachPolicyFromMemberPayload { policy { id members { totalCount } } member { id effectiveScopes policies { totalCount } } }`,
);
export const ATTACH_TO_GROUP = mutationDocument(
  'attachPolicyToGroup',
  'PolicyGroupInput',
  `... on AttachPolicyToGroupPayload { policy { id groups { totalCount edges { node { id } } } } group { id policies { totalCount edges { node { id } } } } }`,
);
export const DETACH_FROM_GROUP = mutationDocument(
  'detachPolicyFromGroup',
  'PolicyGroupInput',
  `... on DetachPolicyFromGroupPayload { policy { id groups { totalCount } } group { id policies { totalCount } } }`,
);
export const CREATE_GROUP = mutationDocument('createGroup', 'CreateGroupInput', `... on CreateGroupPayload { group { ${GROUP} } }`);
export const UPDATE_GROUP = mutationDocument('updateGroup', 'UpdateGroupInput', `... on UpdateGroupPayload { group { ${GROUP} } }`);
export const DELETE_GROUP = mutationDocument('deleteGroup', 'GroupIdInput', `... on DeleteGroupPayload { deletedGroupId organization { id } }`);
export const ADD_GROUP_MEMBER = mutationDocument(
  'addGroupMember',
  'GroupMemberInput',
  `... on AddGroupMemberPayload { group { id members { totalCount edges { node { id } } } } member { id effectiveScopes groups { totalCount } } }`,
);
export const REMOVE_GROUP_MEMBER = mutationDocument(
  'removeGroupMember',
  'GroupMemberInput',
  `... on RemoveGroupMemberPayload { group { id members { totalCount } } member { id effectiveScopes groups { totalCount } } }`,
);

export const policyGid = (id: string) => gid('Policy', id);
export const groupGid = (id: string) => gid('Group', id);

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
export const snapshot = snapshotOf(['policy', 'memberPolicy', 'group', 'groupMember', 'groupPolicy', 'member']);

/** A refused policy or group mutation: the expected typed error, and nothing written. */
export const expectRefused = expectRefusedWith(snapshot);

/** The caller's scopes in the organization (Organization.viewerScopes). */
export async function viewerScopes(t: TestApp, org: string, as: string): Promise<string[]> {
  return expectData<any>(await t.gql(`query($id: ID!) { organization(id: $id) { viewerScopes } }`, { id: org }, { as })).organization.viewerScopes;
}

/** A member's effective scopes as someone sees them (Member.effectiveScopes). */
export async function effectiveScopes(t: TestApp, member: string, as: string): Promise<string[]> {
  return expectData<any>(await t.gql(`query($id: ID!) { node(id: $id) { ... on Member { effectiveScopes } } }`, { id: member }, { as })).node.effectiveScopes;
}
