import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { CAROL, seedDemo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { expectRefused } from '../helpers/sso.js';
import { FakeDns } from './fake-dns.js';
import { ADD_DOMAIN, DELETE_DOMAIN, DOMAIN_FIELDS, REGENERATE_SCIM_TOKEN, UPDATE_DOMAIN, VERIFY_DOMAIN } from './support.js';

const dns = new FakeDns();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { resolveTxt: dns.resolveTxt });
  await seedDemo(t);
});
afterAll(() => t.close());
beforeEach(() => dns.clear());

const DOMAINS = `query($id: ID!, $verified: Boolean) { organization(id: $id) { domains(verified: $verified) { totalCount edges { node { ${DOMAIN_FIELDS} } } } } }`;
let n = 0;
const uniqueDomain = () => `d${++n}.example.com`;

async function added(o: TestOrg, domain = uniqueDomain()) {
  const { result } = await runMutation(t, ADD_DOMAIN, { organizationId: o.org, domain }, o.email.owner!);
  expect(result.__typename, JSON.stringify(result)).toBe('AddDomainPayload');
  return result.domain as { id: string; domain: string; verificationRecord: { name: string; value: string } };
}

/** An OIDC provider of the organization, written directly (the SSO tests cover upsertAuthProvider). */
const withOidcProvider = (o: TestOrg) =>
  t.prisma.authProvider.create({
    data: { organizationId: o.orgId, type: 'OIDC', name: 'IdP', oidcIssuer: 'https://idp.example.com', oidcClientId: 'c', oidcClientSecret: 's' },
  });

/** A domain of the organization, verified through the fake DNS. */
async function verified(o: TestOrg, domain = uniqueDomain()) {
  const d = await added(o, domain);
  dns.publish(d.verificationRecord.name, [d.verificationRecord.value]);
  expect((await runMutation(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.owner!)).result.__typename).toBe('VerifyDomainPayload');
  return d;
}

describe('addDomain and Organization.domains', () => {
  it('adds an unverified, lower-cased domain with the TXT record to publish, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const { result, entry } = await expectAuditedMutation(t, ADD_DOMAIN, { organizationId: o.org, domain: ' Acme-Widgets.COM. ' }, o.email.owner!, {
      payload: 'AddDomainPayload',
      action: 'domain.add',
      organizationId: o.orgId,
      targetType: 'Domain',
    });
    expect(result.domain).toMatchObject({
      domain: 'acme-widgets.com',
      verified: false,
      verifiedAt: null,
      lastVerificationAt: null,
      jitProvisioningEnabled: false,
      ssoEnforcement: 'NONE',
      scimEnabled: false,
      scimTokenLastChars: null,
      organization: { id: o.org },
      viewerCan: { update: true, verify: true, delete: true, enableFeatures: false, regenerateScimToken: false },
    });
    expect(result.domain.verificationRecord.name).toBe('_orgraph-challenge.acme-widgets.com');
    expect(result.domain.verificationRecord.value).toMatch(/^orgraph-verification=[A-Za-z0-9_-]{43}$/);
    expect(entry.targetId).toBe(rawId(result.domain.id));
    expect(entry.changes).toEqual({ domain: 'acme-widgets.com' });

    const other = await added(o, 'other.example.com');
    expect(other.verificationRecord.value).not.toBe(result.domain.verificationRecord.value);
    const list = expectData(await t.gql(DOMAINS, { id: o.org }, { as: o.email.owner })).organization.domains;
    expect(list.totalCount).toBe(2);
    expect(list.edges.map((e: any) => e.node.domain)).toEqual(['acme-widgets.com', 'other.example.com']);
  });

  it('refuses invalid names and a domain the organization already has, changing nothing', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    for (const domain of ['', 'localhost', '192.168.0.1', 'https://example.com', 'exa mple.com', '-bad.example.com', 'a..b.com', `${'x'.repeat(64)}.com`]) {
      const refused = await expectRefused(t, ADD_DOMAIN, { organizationId: o.org, domain }, o.email.owner!, 'ValidationError');
      expect(refused.fields[0].path, domain).toEqual(['input', 'domain']);
    }
    await added(o, 'taken.example.com');
    const refused = await expectRefused(t, ADD_DOMAIN, { organizationId: o.org, domain: 'TAKEN.example.com' }, o.email.owner!, 'ConflictError');
    expect(refused.message).toMatch(/already has/);
  });

  it('refuses a domain another organization has verified, without naming it; an unverified one does not block', async () => {
    const a = await newOrg(t, { owner: 'OWNER' });
    const b = await newOrg(t, { owner: 'OWNER' });
    await added(a, 'shared-unverified.example.com');
    await added(b, 'shared-unverified.example.com');
    await verified(a, 'claimed.example.com');
    const refused = await expectRefused(t, ADD_DOMAIN, { organizationId: b.org, domain: 'claimed.example.com' }, b.email.owner!, 'ConflictError');
    expect(refused.message).toMatch(/another organization/);
    const orgName = (await t.prisma.organization.findUniqueOrThrow({ where: { id: a.orgId } })).name;
    expect(refused.message).not.toContain(orgName);
    expect(refused.message).not.toContain(a.orgId);
  });

  it('filters by verified', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const yes = await verified(o);
    const no = await added(o);
    const only = async (v: boolean) =>
      expectData(await t.gql(DOMAINS, { id: o.org, verified: v }, { as: o.email.owner })).organization.domains.edges.map((e: any) => e.node.id);
    expect(await only(true)).toEqual([yes.id]);
    expect(await only(false)).toEqual([no.id]);
  });
});

