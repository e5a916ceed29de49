import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAcceptToken } from '../../src/auth/invitation-link.js';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { rawId } from '../helpers/ids.js';
import { behindLock } from '../helpers/lock-queue.js';
import { mutate, mutationDocument } from '../helpers/mutations.js';
import { expectNoChange, snapshotOf } from '../helpers/no-change.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { raceTitle } from '../helpers/race.js';
import { signIn } from '../helpers/users.js';

// A license's seats are its organization's ACTIVE members: every path that makes a member ACTIVE
// (addMember, acceptInvitation by id, token or organization, reactivation) needs a free seat, under
// the organization lock. An expired license, like none, is the free plan: no seat limit.

const ADD = mutationDocument('addMember', 'AddMemberInput', '... on AddMemberPayload { member { id status } }');
const UPDATE = mutationDocument('updateMember', 'UpdateMemberInput', '... on UpdateMemberPayload { member { id status } }');
const INVITE = mutationDocument('inviteMember', 'InviteMemberInput', '... on InviteMemberPayload { invitation { id status } }');
const ACCEPT = mutationDocument('acceptInvitation', 'AcceptInvitationInput', '... on AcceptInvitationPayload { member { id status } }');
const SEATS = `query($id: ID!) { organization(id: $id) { plan license { seats seatsUsed seatsAvailable expired } } }`;

/** Everything a refused seat could have touched. */
const snapshot = snapshotOf(['member', 'invitation']);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A fresh organization with these members, under a license of `seats` seats (billing sets it up, not under test). */
async function licensed(seats: number | null, roles: Parameters<typeof newOrg>[1], expiresAt: Date | null = null): Promise<TestOrg> {
  const o = await newOrg(t, roles);
  const license = await t.prisma.license.create({ data: { plan: 'team', seats, expiresAt } });
  await t.prisma.organization.update({ where: { id: o.orgId }, data: { licenseId: license.id } });
  return o;
}

let people = 0;
/** A user who has signed in once (addMember finds users by email). */
async function newUser(): Promise<string> {
  const email = `person-${++people}@seats.test`;
  await signIn(t, email);
  return email;
}

async function seatsOf(o: TestOrg) {
  return expectData(await t.gql(SEATS, { id: o.org }, { as: o.email.owner })).organization;
}

/** The owner invites `email`; the invitation's global id. Inviting never needs a free seat. */
async function invite(o: TestOrg, email: string): Promise<string> {
  const result = await mutate(t, INVITE, { organizationId: o.org, email, role: 'MEMBER' }, o.email.owner);
  expect(result).toMatchObject({ __typename: 'InviteMemberPayload', invitation: { status: 'PENDING' } });
  return result.invitation.id;
}

function expectSeatConflict(result: any, seats: number, used: number) {
  expect(result).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
  expect(result.message).toBe(
    `All ${seats} seats of the organization's license are taken (${used} active members): free a seat or raise the license's seats first`,
  );
}

