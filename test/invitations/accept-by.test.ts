import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAcceptToken } from '../../src/auth/invitation-link.js';
import type { TestApp } from '../helpers/app.js';
import { ALICE, BOB, CAROL, DAVE, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';
import { expectAudited, expectRefused, expire, invitationRow, invite, membershipCount, mutate } from './helpers.js';

// acceptInvitation names the invitation by its id, its email link's token (test/mail), or its
// organization: the caller's pending invitation there (the source API's
// POST /me/memberships/{organizationId}). Exactly one of them.

const ACCEPT_BY_ORGANIZATION = `mutation($id: ID!) { acceptInvitation(input: { organizationId: $id }) { __typename
  ... on AcceptInvitationPayload { invitation { id status } member { role organization { id } } } ... on Error { code message } } }`;
const ACCEPT_BY = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { __typename
  ... on ValidationError { code fields { path message } } ... on Error { code } } }`;

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

describe('acceptInvitation by organization', () => {
  it('is NOT_FOUND where the caller has no pending invitation, and changes nothing', async () => {
    for (const [as, organization] of [
      [CAROL, demo.acme],
      [BOB, demo.acme],
      [DAVE, demo.globex],
      ['nobody@example.test', demo.acme],
    ] as const) {
      expectRefused(await mutate(t, ACCEPT_BY_ORGANIZATION, { id: organization }, as), 'NotFoundError');
    }
    expect((await invitationRow(t, demo.daveInvitation)).status).toBe('PENDING');
  });

  it('accepts the caller’s pending invitation to that organization, once', async () => {
    const m = await mutate(t, ACCEPT_BY_ORGANIZATION, { id: demo.acme }, DAVE);
    await expectAudited(t, m, 'AcceptInvitationPayload', 'invitation.accept', DAVE, demo.acme);
    expect(m.result).toMatchObject({ invitation: { id: demo.daveInvitation, status: 'ACCEPTED' }, member: { organization: { id: demo.acme } } });
    expect(await membershipCount(t, demo.acme, DAVE)).toBe(1);
    // Nothing is pending any more: the second call finds nothing.
    expectRefused(await mutate(t, ACCEPT_BY_ORGANIZATION, { id: demo.acme }, DAVE), 'NotFoundError');
  });

  it('an expired pending invitation is a CONFLICT, as by id', async () => {
    const id = await invite(t, demo.globex, 'kim@example.test', CAROL);
    await expire(t, id);
    expectRefused(await mutate(t, ACCEPT_BY_ORGANIZATION, { id: demo.globex }, 'kim@example.test'), 'ConflictError');
    expect(await membershipCount(t, demo.globex, 'kim@example.test')).toBe(0);
  });
});

describe('acceptInvitation input', () => {
  it('takes exactly one of invitationId, token and organizationId (BAD_USER_INPUT otherwise, nothing changes)', async () => {
    const id = await invite(t, demo.acme, 'lee@example.test', ALICE);
    for (const input of [{}, { invitationId: id, organizationId: demo.acme }, { invitationId: id, token: 'x' }, { token: 'x', organizationId: demo.acme }]) {
      const m = await mutate(t, ACCEPT_BY, { input }, 'lee@example.test');
      expectRefused(m, 'ValidationError');
      expect(m.result.fields).toEqual([{ path: ['input'], message: 'exactly one of invitationId, token, organizationId' }]);
    }
    expect((await invitationRow(t, id)).status).toBe('PENDING');
    // An organization id where an invitation id is expected is a foreign id: NOT_FOUND.
    expectRefused(await mutate(t, ACCEPT_BY, { input: { invitationId: gid('Invitation', rawId(demo.acme)) } }, 'lee@example.test'), 'NotFoundError');
  });

  it('costs as many statements by organization or by link token as by id', async () => {
    const counts: Record<string, number> = {};
    for (const way of ['invitationId', 'organizationId', 'token'] as const) {
      const email = `count-${way.toLowerCase()}@example.test`;
      const id = await invite(t, demo.globex, email, CAROL);
      const row = await invitationRow(t, id);
      const keys = { signingKey: t.signingKey, issuer: t.config.tokens.issuer };
      const input = {
        invitationId: { invitationId: id },
        organizationId: { organizationId: demo.globex },
        token: { token: await signAcceptToken(keys, { invitationId: row.id, linkNonce: row.linkNonce }, row.expiresAt) },
      }[way];
      await t.gql('{ me { email } }', {}, { as: email }); // the user exists before the measured request
      const run = await t.counter.during(() => t.gql(ACCEPT_BY, { input }, { as: email }));
      expect(run.result.data?.acceptInvitation.__typename).toBe('AcceptInvitationPayload');
      counts[way] = run.count;
    }
    expect(counts.organizationId).toBe(counts.invitationId);
    expect(counts.token).toBe(counts.invitationId);
  });
});
