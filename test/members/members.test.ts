import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type TestApp } from '../helpers/app.js';
import { ALICE, BOB, CAROL, DAVE, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { mutate } from '../helpers/mutations.js';
import { expectNoChange } from '../helpers/no-change.js';
import { newOrg } from '../helpers/orgs.js';
import { signIn } from '../helpers/users.js';
import { ADD_MEMBER, INVITE, LEAVE, REMOVE_MEMBER, UPDATE_MEMBER, auditDuring, expectOneAudit, snapshot, whatUserSees } from './support.js';

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

/** A refused mutation: the expected typed error, and nothing written. */
async function expectRefused(document: string, input: Record<string, unknown>, as: string, typename: string, code: string) {
  const result = await expectNoChange(t, snapshot, () => mutate(t, document, input, as));
  expect(result).toMatchObject({ __typename: typename, code });
  return result;
}

/** An anonymous call: a top-level UNAUTHENTICATED error, and nothing written. */
async function expectUnauthenticated(document: string, input: Record<string, unknown>) {
  const response = await expectNoChange(t, snapshot, () => t.gql(document, { input }));
  expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  expect(response.data?.result ?? null).toBeNull();
}

describe('addMember', () => {
  it('adds an existing user by email, normalized, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const newcomer = `newcomer.${randomUUID()}@members.test`;
    await signIn(t, newcomer);
    const requestId = randomUUID();
    const { result, entries } = await auditDuring(t, () =>
      mutate(t, ADD_MEMBER, { organizationId: o.org, email: `  ${newcomer.toUpperCase()} `, role: 'ADMIN' }, o.email.owner!, requestId),
    );
    expect(result.__typename).toBe('AddMemberPayload');
    expect(result.member).toMatchObject({ role: 'ADMIN', status: 'ACTIVE', user: { email: newcomer }, organization: { id: o.org } });
    const row = await t.prisma.member.findUniqueOrThrow({ where: { id: rawId(result.member.id) }, include: { user: true } });
    expect(row).toMatchObject({ organizationId: o.orgId, role: 'ADMIN', user: { email: newcomer } });
    await expectOneAudit(t, entries, { action: 'member.add', actorEmail: o.email.owner!, requestId, organizationId: o.orgId, targetId: row.id });
  });

  it('answers NotFoundError for an email nobody signed in with', async () => {
    const result = await expectRefused(
      ADD_MEMBER,
      { organizationId: demo.acme, email: 'nobody@nowhere.test', role: 'MEMBER' },
      ALICE,
      'NotFoundError',
      'NOT_FOUND',
    );
    expect(result.resource).toBe('User');
  });

  it('answers ConflictError for a user who is already a member', async () => {
    await expectRefused(ADD_MEMBER, { organizationId: demo.acme, email: BOB, role: 'GUEST' }, ALICE, 'ConflictError', 'CONFLICT');
  });

  it('answers ValidationError at ["input","email"] for a malformed email', async () => {
    const result = await expectRefused(
      ADD_MEMBER,
      { organizationId: demo.acme, email: 'not-an-email', role: 'MEMBER' },
      ALICE,
      'ValidationError',
      'BAD_USER_INPUT',
    );
    expect(result.fields).toHaveLength(1);
    expect(result.fields[0].path).toEqual(['input', 'email']);
  });

  it('hides the organization from an owner of another organization, refuses a plain member, and demands a token', async () => {
    const input = { organizationId: demo.acme, email: DAVE, role: 'MEMBER' };
    const outsider = await expectRefused(ADD_MEMBER, input, CAROL, 'NotFoundError', 'NOT_FOUND');
    expect(outsider.resource).toBe('Organization');
    await expectRefused(ADD_MEMBER, input, BOB, 'ForbiddenError', 'FORBIDDEN');
    await expectUnauthenticated(ADD_MEMBER, input);
  });
});

