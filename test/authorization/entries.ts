import { ROLE_SCOPES, type Scope } from '../../src/auth/scopes.js';
import type { GraphQLResponse, TestApp } from '../helpers/app.js';
import { gid } from '../helpers/fixtures.js';
import type { Fixture, Who } from './principals.js';

/** How one root field is exercised: the scope it needs, who may, and the call on fresh data. */
export interface Entry {
  /** The catalog scope the field needs in the organization; null when only users may call it. */
  scope: Scope | null;
  allowed: Who[];
  /** More scopes the client with the scope holds: granting a role needs that role's scopes (no escalation). */
  alsoHeld?: readonly Scope[];
  run(t: TestApp, f: Fixture, who: Who): Promise<GraphQLResponse>;
  /** Whether the response shows access; by default: no auth error at the top or in the result union. */
  granted?(response: GraphQLResponse, f: Fixture): boolean;
}

const USERS: Who[] = ['owner', 'admin', 'member', 'guest', 'outsider'];
const READERS: Who[] = ['owner', 'admin', 'member', 'guest', 'clientWithScope'];
const WRITERS: Who[] = ['owner', 'admin', 'clientWithScope'];

const send = async (t: TestApp, f: Fixture, who: Who, scope: Scope | null, query: string, variables: Record<string, unknown> = {}, alsoHeld: readonly Scope[] = []) =>
  t.gql(query, variables, await f.as(who, scope, alsoHeld));

/** The targets of the member and invitation entries are GUESTs: acting on them needs a GUEST's scopes too. */
const GUEST_RANK = [...ROLE_SCOPES.GUEST];

const result = (field: string) => `${field}(input: $input) { __typename }`;

