import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { ALICE, DAVE, addUserTo, seedDemo, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import {
  ACCEPT,
  CANCEL,
  createOrg,
  DECLINE,
  expectAudited,
  expectRefused,
  expire,
  invitationRow,
  invite,
  mutate,
  MY_INVITATIONS,
  ORG_INVITATIONS,
  RESEND,
} from './helpers.js';

const ADAM = 'adam@acme.test'; // ADMIN of Acme
const DAY = 86_400_000;
const ADD_MEMBER = `mutation($input: AddMemberInput!) { addMember(input: $input) { __typename } }`;
const NONE = { accept: false, decline: false, resend: false, cancel: false };

let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  await addUserTo(t, demo.acme, ADAM, 'ADMIN');
});
afterAll(() => t.close());

const orgInvitations = async (id: string, as: string, status?: string[]) =>
  expectData(await t.gql(ORG_INVITATIONS, { id, status }, { as })).organization.invitations;
const myInvitations = async (as: string, status?: string[]) => expectData(await t.gql(MY_INVITATIONS, { status }, { as })).me.invitations;
const viewerCan = async (id: string, as: string) => {
  const { edges } = await orgInvitations(demo.acme, as);
  return edges.find((e: any) => e.node.id === id).node.viewerCan;
};

describe('resendInvitation and cancelInvitation', () => {
  it('resend gives a pending invitation a new 7-day expiry, with one audit entry', async () => {
    const id = await invite(t, demo.acme, 'rex@example.test', ALICE);
    await t.prisma.invitation.update({ where: { id: rawId(id) }, data: { expiresAt: new Date(Date.now() + DAY) } });
    const m = await mutate(t, RESEND, { id }, ALICE);
    await expectAudited(t, m, 'ResendInvitationPayload', 'invitation.resend', ALICE, demo.acme);
    expect(m.result.invitation).toMatchObject({ id, status: 'PENDING' });
    expect(Math.abs(new Date(m.result.invitation.expiresAt).getTime() - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
  });

  it('cancel ends an invitation, with one audit entry, and frees the address for a new one', async () => {
    const id = await invite(t, demo.acme, 'cy@example.test', ALICE);
    const m = await mutate(t, CANCEL, { id }, ALICE);
    await expectAudited(t, m, 'CancelInvitationPayload', 'invitation.cancel', ALICE, demo.acme);
    expect(m.result.invitation).toMatchObject({ id, status: 'CANCELLED' });
    const next = await invite(t, demo.acme, 'cy@example.test', ALICE);
    expect(next).not.toBe(id);
  });

  it.each([
    ['carol, of another organization', 'carol@globex.test', 'MEMBER', 'NotFoundError', 'deny1@example.test'],
    ['bob, a MEMBER', 'bob@acme.test', 'MEMBER', 'ForbiddenError', 'deny2@example.test'],
    ['an ADMIN, for an OWNER invitation', ADAM, 'OWNER', 'ForbiddenError', 'deny3@example.test'],
  ])('denies %s', async (_who, as, role, typename, invitee) => {
    const id = await invite(t, demo.acme, invitee, ALICE, role);
    for (const query of [CANCEL, RESEND]) expectRefused(await mutate(t, query, { id }, as), typename);
    expect(await invitationRow(t, id)).toMatchObject({ status: 'PENDING' });
  });

  it('answers an anonymous caller with a top-level UNAUTHENTICATED', async () => {
    const response = await t.gql(CANCEL, { id: demo.daveInvitation });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect((await invitationRow(t, demo.daveInvitation)).status).toBe('PENDING');
  });
});

describe('Organization.invitations', () => {
  it('filters by effective status, newest first; MEMBERs read it, GUESTs get FORBIDDEN, outsiders NOT_FOUND', async () => {
    const org = await createOrg(t, 'Reads', { 'olga@reads.test': 'OWNER', 'mia@reads.test': 'MEMBER', 'gus@reads.test': 'GUEST' });
    const ids: Record<string, string> = {};
    for (const name of ['pending', 'cancelled', 'expired', 'declined']) ids[name] = await invite(t, org, `${name}@example.test`, 'olga@reads.test');
    await mutate(t, CANCEL, { id: ids.cancelled }, 'olga@reads.test');
    await mutate(t, DECLINE, { id: ids.declined }, 'declined@example.test');
    await expire(t, ids.expired!);

    const all = await orgInvitations(org, 'mia@reads.test');
    expect(all.totalCount).toBe(4);
    expect(all.edges.map((e: any) => [e.node.email, e.node.status])).toEqual([
      ['declined@example.test', 'DECLINED'],
      ['expired@example.test', 'EXPIRED'],
      ['cancelled@example.test', 'CANCELLED'],
      ['pending@example.test', 'PENDING'],
    ]);
    const emails = async (status: string[]) => (await orgInvitations(org, 'mia@reads.test', status)).edges.map((e: any) => e.node.email);
    expect(await emails(['PENDING'])).toEqual(['pending@example.test']);
    expect(await emails(['EXPIRED'])).toEqual(['expired@example.test']);
    expect(await emails(['CANCELLED', 'DECLINED'])).toEqual(['declined@example.test', 'cancelled@example.test']);

    const guest = await t.gql(ORG_INVITATIONS, { id: org }, { as: 'gus@reads.test' });
    expect(errorCodes(guest)).toEqual(['FORBIDDEN']);
    expect(guest.errors?.[0]?.path).toEqual(['organization', 'invitations']);

    expect(errorCodes(await t.gql(ORG_INVITATIONS, { id: org }, { as: 'carol@globex.test' }))).toEqual(['NOT_FOUND']);
  });

  it('keeps the rest of the organizations list when a GUEST may not read one organization’s invitations', async () => {
    await createOrg(t, 'Owned', { 'uma@example.test': 'OWNER' });
    await createOrg(t, 'Guesting', { 'uma@example.test': 'GUEST' });
    const response = await t.gql(`{ organizations { edges { node { name invitations { totalCount } } } } }`, {}, { as: 'uma@example.test' });
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.data?.organizations.edges.map((e: any) => e.node.name)).toEqual(['Owned', 'Guesting']);
  });
});

describe('me.invitations', () => {
  it('lists only the invitations addressed to the caller, with a status filter', async () => {
    const toDave = await invite(t, demo.globex, DAVE, 'carol@globex.test', 'ADMIN');
    await invite(t, demo.globex, 'bob@acme.test', 'carol@globex.test');
    expectData(await t.gql(DECLINE, { id: toDave }, { as: DAVE }));

    const all = await myInvitations(DAVE);
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e: any) => [e.node.email, e.node.organization.name, e.node.status])).toEqual([
      [DAVE, 'Globex', 'DECLINED'],
      [DAVE, 'Acme', 'PENDING'],
    ]);
    expect((await myInvitations(DAVE, ['PENDING'])).edges.map((e: any) => e.node.id)).toEqual([demo.daveInvitation]);
    expect((await myInvitations(DAVE, ['DECLINED'])).edges.map((e: any) => e.node.id)).toEqual([toDave]);
    expect((await myInvitations(DAVE, ['ACCEPTED', 'EXPIRED'])).totalCount).toBe(0);

    // Bob's invitation to Globex is his alone: alice sees bob as a fellow member, not his invitations.
    expect((await myInvitations('bob@acme.test')).edges.map((e: any) => e.node.organization.name)).toEqual(['Globex']);
    const members = expectData(
      await t.gql(
        `query($id: ID!) { organization(id: $id) { members { edges { node { user { email invitations { totalCount edges { node { id } } } } } } } } }`,
        { id: demo.acme },
        { as: ALICE },
      ),
    );
    const bob = members.organization.members.edges.find((e: any) => e.node.user.email === 'bob@acme.test').node.user;
    expect(bob.invitations).toEqual({ totalCount: 0, edges: [] });
  });
});