describe('verifyDomain', () => {
  it('verifies only when DNS carries the challenge (chunks joined), with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const d = await added(o);
    const value = d.verificationRecord.value;
    dns.publish(d.verificationRecord.name, ['v=spf1 -all'], [value.slice(0, 20), value.slice(20)]);
    const { result, entry } = await expectAuditedMutation(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.owner!, {
      payload: 'VerifyDomainPayload',
      action: 'domain.verify',
      organizationId: o.orgId,
      targetType: 'Domain',
      targetId: rawId(d.id),
    });
    expect(dns.lookups).toEqual([`_orgraph-challenge.${d.domain}`]);
    expect(result.domain).toMatchObject({ verified: true, viewerCan: { enableFeatures: true } });
    expect(result.domain.verifiedAt).toBe(result.domain.lastVerificationAt);
    expect(entry.changes).toMatchObject({ domain: d.domain, verifiedAt: { from: null }, lastVerificationAt: { from: null } });

    // A later check keeps the first verification time and records the new one.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = (await runMutation(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.owner!)).result.domain;
    expect(again.verifiedAt).toBe(result.domain.verifiedAt);
    expect(again.lastVerificationAt > result.domain.lastVerificationAt).toBe(true);
  });

  it('answers CONFLICT and changes nothing when the record is missing, wrong, or the lookup fails', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const d = await added(o);
    const missing = await expectRefused(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.owner!, 'ConflictError');
    expect(missing.message).toContain(`_orgraph-challenge.${d.domain}`);
    expect(missing.message).toContain('ENOTFOUND');

    dns.publish(d.verificationRecord.name, ['orgraph-verification=someone-elses-challenge'], [`${d.verificationRecord.value}x`]);
    expect((await expectRefused(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.owner!, 'ConflictError')).message).toMatch(/carries the domain’s challenge/);

    for (const code of ['ENODATA', 'ESERVFAIL', 'ETIMEOUT']) {
      dns.failure = code;
      expect((await expectRefused(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.owner!, 'ConflictError')).message).toContain(code);
    }
    // The challenge on the bare domain (not the _orgraph-challenge name) does not count either.
    dns.failure = null;
    dns.publish(d.domain, [d.verificationRecord.value]);
    await expectRefused(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.owner!, 'ConflictError');
    expect(await t.prisma.domain.findUniqueOrThrow({ where: { id: rawId(d.id) } })).toMatchObject({ verifiedAt: null, lastVerificationAt: null });
  });

  it('a verified domain stays verified when a later check fails', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const d = await verified(o);
    dns.clear();
    await expectRefused(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.owner!, 'ConflictError');
    expect((await t.prisma.domain.findUniqueOrThrow({ where: { id: rawId(d.id) } })).verifiedAt).not.toBeNull();
  });

  it('refuses a domain another organization verified first', async () => {
    const a = await newOrg(t, { owner: 'OWNER' });
    const b = await newOrg(t, { owner: 'OWNER' });
    const name = uniqueDomain();
    const [da, db] = [await added(a, name), await added(b, name)];
    dns.publish(da.verificationRecord.name, [da.verificationRecord.value], [db.verificationRecord.value]);
    expect((await runMutation(t, VERIFY_DOMAIN, { domainId: da.id }, a.email.owner!)).result.__typename).toBe('VerifyDomainPayload');
    expect((await expectRefused(t, VERIFY_DOMAIN, { domainId: db.id }, b.email.owner!, 'ConflictError')).message).toMatch(/another organization/);
  });

  it('looks nothing up for a caller without sso:write or outside the organization', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER' });
    const d = await added(o);
    dns.publish(d.verificationRecord.name, [d.verificationRecord.value]);
    await expectRefused(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.member!, 'ForbiddenError');
    await expectRefused(t, VERIFY_DOMAIN, { domainId: d.id }, CAROL, 'NotFoundError');
    const reader = await clientToken(t, o.orgId, ['organization:read', 'sso:read']);
    await expectRefused(t, VERIFY_DOMAIN, { domainId: d.id }, { token: reader }, 'ForbiddenError');
    expect(dns.lookups).toEqual([]);
    expect((await runMutation(t, VERIFY_DOMAIN, { domainId: d.id }, o.email.admin!)).result.__typename).toBe('VerifyDomainPayload');
  });
});