async function pendingInvitation(t: TestApp, f: Fixture, email: string): Promise<string> {
  const owner = await t.prisma.user.findUniqueOrThrow({ where: { email: f.emails.owner } });
  const invitation = await t.prisma.invitation.create({
    data: { organizationId: f.orgId, email, pendingEmail: email, role: 'GUEST', invitedById: owner.id, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  return gid('Invitation', invitation.id);
}

/** Fresh custom policy, group and client of the fixture's organization, made directly (setup, not under test). */
async function freshPolicy(t: TestApp, f: Fixture, scopes: Scope[] = ['member:read']): Promise<string> {
  const policy = await t.prisma.policy.create({ data: { organizationId: f.orgId, name: `Policy ${++unique}`, scopes } });
  return gid('Policy', policy.id);
}

async function freshGroup(t: TestApp, f: Fixture): Promise<string> {
  const group = await t.prisma.group.create({ data: { organizationId: f.orgId, name: `Group ${++unique}` } });
  return gid('Group', group.id);
}

async function freshClient(t: TestApp, f: Fixture): Promise<string> {
  const client = await t.prisma.client.create({ data: { organizationId: f.orgId, name: `Client ${++unique}`, scopes: ['member:read'], secretHash: 'x', secretLastChars: 'xxxx' } });
  return gid('Client', client.id);
}

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

let unique = 0;
const newEmail = () => `new${++unique}@matrix.test`;
/** The invitee of an accept or decline: the caller itself when it is a user. */
const inviteeFor = (f: Fixture, who: Who) => (who in f.emails ? f.emails[who as keyof Fixture['emails']] : newEmail());

type InputOf = (t: TestApp, f: Fixture, who: Who) => Promise<Record<string, unknown>> | Record<string, unknown>;

function mutation(field: string, inputType: string, scope: Scope | null, allowed: Who[], input: InputOf, alsoHeld: readonly Scope[] = []): Entry {
  return {
    scope,
    allowed,
    alsoHeld,
    run: async (t, f, who) => send(t, f, who, scope, `mutation($input: ${inputType}!) { ${result(field)} }`, { input: await input(t, f, who) }, alsoHeld),
  };
}

/** A mutation on a GUEST member or a GUEST invitation, which only writers of at least GUEST rank may make. */
const onGuest = (field: string, inputType: string, scope: Scope, input: InputOf) => mutation(field, inputType, scope, WRITERS, input, GUEST_RANK);

const orgRead = (query: string, granted: (data: any, f: Fixture) => boolean): Entry => ({
  scope: 'organization:read',
  allowed: READERS,
  run: (t, f, who) => send(t, f, who, 'organization:read', query, { id: f.org }),
  granted: (response, f) => Boolean(response.data) && granted(response.data, f),
});

const read = (field: 'policy' | 'group', scope: Scope, make: (t: TestApp, f: Fixture) => Promise<string>): Entry => {
  const ids = new Map<Fixture, string>();
  return {
    scope,
    allowed: ['owner', 'admin', 'member', 'clientWithScope'],
    run: async (t, f, who) => {
      ids.set(f, await make(t, f));
      return send(t, f, who, scope, `query($id: ID!) { ${field}(id: $id) { id } }`, { id: ids.get(f) });
    },
    granted: (response, f) => (response.data as Record<string, { id: string } | null> | undefined)?.[field]?.id === ids.get(f),
  };
};

/** A write that needs `scope`; the client with it also holds member:read, the scope of the policies, clients and members involved. */
const write = (field: string, inputType: string, scope: Scope, input: InputOf) => mutation(field, inputType, scope, WRITERS, input, GUEST_RANK);

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
  'Mutation.updateOrganization': mutation('updateOrganization', 'UpdateOrganizationInput', 'organization:write', WRITERS, (_t, f) => ({ organizationId: f.org, name: 'Renamed' })),
  'Mutation.deleteOrganization': mutation('deleteOrganization', 'OrganizationIdInput', 'organization:delete', ['owner', 'clientWithScope'], (_t, f) => ({ organizationId: f.org })),
  'Mutation.addMember': onGuest('addMember', 'AddMemberInput', 'member:write', async (t, f) => {
    const user = await t.prisma.user.create({ data: { email: newEmail(), name: 'New' } });
    return { organizationId: f.org, email: user.email, role: 'GUEST' };
  }),
  'Mutation.updateMember': onGuest('updateMember', 'UpdateMemberInput', 'member:write', (_t, f) => ({ memberId: f.memberIds.guest, requiredMfaAuth: true })),
  'Mutation.removeMember': onGuest('removeMember', 'MemberIdInput', 'member:write', (_t, f) => ({ memberId: f.memberIds.guest })),
  // Any member may leave (the only owner is refused by invariant 1, after authorization).
  'Mutation.leaveOrganization': mutation('leaveOrganization', 'OrganizationIdInput', null, ['owner', 'admin', 'member', 'guest'], (_t, f) => ({ organizationId: f.org })),
  'Mutation.inviteMember': onGuest('inviteMember', 'InviteMemberInput', 'invitation:write', (_t, f) => ({ organizationId: f.org, email: newEmail(), role: 'GUEST' })),
  'Mutation.inviteMembers': onGuest('inviteMembers', 'InviteMembersInput', 'invitation:write', (_t, f) => ({ organizationId: f.org, invitations: [{ email: newEmail(), role: 'GUEST' }] })),
  'Mutation.resendInvitation': onGuest('resendInvitation', 'InvitationIdInput', 'invitation:write', async (t, f) => ({ invitationId: await pendingInvitation(t, f, newEmail()) })),
  'Mutation.cancelInvitation': onGuest('cancelInvitation', 'InvitationIdInput', 'invitation:write', async (t, f) => ({ invitationId: await pendingInvitation(t, f, newEmail()) })),
  // Only the invitee answers; members of the organization are refused as such (CONFLICT), after authorization.
  'Mutation.acceptInvitation': mutation('acceptInvitation', 'InvitationIdInput', null, USERS, async (t, f, who) => ({ invitationId: await pendingInvitation(t, f, inviteeFor(f, who)) })),
  'Query.scopes': {
    scope: null,
    allowed: ['owner', 'admin', 'member', 'guest', 'outsider', 'clientWithScope', 'clientWithoutScope', 'foreignClient', 'anonymous'],
    run: (t, f, who) => send(t, f, who, null, '{ scopes { name description } }'),
    granted: (response) => ((response.data as { scopes?: unknown[] } | undefined)?.scopes?.length ?? 0) > 0,
  },
  'Query.policy': read('policy', 'policy:read', (t, f) => freshPolicy(t, f)),
  'Query.group': read('group', 'group:read', freshGroup),

  'Mutation.createPolicy': write('createPolicy', 'CreatePolicyInput', 'policy:write', (_t, f) => ({ organizationId: f.org, name: `New ${++unique}`, scopes: ['member:read'] })),
  'Mutation.updatePolicy': write('updatePolicy', 'UpdatePolicyInput', 'policy:write', async (t, f) => ({ policyId: await freshPolicy(t, f), description: 'changed' })),
  'Mutation.deletePolicy': write('deletePolicy', 'PolicyIdInput', 'policy:write', async (t, f) => ({ policyId: await freshPolicy(t, f) })),
  'Mutation.addPolicyScope': write('addPolicyScope', 'PolicyScopeInput', 'policy:write', async (t, f) => ({ policyId: await freshPolicy(t, f, ['organization:read']), scope: 'member:read' })),
  'Mutation.removePolicyScope': write('removePolicyScope', 'PolicyScopeInput', 'policy:write', async (t, f) => ({ policyId: await freshPolicy(t, f, ['organization:read', 'member:read']), scope: 'member:read' })),
  'Mutation.attachPolicyToMember': write('attachPolicyToMember', 'PolicyMemberInput', 'policy:write', async (t, f) => ({ policyId: await freshPolicy(t, f), memberId: f.memberIds.guest })),
  'Mutation.detachPolicyFromMember': write('detachPolicyFromMember', 'PolicyMemberInput', 'policy:write', async (t, f) => {
    const policyId = await freshPolicy(t, f);
    await t.prisma.memberPolicy.create({ data: { policyId: rawId(policyId), memberId: rawId(f.memberIds.guest) } });
    return { policyId, memberId: f.memberIds.guest };
  }),
  'Mutation.attachPolicyToGroup': write('attachPolicyToGroup', 'PolicyGroupInput', 'policy:write', async (t, f) => ({ policyId: await freshPolicy(t, f), groupId: await freshGroup(t, f) })),
  'Mutation.detachPolicyFromGroup': write('detachPolicyFromGroup', 'PolicyGroupInput', 'policy:write', async (t, f) => {
    const [policyId, groupId] = [await freshPolicy(t, f), await freshGroup(t, f)];
    await t.prisma.groupPolicy.create({ data: { policyId: rawId(policyId), groupId: rawId(groupId) } });
    return { policyId, groupId };
  }),
  'Mutation.createGroup': write('createGroup', 'CreateGroupInput', 'group:write', (_t, f) => ({ organizationId: f.org, name: `New ${++unique}` })),
  'Mutation.updateGroup': write('updateGroup', 'UpdateGroupInput', 'group:write', async (t, f) => ({ groupId: await freshGroup(t, f), description: 'changed' })),
  'Mutation.deleteGroup': write('deleteGroup', 'GroupIdInput', 'group:write', async (t, f) => ({ groupId: await freshGroup(t, f) })),
  'Mutation.addGroupMember': write('addGroupMember', 'GroupMemberInput', 'group:write', async (t, f) => ({ groupId: await freshGroup(t, f), memberId: f.memberIds.guest })),
  'Mutation.removeGroupMember': write('removeGroupMember', 'GroupMemberInput', 'group:write', async (t, f) => {
    const groupId = await freshGroup(t, f);
    await t.prisma.groupMember.create({ data: { groupId: rawId(groupId), memberId: rawId(f.memberIds.guest) } });
    return { groupId, memberId: f.memberIds.guest };
  }),
  'Mutation.createClient': write('createClient', 'CreateClientInput', 'client:write', (_t, f) => ({ organizationId: f.org, name: 'Robot', scopes: ['member:read'] })),
  'Mutation.updateClient': write('updateClient', 'UpdateClientInput', 'client:write', async (t, f) => ({ clientId: await freshClient(t, f), description: 'changed' })),
  'Mutation.rotateClientSecret': write('rotateClientSecret', 'ClientIdInput', 'client:write', async (t, f) => ({ clientId: await freshClient(t, f) })),
  'Mutation.deleteClient': write('deleteClient', 'ClientIdInput', 'client:write', async (t, f) => ({ clientId: await freshClient(t, f) })),
  'Mutation.declineInvitation': mutation('declineInvitation', 'InvitationIdInput', null, USERS, async (t, f, who) => ({ invitationId: await pendingInvitation(t, f, inviteeFor(f, who)) })),
};