describe('updateMember', () => {
  it('changes role, status and authentication requirements, with one audit entry of the changes', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const requestId = randomUUID();
    const { result, entries } = await auditDuring(t, () =>
      mutate(
        t,
        UPDATE_MEMBER,
        { memberId: o.member.m, role: 'ADMIN', status: 'SUSPENDED', requiredMfaAuth: true, requiredSsoAuth: true },
        o.email.owner!,
        requestId,
      ),
    );
    expect(result).toEqual({
      __typename: 'UpdateMemberPayload',
      member: { id: o.member.m, role: 'ADMIN', status: 'SUSPENDED', requiredMfaAuth: true, requiredSsoAuth: true, user: { email: o.email.m } },
    });
    expect(await t.prisma.member.findUniqueOrThrow({ where: { id: rawId(o.member.m!) } })).toMatchObject({
      role: 'ADMIN',
      status: 'SUSPENDED',
      requiredMfaAuth: true,
      requiredSsoAuth: true,
    });
    await expectOneAudit(t, entries, { action: 'member.update', actorEmail: o.email.owner!, requestId, organizationId: o.orgId, targetId: rawId(o.member.m!) });
    expect(entries[0]!.changes).toMatchObject({ role: { from: 'MEMBER', to: 'ADMIN' }, status: { from: 'ACTIVE', to: 'SUSPENDED' } });
  });

  it('hides the member from an owner of another organization, refuses a plain member, and demands a token', async () => {
    const input = { memberId: demo.members[BOB], role: 'GUEST' };
    await expectRefused(UPDATE_MEMBER, input, CAROL, 'NotFoundError', 'NOT_FOUND');
    await expectRefused(UPDATE_MEMBER, input, BOB, 'ForbiddenError', 'FORBIDDEN');
    await expectRefused(UPDATE_MEMBER, { memberId: demo.members[ALICE], requiredMfaAuth: true }, BOB, 'ForbiddenError', 'FORBIDDEN');
    await expectUnauthenticated(UPDATE_MEMBER, input);
  });
});

describe('removeMember', () => {
  it('removes a member with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const requestId = randomUUID();
    const { result, entries } = await auditDuring(t, () => mutate(t, REMOVE_MEMBER, { memberId: o.member.m }, o.email.owner!, requestId));
    expect(result).toEqual({ __typename: 'MembershipEndedPayload', removedMemberId: o.member.m, organizationId: o.org });
    expect(await t.prisma.member.count({ where: { id: rawId(o.member.m!) } })).toBe(0);
    await expectOneAudit(t, entries, { action: 'member.remove', actorEmail: o.email.owner!, requestId, organizationId: o.orgId, targetId: rawId(o.member.m!) });
  });

  it('voids the pending invitations the removed member sent, and only those', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    const invite = async (as: string, email: string) => {
      const result = await mutate(t, INVITE, { organizationId: o.org, email, role: 'MEMBER' }, as);
      expect(result.__typename).toBe('InviteMemberPayload');
      return rawId(result.invitation.id);
    };
    const byAdmin = [await invite(o.email.admin!, 'x@invitees.test'), await invite(o.email.admin!, 'y@invitees.test')];
    const byOwner = await invite(o.email.owner!, 'z@invitees.test');

    const { result, entries } = await auditDuring(t, () => mutate(t, REMOVE_MEMBER, { memberId: o.member.admin }, o.email.owner!));
    expect(result.__typename).toBe('MembershipEndedPayload');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.changes).toMatchObject({ invitationsVoided: 2 });
    for (const id of byAdmin) {
      expect(await t.prisma.invitation.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'CANCELLED', pendingEmail: null });
    }
    expect((await t.prisma.invitation.findUniqueOrThrow({ where: { id: byOwner } })).status).toBe('PENDING');
  });

  it('hides the member from an owner of another organization, refuses a plain member, and demands a token', async () => {
    await expectRefused(REMOVE_MEMBER, { memberId: demo.members[BOB] }, CAROL, 'NotFoundError', 'NOT_FOUND');
    await expectRefused(REMOVE_MEMBER, { memberId: demo.members[ALICE] }, BOB, 'ForbiddenError', 'FORBIDDEN');
    await expectRefused(REMOVE_MEMBER, { memberId: demo.members[BOB] }, BOB, 'ForbiddenError', 'FORBIDDEN');
    await expectUnauthenticated(REMOVE_MEMBER, { memberId: demo.members[BOB] });
  });
});

