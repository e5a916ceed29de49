import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, type TestApp } from '../helpers/app.js';
import { ALICE, DAVE, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';
import { raceTitle } from '../helpers/race.js';
import {
  ACCEPT,
  CANCEL,
  createOrg,
  DECLINE,
  expectAudited,
  expectRefused,
  expire,
  invitationRow,
  INVITE,
  invite,
  LEAVE,
  membershipCount,
  mutate,
  MY_INVITATIONS,
  MY_MEMBERSHIPS,
  RESEND,
} from './helpers.js';

const UPDATE_MEMBER = `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { __typename } }`;

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

/** A token whose email claim is upper-case, signed like the server's own tokens. */
async function upperCaseToken(email: string): Promise<string> {
  const { alg, kid, privateKey } = t.signingKey;
  return new SignJWT({ email: email.toUpperCase(), email_verified: true })
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setIssuer(t.config.tokens.issuer)
    .setAudience(t.config.tokens.audience)
    .setSubject(`email:${email}`)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

describe('acceptInvitation', () => {
  it('is refused to everyone but the invitee, with NotFoundError', async () => {
    for (const as of [ALICE, 'bob@acme.test', 'carol@globex.test', 'eve@example.test']) {
      const m = await mutate(t, ACCEPT, { id: demo.daveInvitation }, as);
      expectRefused(m, 'NotFoundError');
    }
    expect((await invitationRow(t, demo.daveInvitation)).status).toBe('PENDING');
    expect(await t.prisma.member.count({ where: { organizationId: rawId(demo.acme) } })).toBe(2);
  });

  it('makes the invitee (email matched case-insensitively) a member with the invited role, once', async () => {
    const token = await upperCaseToken(DAVE);
    const requestId = 'invitations-accept-dave';
    const response = await t.gql(ACCEPT, { id: demo.daveInvitation }, { token, headers: { 'x-request-id': requestId } });
    const result = expectData(response).acceptInvitation;
    expect(result).toMatchObject({
      __typename: 'AcceptInvitationPayload',
      invitation: { status: 'ACCEPTED' },
      member: { role: 'MEMBER', user: { email: DAVE }, organization: { id: demo.acme } },
    });
    const audit = await t.prisma.auditLog.findMany({ where: { requestId } });
    const dave = await t.prisma.user.findUniqueOrThrow({ where: { email: DAVE } });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'invitation.accept', actorId: dave.id, organizationId: rawId(demo.acme), targetId: rawId(demo.daveInvitation) }),
    ]);

    const memberships = expectData(await t.gql(MY_MEMBERSHIPS, {}, { as: DAVE })).me.memberships.edges.map((e: any) => e.node);
    expect(memberships).toEqual([{ role: 'MEMBER', organization: { id: demo.acme, name: 'Acme' } }]);

    const again = await mutate(t, ACCEPT, { id: demo.daveInvitation }, DAVE);
    expectRefused(again, 'ConflictError');
    expect(await membershipCount(t, demo.acme, DAVE)).toBe(1);
    expect((await invitationRow(t, demo.daveInvitation)).status).toBe('ACCEPTED');
  });

  it('checks expiry at accept time: an expired invitation reads EXPIRED, cannot be accepted, and re-inviting creates a new one', async () => {
    const id = await invite(t, demo.acme, 'exp@example.test', ALICE);
    await expire(t, id);
    expectRefused(await mutate(t, ACCEPT, { id }, 'exp@example.test'), 'ConflictError');
    expectRefused(await mutate(t, DECLINE, { id }, 'exp@example.test'), 'ConflictError');
    expect(await membershipCount(t, demo.acme, 'exp@example.test')).toBe(0);
    const mine = expectData(await t.gql(MY_INVITATIONS, {}, { as: 'exp@example.test' })).me.invitations.edges.map((e: any) => e.node);
    expect(mine).toMatchObject([{ id, status: 'EXPIRED', viewerCan: { accept: false, decline: false } }]);

    const again = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'exp@example.test', role: 'MEMBER' } }, ALICE);
    await expectAudited(t, again, 'InviteMemberPayload', 'invitation.create', ALICE, demo.acme);
    expect(again.result).toMatchObject({ created: true, invitation: { status: 'PENDING' } });
    expect(again.result.invitation.id).not.toBe(id);
    expect((await invitationRow(t, id)).status).toBe('EXPIRED');
  });

  it(raceTitle('leaves exactly one membership and one audit entry when 20 accepts race'), async () => {
    const racer = 'racer@example.test';
    const id = await invite(t, demo.acme, racer, ALICE, 'GUEST');
    expectData(await t.gql(`{ me { email } }`, {}, { as: racer })); // the user exists before the race
    const responses = await Promise.all(Array.from({ length: 20 }, () => t.gql(ACCEPT, { id }, { as: racer })));
    const typenames = responses.map((r) => expectData(r).acceptInvitation.__typename);
    expect(typenames.filter((n) => n === 'AcceptInvitationPayload')).toHaveLength(1);
    expect(typenames.filter((n) => n === 'ConflictError')).toHaveLength(19);
    expect(await membershipCount(t, demo.acme, racer)).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { action: 'invitation.accept', targetId: rawId(id) } })).toBe(1);
  });

  it('voids the invitation when its inviter leaves the organization', async () => {
    const twin = await createOrg(t, 'Twin', { 'ann@twin.test': 'OWNER', 'ben@twin.test': 'OWNER' });
    const id = await invite(t, twin, 'ivy@example.test', 'ann@twin.test');
    expect((await mutate(t, LEAVE, { id: twin }, 'ann@twin.test')).result.__typename).toBe('MembershipEndedPayload');

    const [node] = expectData(await t.gql(MY_INVITATIONS, {}, { as: 'ivy@example.test' })).me.invitations.edges.map((e: any) => e.node);
    expect(node).toMatchObject({ id, status: 'CANCELLED', viewerCan: { accept: false, decline: false } });
    expectRefused(await mutate(t, ACCEPT, { id }, 'ivy@example.test'), 'ConflictError');
    expect(await membershipCount(t, twin, 'ivy@example.test')).toBe(0);
  });

  it('offers accept, and accepting works, while the inviter is merely suspended (suspended is not gone)', async () => {
    const org = await createOrg(t, 'Pair', { 'amy@pair.test': 'OWNER', 'bo@pair.test': 'OWNER' });
    const id = await invite(t, org, 'una@example.test', 'amy@pair.test');
    const amy = await t.prisma.member.findFirstOrThrow({ where: { organizationId: rawId(org), user: { email: 'amy@pair.test' } } });
    const suspend = await mutate(t, UPDATE_MEMBER, { input: { memberId: gid('Member', amy.id), status: 'SUSPENDED' } }, 'bo@pair.test');
    expect(suspend.result.__typename).toBe('UpdateMemberPayload');
    const [mine] = expectData(await t.gql(MY_INVITATIONS, {}, { as: 'una@example.test' })).me.invitations.edges;
    const accepted = await mutate(t, ACCEPT, { id }, 'una@example.test');
    expect(mine.node.viewerCan.accept).toBe(accepted.result.__typename === 'AcceptInvitationPayload');
    expect(accepted.result.__typename).toBe('AcceptInvitationPayload');
  });
});