describe('updateDomain', () => {
  it('refuses JIT provisioning, SSO enforcement and SCIM on an unverified domain; switching them off is fine', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await withOidcProvider(o);
    const d = await added(o);
    for (const change of [{ jitProvisioningEnabled: true }, { ssoEnforcement: 'OIDC' }, { scimEnabled: true }]) {
      const refused = await expectRefused(t, UPDATE_DOMAIN, { domainId: d.id, ...change }, o.email.owner!, 'ConflictError');
      expect(refused.message).toMatch(/verified domain/);
    }
    const { result, entry } = await expectAuditedMutation(
      t,
      UPDATE_DOMAIN,
      { domainId: d.id, jitProvisioningEnabled: false, ssoEnforcement: 'NONE', scimEnabled: false },
      o.email.owner!,
      {
        payload: 'UpdateDomainPayload',
        action: 'domain.update',
        organizationId: o.orgId,
        targetType: 'Domain',
        targetId: rawId(d.id),
      },
    );
    expect(result.domain).toMatchObject({ jitProvisioningEnabled: false, ssoEnforcement: 'NONE', scimEnabled: false, verified: false });
    expect(entry.changes).toEqual({ domain: d.domain });
  });

  it('switches features on for a verified domain; SSO enforcement needs a provider of that type', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const d = await verified(o);
    await expectRefused(t, UPDATE_DOMAIN, { domainId: d.id, ssoEnforcement: 'SAML' }, o.email.owner!, 'ConflictError');
    await withOidcProvider(o);
    expect((await expectRefused(t, UPDATE_DOMAIN, { domainId: d.id, ssoEnforcement: 'SAML' }, o.email.owner!, 'ConflictError')).message).toMatch(/SAML/);
    const { result, entry } = await expectAuditedMutation(
      t,
      UPDATE_DOMAIN,
      { domainId: d.id, jitProvisioningEnabled: true, ssoEnforcement: 'OIDC', scimEnabled: true },
      o.email.owner!,
      {
        payload: 'UpdateDomainPayload',
        action: 'domain.update',
        organizationId: o.orgId,
        targetType: 'Domain',
      },
    );
    expect(result.domain).toMatchObject({ jitProvisioningEnabled: true, ssoEnforcement: 'OIDC', scimEnabled: true, viewerCan: { regenerateScimToken: true } });
    expect(entry.changes).toEqual({
      domain: d.domain,
      jitProvisioningEnabled: { from: false, to: true },
      ssoEnforcement: { from: 'NONE', to: 'OIDC' },
      scimEnabled: { from: false, to: true },
    });
  });
});

describe('regenerateDomainScimToken', () => {
  it('needs SCIM enabled; shows the token once and stores only its hash; switching SCIM off revokes it', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const d = await verified(o);
    expect((await expectRefused(t, REGENERATE_SCIM_TOKEN, { domainId: d.id }, o.email.owner!, 'ConflictError')).message).toMatch(/SCIM is not enabled/);
    await runMutation(t, UPDATE_DOMAIN, { domainId: d.id, scimEnabled: true }, o.email.owner!);
    const { result, entry } = await expectAuditedMutation(t, REGENERATE_SCIM_TOKEN, { domainId: d.id }, o.email.owner!, {
      payload: 'RegenerateDomainScimTokenPayload',
      action: 'domain.scim_token.regenerate',
      organizationId: o.orgId,
      targetType: 'Domain',
      targetId: rawId(d.id),
    });
    const token: string = result.scimToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.domain.scimTokenLastChars).toBe(token.slice(-4));
    const row = await t.prisma.domain.findUniqueOrThrow({ where: { id: rawId(d.id) } });
    expect(row.scimTokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(entry)).not.toContain(token);
    expect(entry.changes).toEqual({ domain: d.domain, scimTokenLastChars: { from: null, to: token.slice(-4) } });
    // Never readable again.
    const read = expectData(await t.gql(`query($id: ID!) { node(id: $id) { ... on Domain { ${DOMAIN_FIELDS} } } }`, { id: d.id }, { as: o.email.owner }));
    expect(JSON.stringify(read)).not.toContain(token);

    const second = (await runMutation(t, REGENERATE_SCIM_TOKEN, { domainId: d.id }, o.email.owner!)).result.scimToken;
    expect(second).not.toBe(token);
    expect((await t.prisma.domain.findUniqueOrThrow({ where: { id: rawId(d.id) } })).scimTokenHash).toBe(createHash('sha256').update(second).digest('hex'));

    const off = await expectAuditedMutation(t, UPDATE_DOMAIN, { domainId: d.id, scimEnabled: false }, o.email.owner!, {
      payload: 'UpdateDomainPayload',
      action: 'domain.update',
      organizationId: o.orgId,
      targetType: 'Domain',
    });
    expect(off.result.domain).toMatchObject({ scimEnabled: false, scimTokenLastChars: null });
    expect(off.entry.changes).toMatchObject({ scimTokenLastChars: { from: second.slice(-4), to: null } });
    expect((await t.prisma.domain.findUniqueOrThrow({ where: { id: rawId(d.id) } })).scimTokenHash).toBeNull();
  });
});