describe('at the seat limit', () => {
  it('addMember is a CONFLICT with the numbers and changes nothing', async () => {
    const o = await licensed(2, { owner: 'OWNER', m: 'MEMBER' });
    expect((await seatsOf(o)).license).toEqual({ seats: 2, seatsUsed: 2, seatsAvailable: 0, expired: false });
    const email = await newUser();
    const result = await expectNoChange(t, snapshot, () => mutate(t, ADD, { organizationId: o.org, email, role: 'MEMBER' }, o.email.owner));
    expectSeatConflict(result, 2, 2);
  });

  it('inviting still works; accepting by id, link token or organization is a CONFLICT and the invitation stays pending', async () => {
    const o = await licensed(2, { owner: 'OWNER', m: 'MEMBER' });
    const email = await newUser();
    const invitationId = await invite(o, email);
    const row = await t.prisma.invitation.findUniqueOrThrow({ where: { id: rawId(invitationId) } });
    const token = await signAcceptToken(
      { signingKey: t.signingKey, issuer: t.config.tokens.issuer },
      { invitationId: row.id, linkNonce: row.linkNonce },
      row.expiresAt,
    );
    for (const input of [{ invitationId }, { token }, { organizationId: o.org }]) {
      expectSeatConflict(await expectNoChange(t, snapshot, () => mutate(t, ACCEPT, input, email)), 2, 2);
    }
    expect((await t.prisma.invitation.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('PENDING');
  });

  it('reactivating a suspended member is a CONFLICT once its seat was taken; suspending frees a seat', async () => {
    const o = await licensed(2, { owner: 'OWNER', m: 'MEMBER' });
    const suspended = await mutate(t, UPDATE, { memberId: o.member.m, status: 'SUSPENDED' }, o.email.owner);
    expect(suspended.member.status).toBe('SUSPENDED');
    expect((await seatsOf(o)).license).toMatchObject({ seatsUsed: 1, seatsAvailable: 1 });

    // The freed seat goes to someone else…
    const email = await newUser();
    expect(await mutate(t, ADD, { organizationId: o.org, email, role: 'GUEST' }, o.email.owner)).toMatchObject({ member: { status: 'ACTIVE' } });
    expect((await seatsOf(o)).license).toMatchObject({ seatsUsed: 2, seatsAvailable: 0 });
    // …so the suspended member cannot come back, and its other changes still go through.
    const back = await expectNoChange(t, snapshot, () => mutate(t, UPDATE, { memberId: o.member.m, status: 'ACTIVE' }, o.email.owner));
    expectSeatConflict(back, 2, 2);
    expect(await mutate(t, UPDATE, { memberId: o.member.m, requiredMfaAuth: true }, o.email.owner)).toMatchObject({ member: { status: 'SUSPENDED' } });
    // Changing an ACTIVE member's status to ACTIVE takes no new seat.
    expect(await mutate(t, UPDATE, { memberId: o.member.owner, status: 'ACTIVE' }, o.email.owner)).toMatchObject({ member: { status: 'ACTIVE' } });
  });

  it('a license with fewer seats than active members removes nobody; nobody joins until enough leave', async () => {
    const o = await licensed(2, { owner: 'OWNER', a: 'MEMBER', b: 'MEMBER' });
    expect((await seatsOf(o)).license).toMatchObject({ seats: 2, seatsUsed: 3, seatsAvailable: 0 });
    const email = await newUser();
    expectSeatConflict(await mutate(t, ADD, { organizationId: o.org, email, role: 'MEMBER' }, o.email.owner), 2, 3);
    await mutate(t, UPDATE, { memberId: o.member.a, status: 'SUSPENDED' }, o.email.owner);
    expectSeatConflict(await mutate(t, ADD, { organizationId: o.org, email, role: 'MEMBER' }, o.email.owner), 2, 2);
    await mutate(t, UPDATE, { memberId: o.member.b, status: 'SUSPENDED' }, o.email.owner);
    expect(await mutate(t, ADD, { organizationId: o.org, email, role: 'MEMBER' }, o.email.owner)).toMatchObject({ member: { status: 'ACTIVE' } });
  });

  it('a pending invitation takes no seat: it is accepted once a seat is free', async () => {
    const o = await licensed(2, { owner: 'OWNER', m: 'MEMBER' });
    const email = await newUser();
    const invitationId = await invite(o, email);
    expect((await seatsOf(o)).license).toMatchObject({ seatsUsed: 2, seatsAvailable: 0 });
    await mutate(t, UPDATE, { memberId: o.member.m, status: 'SUSPENDED' }, o.email.owner);
    expect(await mutate(t, ACCEPT, { invitationId }, email)).toMatchObject({ __typename: 'AcceptInvitationPayload', member: { status: 'ACTIVE' } });
    expect((await seatsOf(o)).license).toMatchObject({ seatsUsed: 2, seatsAvailable: 0 });
  });
});

describe('without a seat limit', () => {
  it('an expired license is the free plan: no limit, seatsAvailable null', async () => {
    const o = await licensed(1, { owner: 'OWNER', m: 'MEMBER' }, new Date(Date.now() - 60_000));
    expect(await seatsOf(o)).toEqual({ plan: 'free', license: { seats: 1, seatsUsed: 2, seatsAvailable: null, expired: true } });
    const email = await newUser();
    expect(await mutate(t, ADD, { organizationId: o.org, email, role: 'MEMBER' }, o.email.owner)).toMatchObject({ member: { status: 'ACTIVE' } });
    expect((await seatsOf(o)).license).toMatchObject({ seatsUsed: 3, seatsAvailable: null });
  });

  it('a license of unlimited seats, and no license at all, limit nothing', async () => {
    const unlimited = await licensed(null, { owner: 'OWNER' });
    expect((await seatsOf(unlimited)).license).toEqual({ seats: null, seatsUsed: 1, seatsAvailable: null, expired: false });
    const free = await newOrg(t, { owner: 'OWNER' });
    for (const o of [unlimited, free]) {
      for (let i = 0; i < 3; i++) {
        expect(await mutate(t, ADD, { organizationId: o.org, email: await newUser(), role: 'MEMBER' }, o.email.owner)).toMatchObject({
          __typename: 'AddMemberPayload',
        });
      }
    }
    expect(await seatsOf(free)).toEqual({ plan: 'free', license: null });
  });
});

describe('the last seat', () => {
  it(raceTitle('two invitees accepting at once: exactly one gets it'), async () => {
    const o = await licensed(2, { owner: 'OWNER' });
    const [first, second] = [await newUser(), await newUser()];
    const ids = [await invite(o, first), await invite(o, second)];
    const accept = (email: string, invitationId: string) => () => mutate(t, ACCEPT, { invitationId }, email);
    const requests = [accept(first, ids[0]!), accept(second, ids[1]!)];
    const results = testDatabaseKind() === 'postgres' ? await behindLock(t, o.orgId, requests) : await Promise.all(requests.map((r) => r()));
    expect(results.map((r) => r.__typename).sort()).toEqual(['AcceptInvitationPayload', 'ConflictError']);
    expectSeatConflict(
      results.find((r) => r.__typename === 'ConflictError'),
      2,
      2,
    );
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId, status: 'ACTIVE' } })).toBe(2);
    expect(await t.prisma.invitation.count({ where: { organizationId: o.orgId, status: 'ACCEPTED' } })).toBe(1);
  });
});

