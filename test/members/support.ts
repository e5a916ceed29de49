import { expect } from 'vitest';
import { expectData, type TestApp } from '../helpers/app.js';
import { FAILURE } from '../helpers/mutations.js';
import { snapshotOf } from '../helpers/no-change.js';
import type { RoleName } from '../helpers/orgs.js';
import { userIdOf } from '../helpers/users.js';

// Documents and checks of the member tests alone. Each mutation is aliased `result` so that
// `mutate` (test/helpers/mutations.ts) returns the union value whatever the mutation.

export const ROLES: RoleName[] = ['OWNER', 'ADMIN', 'MEMBER', 'GUEST'];

const MEMBER = `id role status requiredMfaAuth requiredSsoAuth user { email }`;
const ENDED = `... on MembershipEndedPayload { removedMemberId organizationId }`;

export const ADD_MEMBER = `mutation($input: AddMemberInput!) { result: addMember(input: $input) { __typename ${FAILURE} ... on AddMemberPayload { member { ${MEMBER} organization { id } } } } }`;
export const UPDATE_MEMBER = `mutation($input: UpdateMemberInput!) { result: updateMember(input: $input) { __typename ${FAILURE} ... on UpdateMemberPayload { member { ${MEMBER} } } } }`;
export const REMOVE_MEMBER = `mutation($input: MemberIdInput!) { result: removeMember(input: $input) { __typename ${FAILURE} ${ENDED} } }`;
export const LEAVE = `mutation($input: OrganizationIdInput!) { result: leaveOrganization(input: $input) { __typename ${FAILURE} ${ENDED} } }`;
export const INVITE = `mutation($input: InviteMemberInput!) { result: inviteMember(input: $input) { __typename ${FAILURE} ... on InviteMemberPayload { invitation { id } } } }`;

export const ORGANIZATION = `query($id: ID!) { organization(id: $id) { id name } }`;
export const MY_ORGANIZATIONS = `{ organizations { edges { node { id } } } }`;
export const MY_MEMBERSHIPS = `{ me { memberships { edges { node { id organization { id } } } } } }`;

/** Everything a member mutation could touch, to show that a refused one changed nothing. */
export const snapshot = snapshotOf(['member', 'invitation']);

/** Runs `work` and returns the audit entries written meanwhile. */
export async function auditDuring<T>(t: TestApp, work: () => Promise<T>) {
  const before = new Set((await t.prisma.auditLog.findMany({ select: { id: true } })).map((e) => e.id));
  const result = await work();
  const entries = (await t.prisma.auditLog.findMany({ orderBy: { createdAt: 'asc' } })).filter((e) => !before.has(e.id));
  return { result, entries };
}

/** Asserts a successful mutation wrote exactly one audit entry, by `actorEmail`, in request `requestId`. */
export async function expectOneAudit(
  t: TestApp,
  entries: Awaited<ReturnType<typeof auditDuring>>['entries'],
  expected: { action: string; actorEmail: string; requestId: string; organizationId: string; targetId: string },
) {
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    action: expected.action,
    actorType: 'USER',
    actorId: await userIdOf(t, expected.actorEmail),
    requestId: expected.requestId,
    organizationId: expected.organizationId,
    targetType: 'Member',
    targetId: expected.targetId,
  });
}

/** The organizations a user can see through each of the three read paths. */
export async function whatUserSees(t: TestApp, email: string, org: string) {
  const byId = await t.gql(ORGANIZATION, { id: org }, { as: email });
  const list = expectData(await t.gql(MY_ORGANIZATIONS, {}, { as: email })) as any;
  const me = expectData(await t.gql(MY_MEMBERSHIPS, {}, { as: email })) as any;
  return {
    byId,
    listed: list.organizations.edges.some((e: any) => e.node.id === org),
    inMemberships: me.me.memberships.edges.some((e: any) => e.node.organization.id === org),
  };
}
