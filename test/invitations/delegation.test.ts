import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, BOB, CAROL, addUserTo, seedDemo, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { ACCEPT, expectAudited, expectRefused, INVITE, INVITE_MANY, invitationRow, mutate } from './helpers.js';

// PostHog's invite variants: first names on invitations (single and bulk) and the
// onboarding-delegation invitation.

const DELEGATE = `mutation($input: DelegateOnboardingInput!) { delegateOnboarding(input: $input) {
  __typename ... on InviteMemberPayload { created invitation { id email role status isDelegation stepAtDelegation message invitedBy { email } } }
  ... on ValidationError { fields { path message } } ... on Error { code message } } }`;

let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  await addUserTo(t, demo.acme, 'adam@acme.test', 'ADMIN');
});
afterAll(() => t.close());

const delegatedAt = async (email: string) =>
  (await t.prisma.member.findFirstOrThrow({ where: { organizationId: rawId(demo.acme), user: { email } } })).onboardingDelegatedAt;

describe('delegateOnboarding', () => {
  it('creates an ADMIN invitation flagged as a delegation, records that the inviter delegated, and writes one audit entry', async () => {
    expect(await delegatedAt(ALICE)).toBeNull();
    const m = await mutate(
      t,
      DELEGATE,
      { input: { organizationId: demo.acme, email: 'Setup@Example.test', message: 'Please finish the setup', stepAtDelegation: 'invite_team' } },
      ALICE,
    );
    await expectAudited(t, m, 'InviteMemberPayload', 'invitation.delegate', ALICE, demo.acme);
    expect(m.result).toMatchObject({
      created: true,
      invitation: {
        email: 'setup@example.test',
        role: 'ADMIN',
        status: 'PENDING',
        isDelegation: true,
        stepAtDelegation: 'invite_team',
        message: 'Please finish the setup',
        invitedBy: { email: ALICE },
      },
    });
    expect(await delegatedAt(ALICE)).toBeInstanceOf(Date);

    // The invitee accepts like any invitation and becomes an ADMIN.
    const accepted = expectData(await t.gql(ACCEPT, { id: m.result.invitation.id }, { as: 'setup@example.test' }));
    expect(accepted.acceptInvitation.member.role).toBe('ADMIN');
  });

  it('returns a pending delegation to the same address again, but refuses to turn an ordinary pending invitation into one', async () => {
    const first = await mutate(t, DELEGATE, { input: { organizationId: demo.acme, email: 'again@example.test' } }, 'adam@acme.test');
    const second = await mutate(t, DELEGATE, { input: { organizationId: demo.acme, email: 'again@example.test' } }, 'adam@acme.test');
    await expectAudited(t, second, 'InviteMemberPayload', 'invitation.reuse', 'adam@acme.test', demo.acme);
    expect(second.result).toMatchObject({ created: false, invitation: { id: first.result.invitation.id } });

    // dave@example.test has an ordinary pending MEMBER invitation from the demo data.
    const refused = await mutate(t, DELEGATE, { input: { organizationId: demo.acme, email: 'dave@example.test' } }, ALICE);
    expectRefused(refused, 'ConflictError');
    const dave = await t.prisma.invitation.findFirstOrThrow({ where: { email: 'dave@example.test', status: 'PENDING' } });
    expect(dave).toMatchObject({ role: 'MEMBER', isDelegation: false });
  });

  it('is refused to a MEMBER (no invitation:write), to another organization’s owner (NOT_FOUND) and to service clients', async () => {
    expectRefused(await mutate(t, DELEGATE, { input: { organizationId: demo.acme, email: 'x1@example.test' } }, BOB), 'ForbiddenError');
    expectRefused(await mutate(t, DELEGATE, { input: { organizationId: demo.acme, email: 'x2@example.test' } }, CAROL), 'NotFoundError');
    const token = await clientToken(t, rawId(demo.acme), ['organization:read', 'invitation:write', 'member:read']);
    const response = await t.gql(DELEGATE, { input: { organizationId: demo.acme, email: 'x3@example.test' } }, { token });
    expect(response.data?.delegateOnboarding.__typename).toBe('ForbiddenError');
    expect(await t.prisma.invitation.count({ where: { email: { in: ['x1@example.test', 'x2@example.test', 'x3@example.test'] } } })).toBe(0);
  });

  it('rejects bad input with field paths and changes nothing', async () => {
    const m = await mutate(t, DELEGATE, { input: { organizationId: demo.acme, email: 'not-an-email', stepAtDelegation: 'x'.repeat(101) } }, ALICE);
    expectRefused(m, 'ValidationError');
    expect(m.result.fields.map((f: { path: string[] }) => f.path.join('.')).sort()).toEqual(['input.email', 'input.stepAtDelegation']);
  });
});

describe('first names on invitations', () => {
  it('keeps the invitee’s first name on single and bulk invitations', async () => {
    const single = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'gina@example.test', role: 'GUEST', firstName: ' Gina ' } }, ALICE);
    expect(single.result.__typename).toBe('InviteMemberPayload');
    expect((await invitationRow(t, single.result.invitation.id)).firstName).toBe('Gina');

    const bulk = await mutate(
      t,
      INVITE_MANY,
      {
        input: {
          organizationId: demo.acme,
          invitations: [
            { email: 'hal@example.test', role: 'GUEST', firstName: 'Hal' },
            { email: 'ivy@example.test', role: 'GUEST', firstName: '' },
          ],
        },
      },
      ALICE,
    );
    const [hal, ivy] = bulk.result.results;
    expect(hal.__typename).toBe('InvitedAddress');
    expect((await invitationRow(t, hal.invitation.id)).firstName).toBe('Hal');
    expect(ivy).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    const read = expectData(
      await t.gql(
        `query($id: ID!) { node(id: $id) { ... on Invitation { firstName isDelegation stepAtDelegation } } }`,
        { id: hal.invitation.id },
        { as: ALICE },
      ),
    );
    expect(read.node).toEqual({ firstName: 'Hal', isDelegation: false, stepAtDelegation: null });
  });
});