describe('declineInvitation', () => {
  it('declines once, with one audit entry; only the invitee may', async () => {
    const id = await invite(t, demo.acme, 'dee@example.test', ALICE);
    expectRefused(await mutate(t, DECLINE, { id }, ALICE), 'NotFoundError');
    const m = await mutate(t, DECLINE, { id }, 'dee@example.test');
    await expectAudited(t, m, 'DeclineInvitationPayload', 'invitation.decline', 'dee@example.test', demo.acme);
    expect(m.result.invitation).toMatchObject({ id, status: 'DECLINED' });
    expect(await membershipCount(t, demo.acme, 'dee@example.test')).toBe(0);
  });
});

describe('final statuses', () => {
  const finish = {
    ACCEPTED: (id: string, invitee: string) => mutate(t, ACCEPT, { id }, invitee),
    DECLINED: (id: string, invitee: string) => mutate(t, DECLINE, { id }, invitee),
    CANCELLED: (id: string) => mutate(t, CANCEL, { id }, ALICE),
  };

  it.each(Object.keys(finish) as (keyof typeof finish)[])('%s never changes again', async (status) => {
    const invitee = `final-${status.toLowerCase()}@example.test`;
    const id = await invite(t, demo.acme, invitee, ALICE);
    expect((await finish[status](id, invitee)).result.invitation.status).toBe(status);
    const before = await invitationRow(t, id);

    for (const [query, as] of [
      [ACCEPT, invitee],
      [DECLINE, invitee],
      [CANCEL, ALICE],
      [RESEND, ALICE],
    ] as const) {
      expectRefused(await mutate(t, query, { id }, as), 'ConflictError');
    }
    expect(await invitationRow(t, id)).toEqual(before);
  });
});