describe('leaveOrganization', () => {
  it('lets a plain member leave, with one audit entry by the leaver', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const requestId = randomUUID();
    const { result, entries } = await auditDuring(t, () => mutate(t, LEAVE, { organizationId: o.org }, o.email.m!, requestId));
    expect(result).toEqual({ __typename: 'MembershipEndedPayload', removedMemberId: o.member.m, organizationId: o.org });
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId } })).toBe(1);
    await expectOneAudit(t, entries, { action: 'member.leave', actorEmail: o.email.m!, requestId, organizationId: o.orgId, targetId: rawId(o.member.m!) });
  });

  it('answers NotFoundError to a non-member (an owner of another organization) and demands a token', async () => {
    await expectRefused(LEAVE, { organizationId: demo.acme }, CAROL, 'NotFoundError', 'NOT_FOUND');
    await expectRefused(LEAVE, { organizationId: demo.acme }, DAVE, 'NotFoundError', 'NOT_FOUND');
    await expectUnauthenticated(LEAVE, { organizationId: demo.acme });
  });
});

describe('a former or suspended member sees nothing of the organization (invariant 4)', () => {
  async function expectSeesNothing(email: string, org: string) {
    const sees = await whatUserSees(t, email, org);
    expect(errorCodes(sees.byId)).toEqual(['NOT_FOUND']);
    expect(sees.listed).toBe(false);
    expect(sees.inMemberships).toBe(false);
  }

  it('after removeMember, the removed user’s next request sees nothing', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const before = await whatUserSees(t, o.email.m!, o.org);
    expect(before.byId.data?.organization?.id).toBe(o.org);
    expect(before.listed && before.inMemberships).toBe(true);

    expect((await mutate(t, REMOVE_MEMBER, { memberId: o.member.m }, o.email.owner!)).__typename).toBe('MembershipEndedPayload');
    await expectSeesNothing(o.email.m!, o.org);
    // Nor can it act there any more.
    const again = await expectNoChange(t, snapshot, () => mutate(t, LEAVE, { organizationId: o.org }, o.email.m!));
    expect(again.__typename).toBe('NotFoundError');
  });

  it('after leaveOrganization, the former member sees nothing', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    expect((await mutate(t, LEAVE, { organizationId: o.org }, o.email.m!)).__typename).toBe('MembershipEndedPayload');
    await expectSeesNothing(o.email.m!, o.org);
  });

  it('a SUSPENDED member sees nothing and can manage nothing until reactivated', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', m: 'MEMBER' });
    const suspended = await mutate(t, UPDATE_MEMBER, { memberId: o.member.admin, status: 'SUSPENDED' }, o.email.owner!);
    expect(suspended.member.status).toBe('SUSPENDED');
    await expectSeesNothing(o.email.admin!, o.org);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: o.member.m }, { as: o.email.admin! });
    expect(errorCodes(node)).toEqual(['NOT_FOUND']);
    expect(node.data?.node ?? null).toBeNull();
    const refused = await expectNoChange(t, snapshot, () => mutate(t, UPDATE_MEMBER, { memberId: o.member.m, role: 'GUEST' }, o.email.admin!));
    expect(refused.__typename).toBe('NotFoundError');

    await mutate(t, UPDATE_MEMBER, { memberId: o.member.admin, status: 'ACTIVE' }, o.email.owner!);
    const sees = await whatUserSees(t, o.email.admin!, o.org);
    expect(sees.byId.data?.organization?.id).toBe(o.org);
    expect(sees.listed && sees.inMemberships).toBe(true);
  });
});