describe('Invitation.viewerCan', () => {
  it('tells the invitee it may accept and decline a pending invitation, and nothing once it is final', async () => {
    const id = await invite(t, demo.acme, 'vic@example.test', ALICE);
    const [mine] = (await myInvitations('vic@example.test')).edges;
    expect(mine.node.viewerCan).toEqual({ accept: true, decline: true, resend: false, cancel: false });
    expectRefused(await mutate(t, RESEND, { id }, 'vic@example.test'), 'NotFoundError');
    expectRefused(await mutate(t, CANCEL, { id }, 'vic@example.test'), 'NotFoundError');
    expect((await mutate(t, DECLINE, { id }, 'vic@example.test')).result.__typename).toBe('DeclineInvitationPayload');

    const [after] = (await myInvitations('vic@example.test')).edges;
    expect(after.node.viewerCan).toEqual(NONE);
    expectRefused(await mutate(t, ACCEPT, { id }, 'vic@example.test'), 'ConflictError');
    expectRefused(await mutate(t, DECLINE, { id }, 'vic@example.test'), 'ConflictError');
  });

  it('tells an ADMIN it may resend and cancel within its rank, a MEMBER nothing', async () => {
    const owner = await invite(t, demo.acme, 'own@example.test', ALICE, 'OWNER');
    const admin = await invite(t, demo.acme, 'adm@example.test', ADAM, 'ADMIN');
    expect(await viewerCan(owner, ADAM)).toEqual(NONE);
    expect(await viewerCan(admin, ADAM)).toEqual({ accept: false, decline: false, resend: true, cancel: true });
    expect(await viewerCan(admin, 'bob@acme.test')).toEqual(NONE);
    expectRefused(await mutate(t, CANCEL, { id: owner }, ADAM), 'ForbiddenError');
    expectRefused(await mutate(t, CANCEL, { id: admin }, 'bob@acme.test'), 'ForbiddenError');
    expectRefused(await mutate(t, ACCEPT, { id: admin }, ADAM), 'NotFoundError');
    expect((await mutate(t, RESEND, { id: admin }, ADAM)).result.__typename).toBe('ResendInvitationPayload');
    expect((await mutate(t, CANCEL, { id: admin }, ADAM)).result.__typename).toBe('CancelInvitationPayload');

    expect(await viewerCan(admin, ADAM)).toEqual(NONE);
    expectRefused(await mutate(t, RESEND, { id: admin }, ADAM), 'ConflictError');
  });

  it('does not offer accept to an invitee who is already a member', async () => {
    const id = await invite(t, demo.acme, 'zed@example.test', ALICE);
    expectData(await t.gql(`{ me { email } }`, {}, { as: 'zed@example.test' }));
    const added = expectData(await t.gql(ADD_MEMBER, { input: { organizationId: demo.acme, email: 'zed@example.test', role: 'GUEST' } }, { as: ALICE }));
    expect(added.addMember.__typename).toBe('AddMemberPayload');
    const [mine] = (await myInvitations('zed@example.test')).edges;
    const accepted = await mutate(t, ACCEPT, { id }, 'zed@example.test');
    expect(mine.node.viewerCan.accept).toBe(accepted.result.__typename === 'AcceptInvitationPayload');
  });
});
