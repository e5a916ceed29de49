import { randomUUID } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { expect } from 'vitest';
import { expectData, type TestApp } from '../helpers/app.js';
import { addUserTo, gid } from '../helpers/fixtures.js';

// Shared documents and setup for the member tests. Each mutation is aliased `result` so that
// `mutate` can return the union value whatever the mutation.

export type RoleName = 'OWNER' | 'ADMIN' | 'MEMBER' | 'GUEST';
export const ROLES: RoleName[] = ['OWNER', 'ADMIN', 'MEMBER', 'GUEST'];

const FAILURE = `... on Error { code message } ... on NotFoundError { resource } ... on ValidationError { fields { path message } }`;
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

/** Runs a mutation as `as` (anonymous when omitted) with a fresh x-request-id; returns the union value. */
export async function mutate(t: TestApp, document: string, input: Record<string, unknown>, as?: string, requestId = randomUUID()): Promise<any> {
  const response = await t.gql(document, { input }, { ...(as ? { as } : {}), headers: { 'x-request-id': requestId } });
  return expectData<any>(response).result;
}

export const rawId = (globalId: string) => decodeGlobalID(globalId).id;

export async function userIdOf(t: TestApp, email: string): Promise<string> {
  return (await t.prisma.user.findUniqueOrThrow({ where: { email } })).id;
}

/** Makes the user exist the way a real one does: by sending one request. */
export async function signIn(t: TestApp, email: string): Promise<void> {
  expectData(await t.gql(`{ me { id } }`, {}, { as: email }));
}

export interface TestOrg {
  /** Global id of the organization. */
  org: string;
  orgId: string;
  /** Email by label. */
  email: Record<string, string>;
  /** Global member id by label. */
  member: Record<string, string>;
}

let orgCount = 0;

/** A fresh organization with one member per label, e.g. { a: 'OWNER', m: 'MEMBER' } (test setup, not under test). */
export async function newOrg(t: TestApp, roles: Record<string, RoleName>): Promise<TestOrg> {
  const n = ++orgCount;
  const organization = await t.prisma.organization.create({ data: { name: `Org ${n}` } });
  const org = gid('Organization', organization.id);
  const result: TestOrg = { org, orgId: organization.id, email: {}, member: {} };
  for (const [label, role] of Object.entries(roles)) {
    const email = `${label}.${n}@members.test`;
    result.email[label] = email;
    result.member[label] = await addUserTo(t, org, email, role);
  }
  return result;
}

/** Everything a member mutation could touch, to show that a refused one changed nothing. */
export async function snapshot(t: TestApp) {
  const [members, invitations, audit] = await Promise.all([
    t.prisma.member.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.invitation.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.auditLog.count(),
  ]);
  return { members, invitations, audit };
}

/** Runs `work` and asserts that the database is exactly as before. */
export async function expectNoChange<T>(t: TestApp, work: () => Promise<T>): Promise<T> {
  const before = await snapshot(t);
  const result = await work();
  expect(await snapshot(t)).toEqual(before);
  return result;
}

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
