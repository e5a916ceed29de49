import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { ALICE, addUserTo, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { expectAudited, expectRefused, invitationRow, INVITE, INVITE_MANY, invite, mutate } from './helpers.js';

// Inviting a pending address again with another role changes the pending invitation's role, when
// the caller may grant the new role and manage the invitation at its current one: the row and
// the audit entry (invitation.reuse, role from → to) agree.

const ADAM = 'adam@acme.test';
const DELEGATE = `mutation($input: DelegateOnboardingInput!) { delegateOnboarding(input: $input) { __typename } }`;

let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp());
  await addUserTo(t, demo.acme, ADAM, 'ADMIN');
});
afterAll(() => t.close());

const reinvite = (email: string, role: string, as = ALICE) => mutate(t, INVITE, { input: { organizationId: demo.acme, email, role } }, as);

describe('inviting a pending address with another role', () => {
  it('changes the pending invitation’s role; the audit entry records from and to', async () => {
    const id = await invite(t, demo.acme, 'mia@example.test', ALICE, 'MEMBER');
    const m = await reinvite('mia@example.test', 'ADMIN');
    await expectAudited(t, m, 'InviteMemberPayload', 'invitation.reuse', ALICE, demo.acme);
    expect(m.result).toMatchObject({ created: false, invitation: { id, role: 'ADMIN', status: 'PENDING' } });
    expect(m.audit[0]).toMatchObject({ changes: { email: 'mia@example.test', role: { from: 'MEMBER', to: 'ADMIN' } } });
    expect((await invitationRow(t, id)).role).toBe('ADMIN');

    const same = await reinvite('mia@example.test', 'ADMIN');
    expect(same.audit[0]).toMatchObject({ action: 'invitation.reuse', changes: { email: 'mia@example.test', role: 'ADMIN' } });
    expect((await invitationRow(t, id)).role).toBe('ADMIN');
  });

  it('is FORBIDDEN to a caller who may not grant the new role, or may not manage the invitation at its current one', async () => {
    const id = await invite(t, demo.acme, 'ned@example.test', ALICE, 'OWNER');
    // An ADMIN neither lowers an OWNER's invitation…
    expectRefused(await reinvite('ned@example.test', 'MEMBER', ADAM), 'ForbiddenError');
    const other = await invite(t, demo.acme, 'ola@example.test', ADAM, 'MEMBER');
    // …nor raises a pending invitation to OWNER.
    expectRefused(await reinvite('ola@example.test', 'OWNER', ADAM), 'ForbiddenError');
    expect((await invitationRow(t, id)).role).toBe('OWNER');
    expect((await invitationRow(t, other)).role).toBe('MEMBER');
  });

  it('is a CONFLICT over a pending onboarding delegation (it stays an ADMIN delegation)', async () => {
    expect((await mutate(t, DELEGATE, { input: { organizationId: demo.acme, email: 'pia@example.test' } }, ALICE)).result.__typename).toBe(
      'InviteMemberPayload',
    );
    expectRefused(await reinvite('pia@example.test', 'MEMBER'), 'ConflictError');
    const row = await t.prisma.invitation.findFirstOrThrow({ where: { email: 'pia@example.test' } });
    expect(row).toMatchObject({ role: 'ADMIN', isDelegation: true });
  });

  it('inviteMembers: the bulk entry lists the new invitations and the role changes, as the rows have them', async () => {
    const pending = await invite(t, demo.acme, 'quinn@example.test', ALICE, 'GUEST');
    const m = await mutate(
      t,
      INVITE_MANY,
      {
        input: {
          organizationId: demo.acme,
          invitations: [
            { email: 'quinn@example.test', role: 'MEMBER' },
            { email: 'rae@example.test', role: 'GUEST' },
          ],
        },
      },
      ALICE,
    );
    await expectAudited(t, m, 'InviteMembersPayload', 'invitation.bulk_create', ALICE, demo.acme);
    const [quinn, rae] = await Promise.all(
      ['quinn@example.test', 'rae@example.test'].map((email) => t.prisma.invitation.findFirstOrThrow({ where: { email } })),
    );
    expect((await invitationRow(t, pending)).role).toBe('MEMBER');
    expect(m.audit[0]).toMatchObject({
      changes: { invitationIds: [quinn!.id, rae!.id], createdInvitationIds: [rae!.id], roleChanges: { [quinn!.id]: { from: 'GUEST', to: 'MEMBER' } } },
    });
  });
});
