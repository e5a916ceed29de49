import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintUserToken } from '../../src/auth/tokens.js';
import { invitationMessageId } from '../../src/events/consumers/invitation-email.js';
import { errorCodes, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/captured-logs.js';
import { ALICE, BOB, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { ACCEPT_BY_TOKEN, expire, invitationRow, INVITE, INVITE_MANY, membershipCount, mutate, RESEND } from '../invitations/helpers.js';
import { runConsumerOn, type ConsumerRun } from './consumer-run.js';
import { recipientOf, startSmtpReceiver, tokenOf, type SmtpReceiver } from './smtp-receiver.js';

// The invitation email through a real SMTP server: what each way of inviting sends, and what the
// link's token does when the invitee (or anybody else) presents it.

const ACCEPT_URL = 'https://app.example.test/invitations/accept';
const DELEGATE = `mutation($input: DelegateOnboardingInput!) { delegateOnboarding(input: $input) { __typename ... on InviteMemberPayload { invitation { id } } } }`;

let t: TestApp;
let demo: Demo;
let smtp: SmtpReceiver;
let run: ConsumerRun;
const logs = captureLogs();

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  ({ t, demo } = await createDemoApp({
    SMTP_URL: `smtp://mailer:s3cret@127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Orgraph <invitations@orgraph.example>',
    INVITATION_ACCEPT_URL: ACCEPT_URL,
  }));
  run = runConsumerOn(t, logs.logger);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Runs a mutation, then the consumer on its audit entry; returns the mutation's result and the mails it caused. */
async function inviteAndMail(query: string, variables: Record<string, unknown>, as: string) {
  const before = smtp.mails.length;
  const m = await mutate(t, query, variables, as);
  const jobs = m.audit.length ? await run.deliver(m.audit[0]!.requestId!) : [];
  return { result: m.result, audit: m.audit, jobs, mails: smtp.mails.slice(before) };
}

const acceptWith = (token: string, as: string) => mutate(t, ACCEPT_BY_TOKEN, { token }, as);

function expectInvitationMail(mail: ParsedMail, expected: { to: string; organization: string; inviter: string[]; expiresAt: Date }) {
  expect(recipientOf(mail)).toBe(expected.to);
  expect(mail.subject).toBe(`Invitation to join ${expected.organization}`);
  expect(mail.from?.text).toContain('invitations@orgraph.example');
  const link = `${ACCEPT_URL}?token=${tokenOf(mail)}`;
  const expiry = expected.expiresAt.toUTCString();
  for (const part of [mail.text ?? '', String(mail.html)]) {
    for (const text of [expected.organization, ...expected.inviter, expiry, link]) expect(part).toContain(text);
  }
  expect(String(mail.html)).toContain(`href="${link}"`);
}

describe('inviting sends the email', () => {
  it('inviteMember: one mail with the organization, the inviter, the role, the expiry and the accept link in both parts', async () => {
    const { result, audit, jobs, mails } = await inviteAndMail(
      INVITE,
      { input: { organizationId: demo.acme, email: 'erin@example.test', role: 'ADMIN', firstName: 'Erin', message: 'See you <b>soon</b> & "welcome"' } },
      ALICE,
    );
    const row = await invitationRow(t, result.invitation.id);
    expect(jobs).toEqual([{ invitationId: row.id, eventId: audit[0]!.id }]);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expectInvitationMail(mail, { to: 'erin@example.test', organization: 'Acme', inviter: ['alice', ALICE], expiresAt: row.expiresAt });
    expect(mail.text).toContain('as an admin');
    expect(mail.text).toContain('Hello Erin,');
    // The message is the inviter's text: plain in the text part, escaped in the HTML part.
    expect(mail.text).toContain('> See you <b>soon</b> & "welcome"');
    expect(String(mail.html)).toContain('See you &lt;b&gt;soon&lt;/b&gt; &amp; &quot;welcome&quot;');
    expect(String(mail.html)).not.toContain('<b>soon</b>');
    expect(mail.messageId).toBe(invitationMessageId(jobs[0]!, t.config.mail.from));
    expect(mail.messageId).toBe(`<invitation.${row.id}.${audit[0]!.id}@orgraph.example>`);
    // Sent with the credentials of SMTP_URL.
    expect(smtp.logins).toContain('mailer');
  });

  it('inviteMembers: one mail per new invitation, none for an address already pending', async () => {
    const { result, jobs, mails } = await inviteAndMail(
      INVITE_MANY,
      {
        input: {
          organizationId: demo.acme,
          invitations: [
            { email: 'bulk-one@example.test', role: 'MEMBER' },
            { email: 'bulk-two@example.test', role: 'GUEST' },
            { email: 'dave@example.test', role: 'MEMBER' },
          ],
        },
      },
      ALICE,
    );
    expect(result.results.map((r: any) => r.created)).toEqual([true, true, false]);
    expect(jobs).toHaveLength(2);
    expect(mails.map(recipientOf).sort()).toEqual(['bulk-one@example.test', 'bulk-two@example.test']);
    const guest = mails.find((mail) => recipientOf(mail) === 'bulk-two@example.test')!;
    expect(guest.text).toContain('as a guest');
    const row = await t.prisma.invitation.findFirstOrThrow({ where: { email: 'bulk-two@example.test' } });
    expectInvitationMail(guest, { to: 'bulk-two@example.test', organization: 'Acme', inviter: ['alice', ALICE], expiresAt: row.expiresAt });
  });

  it('delegateOnboarding: a mail asking the invitee to finish the setup', async () => {
    const { result, mails } = await inviteAndMail(
      DELEGATE,
      { input: { organizationId: demo.acme, email: 'setup@example.test', stepAtDelegation: 'billing' } },
      ALICE,
    );
    expect(result.__typename).toBe('InviteMemberPayload');
    expect(mails).toHaveLength(1);
    const row = await invitationRow(t, result.invitation.id);
    expectInvitationMail(mails[0]!, { to: 'setup@example.test', organization: 'Acme', inviter: ['alice', ALICE], expiresAt: row.expiresAt });
    expect(mails[0]!.text).toContain('finish setting up Acme');
  });

  it('inviting a pending address again sends nothing (its link still works; resend mails again)', async () => {
    const { result, audit, jobs, mails } = await inviteAndMail(
      INVITE,
      { input: { organizationId: demo.acme, email: 'erin@example.test', role: 'ADMIN' } },
      ALICE,
    );
    expect(result.created).toBe(false);
    expect(audit[0]!.action).toBe('invitation.reuse');
    expect(jobs).toEqual([]);
    expect(mails).toEqual([]);
  });

  it('an invitation no longer pending when its job runs is not mailed', async () => {
    const invited = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'late@example.test', role: 'MEMBER' } }, ALICE);
    await expire(t, invited.result.invitation.id);
    logs.clear();
    const jobs = await run.deliver(invited.audit[0]!.requestId!);
    expect(jobs).toHaveLength(1);
    expect(smtp.mails.filter((mail) => recipientOf(mail) === 'late@example.test')).toEqual([]);
    expect(logs.entries().find((entry) => entry.msg.includes('no longer pending'))).toMatchObject({ status: 'EXPIRED', invitationId: jobs[0]!.invitationId });
  });
});

describe('the accept link', () => {
  it('accepts for the signed-in invitee, once; a second use is NOT_FOUND', async () => {
    const { result, mails } = await inviteAndMail(INVITE, { input: { organizationId: demo.acme, email: 'frank@example.test', role: 'MEMBER' } }, ALICE);
    const token = tokenOf(mails[0]!);
    const accepted = await acceptWith(token, 'frank@example.test');
    expect(accepted.result).toMatchObject({
      __typename: 'AcceptInvitationPayload',
      invitation: { id: result.invitation.id, status: 'ACCEPTED' },
      member: { role: 'MEMBER', user: { email: 'frank@example.test' } },
    });
    expect(accepted.audit.map((entry) => entry.action)).toEqual(['invitation.accept']);
    expect(await membershipCount(t, demo.acme, 'frank@example.test')).toBe(1);

    const again = await acceptWith(token, 'frank@example.test');
    expect(again.result).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(again.auditDelta).toBe(0);
  });

  it('is NOT_FOUND for anyone else, and nothing changes', async () => {
    const { result, mails } = await inviteAndMail(INVITE, { input: { organizationId: demo.acme, email: 'gina@example.test', role: 'ADMIN' } }, ALICE);
    const token = tokenOf(mails[0]!);
    // A member of the organization, an outsider, a stranger, the inviter: none learns anything.
    for (const as of [BOB, CAROL, 'mallory@example.test', ALICE]) {
      const m = await acceptWith(token, as);
      expect(m.result, as).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: (await acceptWith('not-a-token', as)).result.message });
      expect(m.auditDelta).toBe(0);
    }
    expect((await invitationRow(t, result.invitation.id)).status).toBe('PENDING');
    expect(
      await t.prisma.member.count({
        where: { organizationId: rawId(demo.acme), user: { email: { in: [BOB, CAROL, 'mallory@example.test'] } }, role: 'ADMIN' },
      }),
    ).toBe(0);
    // Anonymous callers are refused before anything is read.
    expect(errorCodes(await t.gql(ACCEPT_BY_TOKEN, { token }))).toEqual(['UNAUTHENTICATED']);
    expect((await acceptWith(token, 'gina@example.test')).result.__typename).toBe('AcceptInvitationPayload');
  });

  it('a resend voids the older link; the newer one accepts', async () => {
    const first = await inviteAndMail(INVITE, { input: { organizationId: demo.acme, email: 'hana@example.test', role: 'GUEST' } }, ALICE);
    const resent = await inviteAndMail(RESEND, { id: first.result.invitation.id }, ALICE);
    expect(resent.audit[0]!.action).toBe('invitation.resend');
    expect(resent.mails).toHaveLength(1);
    const [older, newer] = [tokenOf(first.mails[0]!), tokenOf(resent.mails[0]!)];
    expect(newer).not.toBe(older);
    // The mails of two sends are two messages.
    expect(resent.mails[0]!.messageId).not.toBe(first.mails[0]!.messageId);
    expect((await acceptWith(older, 'hana@example.test')).result).toMatchObject({ __typename: 'NotFoundError' });
    expect((await invitationRow(t, first.result.invitation.id)).status).toBe('PENDING');
    expect((await acceptWith(newer, 'hana@example.test')).result).toMatchObject({ __typename: 'AcceptInvitationPayload', member: { role: 'GUEST' } });
  });

  it('an expired invitation’s link is NOT_FOUND', async () => {
    const { result, mails } = await inviteAndMail(INVITE, { input: { organizationId: demo.acme, email: 'ivan@example.test', role: 'MEMBER' } }, ALICE);
    await expire(t, result.invitation.id);
    const m = await acceptWith(tokenOf(mails[0]!), 'ivan@example.test');
    expect(m.result).toMatchObject({ __typename: 'NotFoundError' });
    expect(m.auditDelta).toBe(0);
    expect(await membershipCount(t, demo.acme, 'ivan@example.test')).toBe(0);
  });

  it('a tampered token, or a token of another kind (an API token), is NOT_FOUND', async () => {
    const { mails } = await inviteAndMail(INVITE, { input: { organizationId: demo.acme, email: 'jo@example.test', role: 'MEMBER' } }, ALICE);
    const token = tokenOf(mails[0]!);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString('base64url')}.${signature}`;
    const apiToken = await mintUserToken(t.signingKey, t.config.tokens, { email: 'jo@example.test' });
    for (const candidate of [forged, apiToken, `${token}x`, '']) {
      const m = await acceptWith(candidate, 'jo@example.test');
      expect(m.result.__typename, candidate).toBe('NotFoundError');
      expect(m.auditDelta).toBe(0);
    }
    expect(await membershipCount(t, demo.acme, 'jo@example.test')).toBe(0);
  });
});
