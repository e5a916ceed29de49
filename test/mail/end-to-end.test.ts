import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/captured-logs.js';
import { ALICE, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { until } from '../events/recording-consumer.js';
import { ACCEPT_BY_TOKEN, INVITE, INVITE_MANY, membershipCount, mutate, RESEND } from '../invitations/helpers.js';
import { recipientOf, startSmtpReceiver, tokenOf, type SmtpReceiver } from './smtp-receiver.js';

// The invitation email through the whole path: a mutation commits, the events runtime relays its
// audit entry to the invitation-email queue, a worker sends through a real SMTP server, and the
// invitee accepts with the link's token.

const DELEGATE = `mutation($input: DelegateOnboardingInput!) { delegateOnboarding(input: $input) { __typename } }`;
const QUEUE = 'invitation-email';
const SETTINGS = { MAIL_RETRY_DELAY_SECONDS: '1', INVITATION_ACCEPT_URL: 'https://app.example.test/accept' };

/** Waits until `done()` resolves true, checking every 100 ms, for at most `ms`. */
async function eventually(done: () => Promise<boolean>, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !(await done()); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() > end) throw new Error(`not done within ${ms} ms`);
  }
}

const to = (email: string) => (mail: ParsedMail) => recipientOf(mail) === email;

describe('through the events runtime', () => {
  let t: TestApp;
  let demo: Demo;
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    ({ t, demo } = await createDemoApp({ ...SETTINGS, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, { events: true }));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('inviteMember → the mail arrives → the invitee accepts with its link', async () => {
    await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'una@example.test', role: 'ADMIN' } }, ALICE);
    const mail = await smtp.waitForMail(to('una@example.test'));
    expect(mail.subject).toBe('Invitation to join Acme');
    expect(mail.text).toContain('https://app.example.test/accept?token=');
    const accepted = await mutate(t, ACCEPT_BY_TOKEN, { token: tokenOf(mail) }, 'una@example.test');
    expect(accepted.result).toMatchObject({ __typename: 'AcceptInvitationPayload', member: { role: 'ADMIN' } });
    expect(await membershipCount(t, demo.acme, 'una@example.test')).toBe(1);
  });

  it('inviteMembers, delegateOnboarding and resendInvitation each mail their invitees', async () => {
    await mutate(
      t,
      INVITE_MANY,
      { input: { organizationId: demo.acme, invitations: ['vic', 'wes'].map((name) => ({ email: `${name}@example.test`, role: 'MEMBER' })) } },
      ALICE,
    );
    await mutate(t, DELEGATE, { input: { organizationId: demo.acme, email: 'xena@example.test' } }, ALICE);
    const [vic, wes, xena] = await Promise.all(['vic', 'wes', 'xena'].map((name) => smtp.waitForMail(to(`${name}@example.test`))));
    expect([vic, wes].map((mail) => mail!.text)).toEqual([expect.stringContaining('as a member'), expect.stringContaining('as a member')]);
    expect(xena!.text).toContain('finish setting up Acme');

    const invitation = await t.prisma.invitation.findFirstOrThrow({ where: { email: 'vic@example.test' } });
    const resent = await mutate(t, RESEND, { id: Buffer.from(`Invitation:${invitation.id}`).toString('base64') }, ALICE);
    expect(resent.result.__typename).toBe('ResendInvitationPayload');
    await until(() => smtp.mails.filter(to('vic@example.test')).length === 2);
    const [older, newer] = smtp.mails.filter(to('vic@example.test')).map(tokenOf);
    expect((await mutate(t, ACCEPT_BY_TOKEN, { token: older! }, 'vic@example.test')).result.__typename).toBe('NotFoundError');
    expect((await mutate(t, ACCEPT_BY_TOKEN, { token: newer! }, 'vic@example.test')).result.__typename).toBe('AcceptInvitationPayload');
  });
});

describe('an SMTP server that is down at first', () => {
  let t: TestApp;
  let demo: Demo;
  let smtp: SmtpReceiver | undefined;
  let port: number;
  beforeAll(async () => {
    // A port that nothing listens on until the test starts the server there.
    const probe = await startSmtpReceiver();
    port = probe.port;
    await probe.close();
    ({ t, demo } = await createDemoApp({ ...SETTINGS, SMTP_URL: `smtp://127.0.0.1:${port}` }, { events: true }));
  });
  afterAll(async () => {
    await t.close();
    await smtp?.close();
  });

  it('the job is retried with backoff and the mail delivered, once, when the server is back', async () => {
    const { result } = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'yuri@example.test', role: 'MEMBER' } }, ALICE);
    const invitationId = Buffer.from(result.invitation.id, 'base64').toString().split(':')[1]!;
    const jobs = () => t.events!.boss.findJobs<{ invitationId: string }>(QUEUE, { data: { invitationId } });
    // The first attempt failed (connection refused): the job waits for its retry.
    await eventually(async () => (await jobs()).some((job) => job.state === 'retry' && job.retryCount >= 1));

    smtp = await startSmtpReceiver(port);
    const mail = await smtp.waitForMail(to('yuri@example.test'), 30_000);
    expect(mail.subject).toBe('Invitation to join Acme');
    await eventually(async () => (await jobs())[0]?.state === 'completed');
    expect((await jobs()).map((job) => job.state)).toEqual(['completed']);
    expect(smtp.mails.filter(to('yuri@example.test'))).toHaveLength(1);
  });
});

describe('without SMTP_URL', () => {
  let t: TestApp;
  let demo: Demo;
  const logs = captureLogs();
  beforeAll(async () => ({ t, demo } = await createDemoApp({}, { events: true, logger: logs.logger })));
  afterAll(() => t.close());

  it('the mail lands in the local mailbox as an .eml file, named in an info line', async () => {
    await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'zoe@example.test', role: 'MEMBER' } }, ALICE);
    await until(() => logs.entries().some((entry) => entry.to === 'zoe@example.test'));
    const { file } = logs.entries().find((entry) => entry.to === 'zoe@example.test')!;
    expect(path.dirname(file)).toBe(t.config.mail.localMailbox);
    const mail = await simpleParser(await readFile(file));
    expect(recipientOf(mail)).toBe('zoe@example.test');
    expect(mail.text).toContain('/invitations/accept?token=');
  });
});