describe('seatsUsed in a list of organizations', () => {
  const LIST = `{ organizations(first: 50) { edges { node { name license { seats seatsUsed seatsAvailable } } } } }`;

  it('costs the same statements for 2 licensed organizations as for 6, with the right numbers', async () => {
    const viewer = await newUser();
    const counts: number[] = [];
    for (const more of [2, 4]) {
      for (let i = 0; i < more; i++) {
        const o = await licensed(10, { owner: 'OWNER', a: 'MEMBER', s: 'MEMBER' });
        await t.prisma.member.update({ where: { id: rawId(o.member.s!) }, data: { status: 'SUSPENDED' } });
        await t.prisma.member.create({
          data: { organizationId: o.orgId, userId: (await t.prisma.user.findUniqueOrThrow({ where: { email: viewer } })).id, role: 'ADMIN' },
        });
      }
      const run = await t.counter.during(() => t.gql(LIST, {}, { as: viewer }));
      const nodes = expectData(run.result).organizations.edges.map((e: any) => e.node);
      // owner, a and the viewer are ACTIVE; s is suspended.
      expect(nodes.map((n: any) => n.license)).toEqual(nodes.map(() => ({ seats: 10, seatsUsed: 3, seatsAvailable: 7 })));
      counts.push(run.count);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
