import { decodeJwt, jwtDecrypt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENDING_COOKIE, pendingKey, sealPending } from '../../src/auth/sso/oidc-pending.js';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { Browser, PUBLIC_URL, signIn, signInAtProvider, tokenOnPage } from './browser.js';
import { startTestProvider, type TestProvider } from './oidc-test-provider.js';
import { useTestProvider } from './support.js';

// Sign-in through an organization's OIDC provider, end to end: the API's routes (app.fetch), a
// real OpenID provider on 127.0.0.1, and the browser between them.

let t: TestApp;
let idp: TestProvider;
const orgs: TestOrg[] = [];
const ORG_COUNT = 8;
let accountCount = 0;

/** A fresh account at the provider. */
function account(claims: { email?: string; email_verified?: boolean; groups?: string[] }): string {
  const id = `account-${++accountCount}`;
  idp.accounts.set(id, { name: `Person ${accountCount}`, ...claims });
  return id;
}

/** The n-th organization, its verified domain `corp<n>.test` (JIT as asked). */
async function org(n: number, jit: { enabled: boolean; role?: 'MEMBER' | 'ADMIN' | 'GUEST' } = { enabled: false }) {
  const o = orgs[n]!;
  await t.prisma.domain.updateMany({ where: { organizationId: o.orgId }, data: { jitProvisioningEnabled: jit.enabled, jitDefaultRole: jit.role ?? 'MEMBER' } });
  return o;
}

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL, SSO_ALLOW_LOOPBACK: 'true', SSO_RETURN_TO_ORIGINS: 'https://app.example' });
  for (let n = 0; n < ORG_COUNT; n++) orgs.push(await newOrg(t, { owner: 'OWNER' }));
  idp = await startTestProvider(orgs.map((o) => `${PUBLIC_URL}/sso/${o.orgId}/callback`));
  for (const [n, o] of orgs.entries()) {
    await useTestProvider(t, o, idp);
    await t.prisma.domain.create({ data: { organizationId: o.orgId, domain: `corp${n}.test`, verificationChallenge: 'x', verifiedAt: new Date() } });
  }
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

