import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createMailer } from '../../src/mail/transport.js';
import type { TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/captured-logs.js';
import { ALICE, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { INVITE, mutate } from '../invitations/helpers.js';
import { runConsumerOn } from './consumer-run.js';

// Without SMTP_URL, mail goes to DATA_DIR/mail as .eml files, each named in an info line.

let t: TestApp;
let demo: Demo;
let dataDir: string;
const logs = captureLogs();

beforeAll(async () => {
  ({ t, demo } = await createDemoApp());
  dataDir = await mkdtemp(path.join(tmpdir(), 'orgraph-mail-'));
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local mailbox', () => {
  it('writes each invitation email as a readable .eml file and logs its path', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '4123' });
    expect(config.mail.smtpUrl).toBeUndefined();
    const run = runConsumerOn(t, logs.logger, { ...t.config, mail: config.mail });
    const m = await mutate(t, INVITE, { input: { organizationId: demo.acme, email: 'sam@example.test', role: 'MEMBER' } }, ALICE);
    const [job] = await run.deliver(m.audit[0]!.requestId!);

    const files = await readdir(path.join(dataDir, 'mail'));
    expect(files).toEqual([`invitation.${job!.invitationId}.${job!.eventId}@orgraph.localhost.eml`]);
    const file = path.join(dataDir, 'mail', files[0]!);
    const line = logs.entries().find((entry) => entry.file === file);
    expect(line).toMatchObject({ level: 30, to: 'sam@example.test' });
    expect(line!.msg).toContain(file);

    const mail = await simpleParser(await readFile(file));
    expect(mail.subject).toBe('Invitation to join Acme');
    expect(mail.text).toContain('alice@acme.test');
    // The default accept URL is this server's page on its port.
    expect(mail.text).toMatch(/http:\/\/localhost:4123\/invitations\/accept\?token=[\w.-]+/);
    expect(String(mail.html)).toContain('Accept the invitation');

    // A repeated job (at least once) writes the same file again, not a second one.
    await run.consumer.handle(job!);
    expect(await readdir(path.join(dataDir, 'mail'))).toHaveLength(1);
  });

  it('warns at start on PostgreSQL without SMTP_URL, and says nothing on the embedded database', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    logs.clear();
    createMailer(config, logs.logger).close();
    expect(logs.entries().filter((entry) => entry.level === 40)).toEqual([]);
    createMailer({ ...config, database: { kind: 'postgres', url: 'postgres://db.invalid/x' } }, logs.logger).close();
    expect(logs.entries().find((entry) => entry.level === 40)).toMatchObject({ mailbox: path.join(dataDir, 'mail') });
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.test' })).toThrow(/SMTP_URL: expected smtp:/);
    expect(loadConfig({ SMTP_URL: 'smtps://user:pw@mail.example.test:465' }).mail.smtpUrl).toBe('smtps://user:pw@mail.example.test:465');
  });
});

describe('GET /invitations/accept', () => {
  it('explains the step left, with the token escaped, and reveals nothing about the invitation', async () => {
    const response = await t.app.fetch('http://test/invitations/accept?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(response.status).toBe(200);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('acceptInvitation(input: { token: &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; })');
    expect(page).not.toContain('<script>');
    expect((await t.app.fetch('http://test/invitations/accept', { method: 'POST' })).status).toBe(405);
  });
});
