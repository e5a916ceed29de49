import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { expectData, type TestApp } from '../helpers/app.js';
import { addUserTo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';

// GraphQL documents shared by the invitation tests.

export const INVITATION_FIELDS = 'id email role status message expiresAt invitedBy { email } viewerCan { accept decline resend cancel }';
const ERROR = '... on Error { __typename code message }';

export const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) {
  __typename ... on InviteMemberPayload { created invitation { ${INVITATION_FIELDS} } } ${ERROR} } }`;

export const INVITE_MANY = `mutation($input: InviteMembersInput!) { inviteMembers(input: $input) {
  __typename ... on InviteMembersPayload { results { __typename ... on InvitedAddress { email created invitation { id email role status } } ... on Error { code } } }
  ... on ValidationError { fields { path message } } ${ERROR} } }`;

const byId = (field: string, payload: string, selection = `invitation { ${INVITATION_FIELDS} }`) =>
  `mutation($id: ID!) { ${field}(input: { invitationId: $id }) { __typename ... on ${payload} { ${selection} } ${ERROR} } }`;

export const RESEND = byId('resendInvitation', 'ResendInvitationPayload');
export const CANCEL = byId('cancelInvitation', 'CancelInvitationPayload');
export const DECLINE = byId('declineInvitation', 'DeclineInvitationPayload');
export const ACCEPT = byId('acceptInvitation', 'AcceptInvitationPayload', `invitation { id status } member { role user { email } organization { id } }`);

/** Accepts with the token of an invitation email's link (test/mail). */
export const ACCEPT_BY_TOKEN = `mutation($token: String!) { acceptInvitation(input: { token: $token }) { __typename
  ... on AcceptInvitationPayload { invitation { id status } member { role user { email } } } ${ERROR} } }`;

export const LEAVE = `mutation($id: ID!) { leaveOrganization(input: { organizationId: $id }) { __typename ${ERROR} } }`;

export const ORG_INVITATIONS = `query($id: ID!, $status: [InvitationStatus!]) { organization(id: $id) { name
  invitations(status: $status) { totalCount edges { node { ${INVITATION_FIELDS} } } } } }`;

export const MY_INVITATIONS = `query($status: [InvitationStatus!]) { me { invitations(status: $status) { totalCount
  edges { node { ${INVITATION_FIELDS} organization { name } } } } } }`;

export const MY_MEMBERSHIPS = `{ me { memberships { edges { node { role organization { id name } } } } } }`;

export interface Mutation {
  /** The mutation field's result (payload or typed error). */
  result: any;
  /** Audit rows written under this request's id. */
  audit: { id: string; action: string; actorId: string | null; organizationId: string | null; requestId: string | null; targetId: string; changes: unknown }[];
  /** How many audit rows the whole database gained during the request. */
  auditDelta: number;
}

/** Runs one mutation as `as` with its own x-request-id and reports the audit rows it wrote. */
export async function mutate(t: TestApp, query: string, variables: Record<string, unknown>, as: string): Promise<Mutation> {
  const requestId = `invitations-${randomUUID()}`;
  const before = await t.prisma.auditLog.count();
  const data = expectData(await t.gql(query, variables, { as, headers: { 'x-request-id': requestId } }));
  const audit = await t.prisma.auditLog.findMany({ where: { requestId } });
  const auditDelta = (await t.prisma.auditLog.count()) - before;
  return { result: Object.values(data as object)[0], audit, auditDelta };
}

/** The mutation succeeded with `payload` and wrote exactly one complete audit row. */
export async function expectAudited(t: TestApp, m: Mutation, payload: string, action: string, actorEmail: string, organizationGid: string) {
  expect(m.result.__typename, JSON.stringify(m.result)).toBe(payload);
  expect(m.auditDelta).toBe(1);
  expect(m.audit).toHaveLength(1);
  const actor = await t.prisma.user.findUniqueOrThrow({ where: { email: actorEmail } });
  expect(m.audit[0]).toMatchObject({ action, actorId: actor.id, organizationId: rawId(organizationGid) });
  expect(m.audit[0]!.requestId).toMatch(/^invitations-/);
}

/** The mutation failed with the typed error `typename` and wrote no audit row. */
export function expectRefused(m: Mutation, typename: string) {
  expect(m.result.__typename, JSON.stringify(m.result)).toBe(typename);
  expect(m.auditDelta).toBe(0);
}

/** Invites through the API and returns the invitation's global id. */
export async function invite(t: TestApp, organizationId: string, email: string, as: string, role = 'MEMBER'): Promise<string> {
  const { result } = await mutate(t, INVITE, { input: { organizationId, email, role } }, as);
  expect(result.__typename, JSON.stringify(result)).toBe('InviteMemberPayload');
  return result.invitation.id;
}

/** A new organization with these members (test setup). */
export async function createOrg(t: TestApp, name: string, members: Record<string, 'OWNER' | 'ADMIN' | 'MEMBER' | 'GUEST'>): Promise<string> {
  const organization = await t.prisma.organization.create({ data: { name } });
  const id = gid('Organization', organization.id);
  for (const [email, role] of Object.entries(members)) await addUserTo(t, id, email, role);
  return id;
}

/** The invitation's database row. */
export const invitationRow = (t: TestApp, globalId: string) => t.prisma.invitation.findUniqueOrThrow({ where: { id: rawId(globalId) } });

/** Memberships of `email` in the organization. */
export const membershipCount = (t: TestApp, organizationGid: string, email: string) =>
  t.prisma.member.count({ where: { organizationId: rawId(organizationGid), user: { email } } });

/** Moves an invitation's expiry into the past (the API cannot). */
export const expire = (t: TestApp, globalId: string) =>
  t.prisma.invitation.update({ where: { id: rawId(globalId) }, data: { expiresAt: new Date(Date.now() - 60_000) } });