describe('OIDC sign-in', () => {
  it('start → provider → callback gives a token that works on /graphql as that user, with amr, sso_org and idp', async () => {
    const o = await org(0);
    const id = account({ email: 'Ann@corp0.test', email_verified: true });
    const page = await signIn(t, o.orgId, id, { amr: ['pwd', 'otp'] });
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('set-cookie')).toMatch(new RegExp(`^${PENDING_COOKIE}=;.*Max-Age=0`));
    const token = await tokenOnPage(page);
    expect(decodeJwt(token)).toMatchObject({ email: 'ann@corp0.test', amr: ['pwd', 'otp'], sso_org: o.orgId, idp: idp.issuer });
    const me = expectData(await t.gql('{ me { email } }', {}, { token }));
    expect(me.me.email).toBe('ann@corp0.test');
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'ann@corp0.test' } });
    expect(user.externalSubject).toBe(`${idp.issuer}|${id}`);
  });

  it('with an allowed return_to, the token goes to that page in the URL fragment', async () => {
    const o = await org(0);
    const id = account({ email: 'ben@corp0.test', email_verified: true });
    const response = await signIn(t, o.orgId, id, { returnTo: 'https://app.example/signed-in?x=1' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname + location.search).toBe('https://app.example/signed-in?x=1');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('organization_id')).toBe(o.orgId);
    expect(fragment.get('membership')).toBe('none');
    expect(decodeJwt(fragment.get('access_token')!)).toMatchObject({ email: 'ben@corp0.test', sso_org: o.orgId });
  });

  it('refuses a return_to whose origin is not allowed, before leaving for the provider', async () => {
    const response = await new Browser(t).request(`${PUBLIC_URL}/sso/${orgs[0]!.orgId}/start?return_to=${encodeURIComponent('https://evil.example/')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not allowed/);
  });

  it('links by issuer and subject on the next sign-in, even after the email changed at the provider', async () => {
    const o = await org(1);
    const id = account({ email: 'cat@corp1.test', email_verified: true });
    await tokenOnPage(await signIn(t, o.orgId, id));
    const first = await t.prisma.user.findUniqueOrThrow({ where: { email: 'cat@corp1.test' } });
    idp.accounts.set(id, { email: 'cat.new@elsewhere.test', email_verified: false });
    const token = await tokenOnPage(await signIn(t, o.orgId, id));
    expect(decodeJwt(token).email).toBe('cat@corp1.test');
    expect(await t.prisma.user.count({ where: { email: 'cat.new@elsewhere.test' } })).toBe(0);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { externalSubject: `${idp.issuer}|${id}` } })).id).toBe(first.id);
  });

  it('refuses an email the provider does not vouch for, or one off the organization’s verified domains (403, nobody created)', async () => {
    const o = await org(1);
    for (const claims of [
      { email: 'dan@corp1.test', email_verified: false },
      { email: 'dan@unverified.test', email_verified: true },
      { email: 'dan@corp2.test', email_verified: true },
    ]) {
      const response = await signIn(t, o.orgId, account(claims));
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(/verified/);
      expect(await t.prisma.user.count({ where: { email: claims.email } })).toBe(0);
    }
  });

  it('refuses a tampered state, a replayed callback, a callback in another browser, and a provider error', async () => {
    const o = await org(1);
    const id = account({ email: 'eve@corp1.test', email_verified: true });

    const tampered = await signInAtProvider(t, o.orgId, id);
    const url = new URL(tampered.callbackUrl);
    url.searchParams.set('state', `${url.searchParams.get('state')}x`);
    const refused = await tampered.browser.request(url.href);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/state/);

    const replayed = await signInAtProvider(t, o.orgId, id);
    const cookie = replayed.browser.cookie('orgraph.test', PENDING_COOKIE)!;
    expect((await replayed.browser.request(replayed.callbackUrl)).status).toBe(200);
    // The cookie is cleared by the first answer; an attacker who kept it and the URL is refused by the provider.
    expect(replayed.browser.cookie('orgraph.test', PENDING_COOKIE)).toBeUndefined();
    expect((await replayed.browser.request(replayed.callbackUrl)).status).toBe(400);
    replayed.browser.setCookie('orgraph.test', PENDING_COOKIE, cookie);
    const again = await replayed.browser.request(replayed.callbackUrl);
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/invalid_grant/);

    const elsewhere = await signInAtProvider(t, o.orgId, id);
    const other = await new Browser(t).request(elsewhere.callbackUrl);
    expect(other.status).toBe(400);
    expect(await other.text()).toMatch(/not known to this browser/);

    const denied = await signInAtProvider(t, o.orgId, id);
    const state = new URL(denied.callbackUrl).searchParams.get('state')!;
    const error = await denied.browser.request(`${PUBLIC_URL}/sso/${o.orgId}/callback?error=access_denied&error_description=No+thanks&state=${state}`);
    expect(error.status).toBe(403);
    expect(await error.text()).toMatch(/No thanks/);
  });

  it('refuses an ID token for another nonce, and a code redeemed without its PKCE verifier', async () => {
    const o = await org(1);
    const id = account({ email: 'fay@corp1.test', email_verified: true });
    const key = pendingKey(t.config.sso.secretKey, t.signingKey);
    for (const [change, expected] of [
      [{ nonce: 'another-nonce' }, /nonce/],
      [{ codeVerifier: 'another-verifier-another-verifier-another-verifier' }, /invalid_grant/],
    ] as const) {
      const attempt = await signInAtProvider(t, o.orgId, id);
      const { payload } = await jwtDecrypt(attempt.browser.cookie('orgraph.test', PENDING_COOKIE)!, key);
      const pending = {
        organizationId: o.orgId,
        state: payload.state as string,
        nonce: payload.nonce as string,
        codeVerifier: payload.codeVerifier as string,
        returnTo: null,
      };
      attempt.browser.setCookie('orgraph.test', PENDING_COOKIE, await sealPending(key, { ...pending, ...change }));
      const response = await attempt.browser.request(attempt.callbackUrl);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(expected);
    }
  });

  it('answers JSON to a client that does not ask for HTML, and 404 for an organization without a provider', async () => {
    const bare = await newOrg(t, { owner: 'OWNER' });
    const response = await t.app.fetch(`${PUBLIC_URL}/sso/${bare.orgId}/start`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('JIT provisioning at sign-in', () => {
  it('makes an ACTIVE member with the domain’s default role, once, with one audit entry by the provisioning', async () => {
    const o = await org(2, { enabled: true, role: 'ADMIN' });
    const id = account({ email: 'gus@corp2.test', email_verified: true });
    const first = await signIn(t, o.orgId, id, { returnTo: 'https://app.example/' });
    expect(new URLSearchParams(new URL(first.headers.get('location')!).hash.slice(1)).get('membership')).toBe('created');
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'gus@corp2.test' } });
    const member = await t.prisma.member.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: o.orgId, userId: user.id } } });
    expect(member).toMatchObject({ role: 'ADMIN', status: 'ACTIVE' });
    const second = await signIn(t, o.orgId, id);
    expect(await second.text()).toMatch(/You are a member/);
    const entries = await t.prisma.auditLog.findMany({ where: { organizationId: o.orgId, action: 'member.provision' } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorType: 'SYSTEM', actorId: 'jit-provisioning', targetType: 'Member', targetId: member.id });
    expect(entries[0]!.changes).toMatchObject({ userId: user.id, role: 'ADMIN', status: 'ACTIVE' });
  });

  it('two sign-ins of a new person at once create one user, one membership and one audit entry', async () => {
    const o = await org(6, { enabled: true });
    const id = account({ email: 'max@corp6.test', email_verified: true });
    const attempts = [await signInAtProvider(t, o.orgId, id), await signInAtProvider(t, o.orgId, id)];
    const pages = await Promise.all(attempts.map((a) => a.browser.request(a.callbackUrl)));
    expect(pages.map((p) => p.status)).toEqual([200, 200]);
    const texts = await Promise.all(pages.map((p) => p.text()));
    expect(texts.filter((text) => /You were added/.test(text))).toHaveLength(1);
    expect(await t.prisma.user.count({ where: { email: 'max@corp6.test' } })).toBe(1);
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId, status: 'ACTIVE' } })).toBe(2);
    expect(await t.prisma.auditLog.count({ where: { organizationId: o.orgId, action: 'member.provision' } })).toBe(1);
  });

  it('leaves a suspended member suspended', async () => {
    const o = await org(2, { enabled: true });
    const id = account({ email: 'hal@corp2.test', email_verified: true });
    await tokenOnPage(await signIn(t, o.orgId, id));
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'hal@corp2.test' } });
    const where = { organizationId_userId: { organizationId: o.orgId, userId: user.id } };
    await t.prisma.member.update({ where, data: { status: 'SUSPENDED' } });
    await tokenOnPage(await signIn(t, o.orgId, id));
    expect((await t.prisma.member.findUniqueOrThrow({ where })).status).toBe('SUSPENDED');
  });

  it('provisions nobody while JIT is off, or for an email the provider does not vouch for', async () => {
    const o = await org(3, { enabled: false });
    const page = await signIn(t, o.orgId, account({ email: 'ida@corp3.test', email_verified: true }));
    expect(await page.text()).toMatch(/not a member/);
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId } })).toBe(1);
  });

  it('over the license’s seats the sign-in succeeds without a membership, and says why', async () => {
    const o = await org(4, { enabled: true });
    const license = await t.prisma.license.create({ data: { plan: 'team', seats: 1 } });
    await t.prisma.organization.update({ where: { id: o.orgId }, data: { licenseId: license.id } });
    const response = await signIn(t, o.orgId, account({ email: 'jo@corp4.test', email_verified: true }), { returnTo: 'https://app.example/' });
    expect(response.status).toBe(303);
    const fragment = new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1));
    expect(fragment.get('membership')).toBe('no_seat');
    expect(fragment.get('access_token')).toBeTruthy();
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId } })).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { organizationId: o.orgId, action: 'member.provision' } })).toBe(0);
    const page = await signIn(t, o.orgId, account({ email: 'kim@corp4.test', email_verified: true }));
    expect(await page.text()).toMatch(/every seat of its license is taken/);
  });
});

describe('groups claim', () => {
  it('records discovered groups and puts the member into the mapped local groups, and out of those no longer asserted', async () => {
    const o = await org(5, { enabled: true });
    const [eng, ops] = await Promise.all(['Engineering', 'Operations'].map((name) => t.prisma.group.create({ data: { organizationId: o.orgId, name } })));
    await t.prisma.externalGroup.create({ data: { organizationId: o.orgId, externalId: 'eng', name: 'eng', groupId: eng!.id } });
    const id = account({ email: 'lee@corp5.test', email_verified: true, groups: ['eng', 'ops'] });
    await tokenOnPage(await signIn(t, o.orgId, id));
    const discovered = await t.prisma.externalGroup.findMany({ where: { organizationId: o.orgId }, orderBy: { externalId: 'asc' } });
    expect(discovered.map((g) => [g.externalId, g.groupId])).toEqual([
      ['eng', eng!.id],
      ['ops', null],
    ]);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'lee@corp5.test' } });
    const member = await t.prisma.member.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: o.orgId, userId: user.id } } });
    const groupsOf = async () => (await t.prisma.groupMember.findMany({ where: { memberId: member.id } })).map((g) => g.groupId).sort();
    expect(await groupsOf()).toEqual([eng!.id]);

    await t.prisma.externalGroup.updateMany({ where: { organizationId: o.orgId, externalId: 'ops' }, data: { groupId: ops!.id } });
    idp.accounts.set(id, { email: 'lee@corp5.test', email_verified: true, groups: ['ops'] });
    await tokenOnPage(await signIn(t, o.orgId, id));
    expect(await groupsOf()).toEqual([ops!.id]);
    const entries = await t.prisma.auditLog.findMany({ where: { organizationId: o.orgId, action: 'member.sync_groups' }, orderBy: { createdAt: 'asc' } });
    expect(entries.map((e) => [e.actorType, e.actorId, e.changes])).toEqual([
      ['SYSTEM', 'sso-group-sync', { discovered: ['ops'], joinedGroupIds: [eng!.id], leftGroupIds: [] }],
      ['SYSTEM', 'sso-group-sync', { discovered: [], joinedGroupIds: [ops!.id], leftGroupIds: [eng!.id] }],
    ]);
    // Nothing changes, nothing is audited.
    await tokenOnPage(await signIn(t, o.orgId, id));
    expect(await t.prisma.auditLog.count({ where: { organizationId: o.orgId, action: 'member.sync_groups' } })).toBe(2);
  });
});