describe('deleteDomain and Domain.scimLogs', () => {
  it('lists SCIM logs newest first, and deletes the domain with them, one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const d = await verified(o);
    // SCIM requests are logged by the SCIM server, outside this API: written directly.
    for (let i = 0; i < 3; i++) {
      await t.prisma.scimLog.create({
        data: {
          domainId: rawId(d.id),
          method: 'POST',
          path: '/Users',
          status: 201 + i,
          requestBody: { userName: `u${i}` },
          createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
        },
      });
    }
    const LOGS = `query($id: ID!, $after: String) { node(id: $id) { ... on Domain { scimLogs(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { method path status requestBody responseBody createdAt } } } } } }`;
    const page = expectData(await t.gql(LOGS, { id: d.id }, { as: o.email.owner })).node.scimLogs;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((e: any) => e.node.status)).toEqual([203, 202]);
    expect(page.edges[0].node).toMatchObject({
      method: 'POST',
      path: '/Users',
      requestBody: { userName: 'u2' },
      responseBody: null,
      createdAt: '2026-01-03T00:00:00.000Z',
    });
    const next = expectData(await t.gql(LOGS, { id: d.id, after: page.pageInfo.endCursor }, { as: o.email.owner })).node.scimLogs;
    expect(next.edges.map((e: any) => e.node.status)).toEqual([201]);

    const { result, entry } = await expectAuditedMutation(t, DELETE_DOMAIN, { domainId: d.id }, o.email.owner!, {
      payload: 'DeleteDomainPayload',
      action: 'domain.delete',
      organizationId: o.orgId,
      targetType: 'Domain',
      targetId: rawId(d.id),
    });
    expect(result).toMatchObject({ deletedDomainId: d.id, organization: { id: o.org, domains: { totalCount: 0 } } });
    expect(entry.changes).toMatchObject({ domain: d.domain, verified: true });
    expect(await t.prisma.scimLog.count({ where: { domainId: rawId(d.id) } })).toBe(0);
  });

  it('is FORBIDDEN for a MEMBER (no sso:read) and NOT_FOUND for another organization', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const d = await added(o);
    const asMember = await t.gql(DOMAINS, { id: o.org }, { as: o.email.member });
    expect(asMember.data.organization.domains).toBeNull();
    expect(errorCodes(asMember)).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: d.id }, { as: o.email.member }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: d.id }, { as: CAROL }))).toEqual(['NOT_FOUND']);
    for (const [document, input] of [
      [ADD_DOMAIN, { organizationId: o.org, domain: uniqueDomain() }],
      [UPDATE_DOMAIN, { domainId: d.id, jitProvisioningEnabled: false }],
      [DELETE_DOMAIN, { domainId: d.id }],
      [REGENERATE_SCIM_TOKEN, { domainId: d.id }],
    ] as const) {
      await expectRefused(t, document, input, o.email.member!, 'ForbiddenError');
      await expectRefused(t, document, input, CAROL, 'NotFoundError');
    }
  });

  it('reads domains with their SCIM logs in a fixed number of statements', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const QUERY = `query($id: ID!) { organization(id: $id) { domains(first: 50) { edges { node { domain viewerCan { update } scimLogs(first: 5) { totalCount edges { node { status } } } } } } } }`;
    const count = async () => (await t.counter.during(() => t.gql(QUERY, { id: o.org }, { as: o.email.owner }))).count;
    await verified(o);
    const one = await count();
    for (let i = 0; i < 4; i++) {
      const d = await verified(o);
      await t.prisma.scimLog.create({ data: { domainId: rawId(d.id), method: 'GET', path: '/Users', status: 200 } });
    }
    expect(await count()).toBe(one);
  });
});
