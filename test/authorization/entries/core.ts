import { ROLE_SCOPES } from '../../../src/auth/scopes.js';
import type { Entry } from '../entry-kit.js';
import {
  freshClient,
  freshGroup,
  freshPolicy,
  inviteeFor,
  mutation,
  newEmail,
  nextUnique,
  onGuest,
  orgRead,
  pendingInvitation,
  rawId,
  read,
  send,
  USERS,
  WRITERS,
  write,
} from '../entry-kit.js';

// Organizations, members, invitations, policies, groups and clients.

const ROLE_SCOPES_ADMIN = [...ROLE_SCOPES.ADMIN];
/** One entry per root field of the schema; the matrix test fails for a field that has none. */
export const ENTRIES: Record<string, Entry> = {
  'Query.me': { scope: null, allowed: USERS, run: (t, f, who) => send(t, f, who, null, '{ me { id } }') },
  'Query.organization': orgRead('query($id: ID!) { organization(id: $id) { id } }', (d, f) => d.organization?.id === f.org),
  'Query.organizations': orgRead('query($id: ID!) { organizations(first: 100) { edges { node { id } } } me: node(id: $id) { id } }', (d, f) =>
    Boolean(d.organizations?.edges.some((e: { node: { id: string } }) => e.node.id === f.org)),
  ),
  'Query.node': orgRead('query($id: ID!) { node(id: $id) { id } }', (d, f) => d.node?.id === f.org),
  'Query.nodes': orgRead('query($id: ID!) { nodes(ids: [$id]) { id } }', (d, f) => d.nodes?.[0]?.id === f.org),

  'Mutation.createOrganization': mutation('createOrganization', 'CreateOrganizationInput', null, USERS, () => ({ name: 'Created' })),
  'Mutation.updateOrganization': mutation('updateOrganization', 'UpdateOrganizationInput', 'organization:write', WRITERS, (_t, f) => ({
    organizationId: f.org,
    name: 'Renamed',
  })),
  'Mutation.deleteOrganization': mutation('deleteOrganization', 'OrganizationIdInput', 'organization:delete', ['owner', 'clientWithScope'], (_t, f) => ({
    organizationId: f.org,
  })),
  'Mutation.addMember': onGuest('addMember', 'AddMemberInput', 'member:write', async (t, f) => {
    const user = await t.prisma.user.create({ data: { email: newEmail(), name: 'New' } });
    return { organizationId: f.org, email: user.email, role: 'GUEST' };
  }),
  'Mutation.updateMember': onGuest('updateMember', 'UpdateMemberInput', 'member:write', (_t, f) => ({ memberId: f.memberIds.guest, requiredMfaAuth: true })),
  'Mutation.removeMember': onGuest('removeMember', 'MemberIdInput', 'member:write', (_t, f) => ({ memberId: f.memberIds.guest })),
  // Any member may leave (the only owner is refused by invariant 1, after authorization).
  'Mutation.leaveOrganization': mutation('leaveOrganization', 'OrganizationIdInput', null, ['owner', 'admin', 'member', 'guest'], (_t, f) => ({
    organizationId: f.org,
  })),
  'Mutation.inviteMember': onGuest('inviteMember', 'InviteMemberInput', 'invitation:write', (_t, f) => ({
    organizationId: f.org,
    email: newEmail(),
    role: 'GUEST',
  })),
  // Users only (the inviting user records that it delegated), of at least ADMIN rank: the invitee becomes an ADMIN.
  'Mutation.delegateOnboarding': mutation(
    'delegateOnboarding',
    'DelegateOnboardingInput',
    'invitation:write',
    ['owner', 'admin'],
    (_t, f) => ({ organizationId: f.org, email: newEmail() }),
    ROLE_SCOPES_ADMIN,
  ),
  'Mutation.inviteMembers': onGuest('inviteMembers', 'InviteMembersInput', 'invitation:write', (_t, f) => ({
    organizationId: f.org,
    invitations: [{ email: newEmail(), role: 'GUEST' }],
  })),
  'Mutation.resendInvitation': onGuest('resendInvitation', 'InvitationIdInput', 'invitation:write', async (t, f) => ({
    invitationId: await pendingInvitation(t, f, newEmail()),
  })),
  'Mutation.cancelInvitation': onGuest('cancelInvitation', 'InvitationIdInput', 'invitation:write', async (t, f) => ({
    invitationId: await pendingInvitation(t, f, newEmail()),
  })),
  // Only the invitee answers; members of the organization are refused as such (CONFLICT), after authorization.
  'Mutation.acceptInvitation': mutation('acceptInvitation', 'AcceptInvitationInput', null, USERS, async (t, f, who) => ({
    invitationId: await pendingInvitation(t, f, inviteeFor(f, who)),
  })),
  'Query.scopes': {
    scope: null,
    allowed: ['owner', 'admin', 'member', 'guest', 'outsider', 'platformAdmin', 'clientWithScope', 'clientWithoutScope', 'foreignClient', 'anonymous'],
    run: (t, f, who) => send(t, f, who, null, '{ scopes { name description } }'),
    granted: (response) => ((response.data as { scopes?: unknown[] } | undefined)?.scopes?.length ?? 0) > 0,
  },
  'Query.policy': read('policy', 'policy:read', (t, f) => freshPolicy(t, f)),
  'Query.group': read('group', 'group:read', freshGroup),

  'Mutation.createPolicy': write('createPolicy', 'CreatePolicyInput', 'policy:write', (_t, f) => ({
    organizationId: f.org,
    name: `New ${nextUnique()}`,
    scopes: ['member:read'],
  })),
  'Mutation.updatePolicy': write('updatePolicy', 'UpdatePolicyInput', 'policy:write', async (t, f) => ({
    policyId: await freshPolicy(t, f),
    description: 'changed',
  })),
  'Mutation.deletePolicy': write('deletePolicy', 'PolicyIdInput', 'policy:write', async (t, f) => ({ policyId: await freshPolicy(t, f) })),
  'Mutation.addPolicyScope': write('addPolicyScope', 'PolicyScopeInput', 'policy:write', async (t, f) => ({
    policyId: await freshPolicy(t, f, ['organization:read']),
    scope: 'member:read',
  })),
  'Mutation.removePolicyScope': write('removePolicyScope', 'PolicyScopeInput', 'policy:write', async (t, f) => ({
    policyId: await freshPolicy(t, f, ['organization:read', 'member:read']),
    scope: 'member:read',
  })),
  'Mutation.attachPolicyToMember': write('attachPolicyToMember', 'PolicyMemberInput', 'policy:write', async (t, f) => ({
    policyId: await freshPolicy(t, f),
    memberId: f.memberIds.guest,
  })),
  'Mutation.detachPolicyFromMember': write('detachPolicyFromMember', 'PolicyMemberInput', 'policy:write', async (t, f) => {
    const policyId = await freshPolicy(t, f);
    await t.prisma.memberPolicy.create({ data: { policyId: rawId(policyId), memberId: rawId(f.memberIds.guest) } });
    return { policyId, memberId: f.memberIds.guest };
  }),
  'Mutation.attachPolicyToGroup': write('attachPolicyToGroup', 'PolicyGroupInput', 'policy:write', async (t, f) => ({
    policyId: await freshPolicy(t, f),
    groupId: await freshGroup(t, f),
  })),
  'Mutation.detachPolicyFromGroup': write('detachPolicyFromGroup', 'PolicyGroupInput', 'policy:write', async (t, f) => {
    const [policyId, groupId] = [await freshPolicy(t, f), await freshGroup(t, f)];
    await t.prisma.groupPolicy.create({ data: { policyId: rawId(policyId), groupId: rawId(groupId) } });
    return { policyId, groupId };
  }),
  'Mutation.createGroup': write('createGroup', 'CreateGroupInput', 'group:write', (_t, f) => ({ organizationId: f.org, name: `New ${nextUnique()}` })),
  'Mutation.updateGroup': write('updateGroup', 'UpdateGroupInput', 'group:write', async (t, f) => ({
    groupId: await freshGroup(t, f),
    description: 'changed',
  })),
  'Mutation.deleteGroup': write('deleteGroup', 'GroupIdInput', 'group:write', async (t, f) => ({ groupId: await freshGroup(t, f) })),
  'Mutation.addGroupMember': write('addGroupMember', 'GroupMemberInput', 'group:write', async (t, f) => ({
    groupId: await freshGroup(t, f),
    memberId: f.memberIds.guest,
  })),
  'Mutation.removeGroupMember': write('removeGroupMember', 'GroupMemberInput', 'group:write', async (t, f) => {
    const groupId = await freshGroup(t, f);
    await t.prisma.groupMember.create({ data: { groupId: rawId(groupId), memberId: rawId(f.memberIds.guest) } });
    return { groupId, memberId: f.memberIds.guest };
  }),
  'Mutation.createClient': write('createClient', 'CreateClientInput', 'client:write', (_t, f) => ({
    organizationId: f.org,
    name: 'Robot',
    scopes: ['member:read'],
  })),
  'Mutation.updateClient': write('updateClient', 'UpdateClientInput', 'client:write', async (t, f) => ({
    clientId: await freshClient(t, f),
    description: 'changed',
  })),
  'Mutation.rotateClientSecret': write('rotateClientSecret', 'ClientIdInput', 'client:write', async (t, f) => ({ clientId: await freshClient(t, f) })),
  'Mutation.deleteClient': write('deleteClient', 'ClientIdInput', 'client:write', async (t, f) => ({ clientId: await freshClient(t, f) })),
  'Mutation.declineInvitation': mutation('declineInvitation', 'InvitationIdInput', null, USERS, async (t, f, who) => ({
    invitationId: await pendingInvitation(t, f, inviteeFor(f, who)),
  })),
};
