import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { ALICE, addUserTo, seedDemo, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { raceTitle } from '../helpers/race.js';
import { expectAudited, expectRefused, INVITE, INVITE_MANY, mutate } from './helpers.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DAY = 86_400_000;

let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  await addUserTo(t, demo.acme, 'adam@acme.test', 'ADMIN');
});
afterAll(() => t.close());

const pendingCount = (email: string) => t.prisma.invitation.count({ where: { organizationId: rawId(demo.acme), email, status: 'PENDING' } });

describe('inviteMember', () => {
  it('creates a pending invitation with a random UUID id, a 7-day expiry and one audit entry', async () => {
    const m = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: '  Erin@Example.TEST ', role: 'ADMIN', message: 'Welcome' } }, ALICE);
    await expectAudited(t, m, 'InviteMemberPayload', 'invitation.create', ALICE, demo.acme);
    const { created, invitation } = m.result;
    expect(created).toBe(true);
    expect(invitation).toMatchObject({ email: 'erin@example.test', role: 'ADMIN', status: 'PENDING', message: 'Welcome', invitedBy: { email: ALICE } });
    expect(Math.abs(new Date(invitation.expiresAt).getTime() - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
    expect(m.audit[0]!.targetId).toBe(rawId(invitation.id));

    const other = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'fay@example.test', role: 'GUEST' } }, ALICE);
    for (const id of [invitation.id, other.result.invitation.id]) {
      expect(Buffer.from(id, 'base64').toString()).toMatch(/^Invitation:/);
      expect(rawId(id)).toMatch(UUID_V4);
    }
    expect(other.result.invitation.id).not.toBe(invitation.id);
  });

  it('returns the pending invitation again (created=false) for an address already invited, in any letter case', async () => {
    const m = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'DAVE@Example.Test', role: 'MEMBER' } }, ALICE);
    await expectAudited(t, m, 'InviteMemberPayload', 'invitation.reuse', ALICE, demo.acme);
    expect(m.result.created).toBe(false);
    expect(m.result.invitation.id).toBe(demo.daveInvitation);
    expect(await pendingCount('dave@example.test')).toBe(1);
  });

  it(raceTitle('creates one pending invitation when the same address is invited concurrently'), async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => t.gql(INVITE, { input: { organizationId: demo.acme, email: 'gil@example.test', role: 'MEMBER' } }, { as: ALICE })),
    );
    const results = responses.map((r) => expectData(r).inviteMember);
    expect(results.filter((r) => r.created === true)).toHaveLength(1);
    expect(new Set(results.map((r) => r.invitation.id)).size).toBe(1);
    expect(await pendingCount('gil@example.test')).toBe(1);
  });

  it('rejects a role outside the Role enum in the document as a GraphQL validation error', async () => {
    const literal = await t.gql(
      `mutation { inviteMember(input: { organizationId: "${demo.acme}", email: "hal@example.test", role: ROOT }) { __typename } }`,
      {},
      { as: ALICE },
    );
    expect(errorCodes(literal)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(literal.errors?.[0]?.message).toMatch(/"Role"/);
    expect(await pendingCount('hal@example.test')).toBe(0);
  });

  it('rejects a role outside the Role enum in variables as a client error naming the enum', async () => {
    const response = await t.gql(INVITE, { input: { organizationId: demo.acme, email: 'hal@example.test', role: 'SUPERUSER' } }, { as: ALICE });
    expect(response.data ?? undefined).toBeUndefined();
    expect(await pendingCount('hal@example.test')).toBe(0);
    expect(errorCodes(response)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(response.errors?.[0]?.message).toMatch(/\bRole\b/);
  });

  it('rejects an invalid email with a ValidationError on input.email', async () => {
    const m = await mutate(
      t,
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename ... on ValidationError { fields { path } } } }`,
      { input: { organizationId: demo.acme, email: 'not-an-email', role: 'MEMBER' } },
      ALICE,
    );
    expectRefused(m, 'ValidationError');
    expect(m.result.fields).toEqual([{ path: ['input', 'email'] }]);
  });

  it('refuses to invite an existing member', async () => {
    const m = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'bob@acme.test', role: 'MEMBER' } }, ALICE);
    expectRefused(m, 'ConflictError');
    expect(await pendingCount('bob@acme.test')).toBe(0);
  });

  it.each([
    ['carol, of another organization', 'carol@globex.test', 'MEMBER', 'NotFoundError'],
    ['bob, a MEMBER without invitation:write', 'bob@acme.test', 'MEMBER', 'ForbiddenError'],
    ['an ADMIN inviting an OWNER', 'adam@acme.test', 'OWNER', 'ForbiddenError'],
  ])('denies %s', async (_who, as, role, typename) => {
    const m = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'ian@example.test', role } }, as);
    expectRefused(m, typename);
    expect(await pendingCount('ian@example.test')).toBe(0);
  });

  it('lets an ADMIN invite up to its own rank', async () => {
    const m = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'jo@example.test', role: 'ADMIN' } }, 'adam@acme.test');
    await expectAudited(t, m, 'InviteMemberPayload', 'invitation.create', 'adam@acme.test', demo.acme);
  });

  it('answers an anonymous caller with a top-level UNAUTHENTICATED', async () => {
    const response = await t.gql(INVITE, { input: { organizationId: demo.acme, email: 'kim@example.test', role: 'MEMBER' } });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data?.inviteMember ?? null).toBeNull();
    expect(await pendingCount('kim@example.test')).toBe(0);
  });
});

describe('inviteMembers', () => {
  it('returns one outcome per address, in order, with one audit entry for the batch', async () => {
    const invitations = [
      { email: 'lea@example.test', role: 'MEMBER' },
      { email: 'bob@acme.test', role: 'MEMBER' },
      { email: 'not an email', role: 'MEMBER' },
      { email: 'lea@example.test', role: 'MEMBER' },
      { email: 'dave@example.test', role: 'MEMBER' },
    ];
    const m = await mutate(t, INVITE_MANY, { input: { organizationId: demo.acme, invitations } }, ALICE);
    await expectAudited(t, m, 'InviteMembersPayload', 'invitation.bulk_create', ALICE, demo.acme);
    const [lea, bob, invalid, leaAgain, dave] = m.result.results;
    expect(m.result.results).toHaveLength(5);
    expect(lea).toMatchObject({ email: 'lea@example.test', created: true, invitation: { email: 'lea@example.test', status: 'PENDING' } });
    expect(bob).toEqual({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(invalid).toEqual({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(leaAgain).toMatchObject({ email: 'lea@example.test', created: false, invitation: { id: lea.invitation.id } });
    expect(dave).toMatchObject({ created: false, invitation: { id: demo.daveInvitation } });
    expect(await pendingCount('lea@example.test')).toBe(1);
    expect(await pendingCount('bob@acme.test')).toBe(0);
  });

  it('types the error of each failed address (ConflictError, ValidationError with its item path)', async () => {
    const invitations = [
      { email: 'bob@acme.test', role: 'MEMBER' },
      { email: 'not an email', role: 'MEMBER' },
    ];
    const response = await t.gql(
      `mutation($input: InviteMembersInput!) { inviteMembers(input: $input) { ... on InviteMembersPayload { results { __typename ... on Error { code } ... on ValidationError { fields { path } } } } } }`,
      { input: { organizationId: demo.acme, invitations } },
      { as: ALICE },
    );
    expect(response.errors).toBeUndefined();
    const [bob, invalid] = response.data.inviteMembers.results;
    expect(bob).toEqual({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(invalid).toEqual({ __typename: 'ValidationError', code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'invitations', '1', 'email'] }] });
  });

  it('reports each invited address normalized (trimmed, lower-cased), as it is stored', async () => {
    const m = await mutate(t, INVITE_MANY, { input: { organizationId: demo.acme, invitations: [{ email: ' Max@Example.TEST ', role: 'GUEST' }] } }, ALICE);
    expect(m.result.results[0].email).toBe('max@example.test');
  });

  it('refuses, per address, roles above an ADMIN’s own and invites the rest', async () => {
    const invitations = [
      { email: 'ned@example.test', role: 'OWNER' },
      { email: 'ola@example.test', role: 'ADMIN' },
    ];
    const m = await mutate(t, INVITE_MANY, { input: { organizationId: demo.acme, invitations } }, 'adam@acme.test');
    await expectAudited(t, m, 'InviteMembersPayload', 'invitation.bulk_create', 'adam@acme.test', demo.acme);
    expect(m.result.results.map((r: any) => [r.__typename, r.invitation?.email ?? null])).toEqual([
      ['ForbiddenError', null],
      ['InvitedAddress', 'ola@example.test'],
    ]);
    expect(await pendingCount('ned@example.test')).toBe(0);
  });

  it.each([
    ['more than 100 addresses', 101],
    ['no address', 0],
  ])('rejects %s with a ValidationError and creates nothing', async (_what, n) => {
    const before = await t.prisma.invitation.count();
    const invitations = Array.from({ length: n }, (_, i) => ({ email: `bulk${i}@example.test`, role: 'GUEST' }));
    const m = await mutate(t, INVITE_MANY, { input: { organizationId: demo.acme, invitations } }, ALICE);
    expectRefused(m, 'ValidationError');
    expect(m.result.fields[0].path).toEqual(['input', 'invitations']);
    expect(await t.prisma.invitation.count()).toBe(before);
  });

  it.each([
    ['carol, of another organization', 'carol@globex.test', 'NotFoundError'],
    ['bob, a MEMBER', 'bob@acme.test', 'ForbiddenError'],
  ])('denies %s', async (_who, as, typename) => {
    const m = await mutate(t, INVITE_MANY, { input: { organizationId: demo.acme, invitations: [{ email: 'pia@example.test', role: 'GUEST' }] } }, as);
    expectRefused(m, typename);
    expect(await pendingCount('pia@example.test')).toBe(0);
  });
});
