import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { CERTIFICATE, expectRefused } from '../helpers/sso.js';
import { oidcSecretKey, openClientSecret } from '../../src/services/oidc-settings.js';
import { DELETE_PROVIDER, PROVIDER_FIELDS, READ_PROVIDER, UPSERT_PROVIDER } from './support.js';

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

const SECRET = 'super-secret-oidc-client-secret-value';

/** The stored client secret: sealed in the row (never the secret itself), opened with the server's key. */
async function storedSecret(t: TestApp, organizationId: string): Promise<string | null> {
  const row = await t.prisma.authProvider.findUniqueOrThrow({ where: { organizationId } });
  expect(row.oidcClientSecret).not.toContain(SECRET);
  return openClientSecret(oidcSecretKey(t.config.sso, t.signingKey), row);
}
const oidc = (org: string, clientSecret?: string) => ({
  organizationId: org,
  type: 'OIDC',
  name: 'Okta',
  oidc: { issuer: 'https://idp.example.com', clientId: 'orgraph', ...(clientSecret ? { clientSecret } : {}) },
});
const saml = (org: string) => ({
  organizationId: org,
  type: 'SAML',
  name: 'ADFS',
  saml: { entityId: 'urn:idp:adfs', ssoUrl: 'https://adfs.example.com/sso', certificate: CERTIFICATE },
});

describe('upsertAuthProvider', () => {
  it('creates an OIDC provider whose secret is stored but never readable, with one audit entry without it', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const { result, entry } = await expectAuditedMutation(t, UPSERT_PROVIDER, oidc(o.org, SECRET), o.email.owner!, {
      payload: 'UpsertAuthProviderPayload',
      action: 'sso.provider.upsert',
      organizationId: o.orgId,
      targetType: 'AuthProvider',
      targetId: o.orgId,
    });
    expect(result.authProvider).toMatchObject({
      type: 'OIDC',
      name: 'Okta',
      oidcIssuer: 'https://idp.example.com',
      oidcClientId: 'orgraph',
      oidcClientSecretSet: true,
      samlEntityId: null,
      organization: { id: o.org },
      viewerCan: { update: true, delete: true },
    });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(entry.changes).toMatchObject({ created: true, type: { to: 'OIDC' }, oidcClientId: { to: 'orgraph' }, oidcClientSecret: 'changed' });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(await storedSecret(t, o.orgId)).toBe(SECRET);

    // Every field of the type, read back: the secret is nowhere.
    const read = expectData(await t.gql(READ_PROVIDER, { id: o.org }, { as: o.email.owner }));
    expect(read.organization.authProvider.oidcClientSecretSet).toBe(true);
    expect(JSON.stringify(read)).not.toContain(SECRET);
  });

  it('has no field that returns the secret', async () => {
    const type = expectData(await t.gql(`{ __type(name: "AuthProvider") { fields { name } } }`)).__type;
    const names = type.fields.map((f: { name: string }) => f.name);
    expect(names).toContain('oidcClientSecretSet');
    expect(names.filter((n: string) => /secret/i.test(n))).toEqual(['oidcClientSecretSet']);
    const input = expectData(await t.gql(`{ __type(name: "OidcSettingsInput") { inputFields { name description } } }`)).__type;
    expect(input.inputFields.find((f: { name: string }) => f.name === 'clientSecret').description).toMatch(/write-only/);
    expect(PROVIDER_FIELDS.split(' ').filter((n) => /secret/i.test(n))).toEqual(['oidcClientSecretSet']);
  });

  it('keeps the stored secret when an update omits it, and records only that a new one was set', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await runMutation(t, UPSERT_PROVIDER, oidc(o.org, SECRET), o.email.owner!);
    const { result, entry } = await expectAuditedMutation(t, UPSERT_PROVIDER, { ...oidc(o.org), name: 'Okta SSO' }, o.email.owner!, {
      payload: 'UpsertAuthProviderPayload',
      action: 'sso.provider.upsert',
      organizationId: o.orgId,
      targetType: 'AuthProvider',
    });
    expect(result.authProvider).toMatchObject({ name: 'Okta SSO', oidcClientSecretSet: true });
    expect(entry.changes).toEqual({ created: false, name: { from: 'Okta', to: 'Okta SSO' } });
    expect(await storedSecret(t, o.orgId)).toBe(SECRET);

    const rotated = await expectAuditedMutation(t, UPSERT_PROVIDER, oidc(o.org, 'another-secret'), o.email.owner!, {
      payload: 'UpsertAuthProviderPayload',
      action: 'sso.provider.upsert',
      organizationId: o.orgId,
      targetType: 'AuthProvider',
    });
    expect(rotated.entry.changes).toEqual({ created: false, name: { from: 'Okta SSO', to: 'Okta' }, oidcClientSecret: 'changed' });
    expect(JSON.stringify(rotated.entry)).not.toContain('another-secret');
    expect(await storedSecret(t, o.orgId)).toBe('another-secret');
  });

  it('switching to SAML clears the OIDC settings and the secret; switching back needs a secret again', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await runMutation(t, UPSERT_PROVIDER, oidc(o.org, SECRET), o.email.owner!);
    const { result, entry } = await expectAuditedMutation(t, UPSERT_PROVIDER, saml(o.org), o.email.owner!, {
      payload: 'UpsertAuthProviderPayload',
      action: 'sso.provider.upsert',
      organizationId: o.orgId,
      targetType: 'AuthProvider',
    });
    expect(result.authProvider).toMatchObject({
      type: 'SAML',
      oidcIssuer: null,
      oidcClientId: null,
      oidcClientSecretSet: false,
      samlEntityId: 'urn:idp:adfs',
      samlSsoUrl: 'https://adfs.example.com/sso',
      samlCertificate: CERTIFICATE,
    });
    expect(entry.changes).toMatchObject({
      type: { from: 'OIDC', to: 'SAML' },
      oidcIssuer: { from: 'https://idp.example.com', to: null },
      oidcClientSecret: 'cleared',
    });
    expect(await t.prisma.authProvider.findUniqueOrThrow({ where: { organizationId: o.orgId } })).toMatchObject({ oidcClientSecret: null, oidcIssuer: null });

    const refused = await expectRefused(t, UPSERT_PROVIDER, oidc(o.org), o.email.owner!, 'ValidationError');
    expect(refused.fields).toEqual([{ path: ['input', 'oidc', 'clientSecret'], message: expect.stringMatching(/required/) }]);
  });

  it('refuses invalid settings with field paths and changes nothing', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ organizationId: o.org, type: 'OIDC', name: 'X' }, ['input', 'oidc']],
      [{ ...oidc(o.org, SECRET), saml: saml(o.org).saml }, ['input', 'saml']],
      [{ ...oidc(o.org, SECRET), oidc: { issuer: 'http://idp.example.com', clientId: 'x', clientSecret: 's' } }, ['input', 'oidc', 'issuer']],
      [{ ...oidc(o.org, SECRET), oidc: { issuer: 'https://idp.example.com', clientId: ' ', clientSecret: 's' } }, ['input', 'oidc', 'clientId']],
      [oidc(o.org), ['input', 'oidc', 'clientSecret']],
      [{ ...oidc(o.org, SECRET), name: '' }, ['input', 'name']],
      [{ ...saml(o.org), saml: { ...saml(o.org).saml, certificate: 'not a certificate' } }, ['input', 'saml', 'certificate']],
      [{ ...saml(o.org), saml: { ...saml(o.org).saml, ssoUrl: 'ftp://adfs.example.com' } }, ['input', 'saml', 'ssoUrl']],
    ];
    for (const [input, path] of cases) {
      const refused = await expectRefused(t, UPSERT_PROVIDER, input, o.email.owner!, 'ValidationError');
      expect(
        refused.fields.map((f: { path: string[] }) => f.path),
        JSON.stringify(input),
      ).toContainEqual(path);
      expect(JSON.stringify(refused)).not.toContain(SECRET);
    }
  });

  it('refuses switching the type while a domain enforces the old one', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await runMutation(t, UPSERT_PROVIDER, oidc(o.org, SECRET), o.email.owner!);
    await t.prisma.domain.create({
      data: { organizationId: o.orgId, domain: 'enforced.test', verificationChallenge: 'x', verifiedAt: new Date(), ssoEnforcement: 'OIDC' },
    });
    const refused = await expectRefused(t, UPSERT_PROVIDER, saml(o.org), o.email.owner!, 'ConflictError');
    expect(refused.message).toMatch(/ssoEnforcement to NONE/);
    // Same type: fine.
    expect((await runMutation(t, UPSERT_PROVIDER, { ...oidc(o.org), name: 'Renamed' }, o.email.owner!)).result.__typename).toBe('UpsertAuthProviderPayload');
  });
});

describe('deleteAuthProvider', () => {
  it('deletes the provider with one audit entry; CONFLICT when there is none', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await expectRefused(t, DELETE_PROVIDER, { organizationId: o.org }, o.email.owner!, 'ConflictError');
    await runMutation(t, UPSERT_PROVIDER, oidc(o.org, SECRET), o.email.owner!);
    const { result, entry } = await expectAuditedMutation(t, DELETE_PROVIDER, { organizationId: o.org }, o.email.owner!, {
      payload: 'DeleteAuthProviderPayload',
      action: 'sso.provider.delete',
      organizationId: o.orgId,
      targetType: 'AuthProvider',
      targetId: o.orgId,
    });
    expect(result.organization).toEqual({ id: o.org, authProvider: null });
    expect(entry.changes).toEqual({ type: 'OIDC', name: 'Okta' });
    expect(await t.prisma.authProvider.count({ where: { organizationId: o.orgId } })).toBe(0);
  });

  it('refuses while a domain enforces SSO, and keeps discovered groups when it deletes', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await runMutation(t, UPSERT_PROVIDER, saml(o.org), o.email.owner!);
    const domain = await t.prisma.domain.create({
      data: { organizationId: o.orgId, domain: 'saml.test', verificationChallenge: 'x', verifiedAt: new Date(), ssoEnforcement: 'SAML' },
    });
    await t.prisma.externalGroup.create({ data: { organizationId: o.orgId, externalId: 'g1', name: 'Engineers' } });
    await expectRefused(t, DELETE_PROVIDER, { organizationId: o.org }, o.email.owner!, 'ConflictError');
    await t.prisma.domain.update({ where: { id: domain.id }, data: { ssoEnforcement: 'NONE' } });
    expect((await runMutation(t, DELETE_PROVIDER, { organizationId: o.org }, o.email.owner!)).result.__typename).toBe('DeleteAuthProviderPayload');
    expect(await t.prisma.externalGroup.count({ where: { organizationId: o.orgId } })).toBe(1);
  });
});

describe('Organization.authProvider and who may touch it', () => {
  it('is null when none is configured', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    expect(expectData(await t.gql(READ_PROVIDER, { id: o.org }, { as: o.email.owner })).organization.authProvider).toBeNull();
  });

  it('is readable and writable by an ADMIN, FORBIDDEN for a MEMBER (no sso:read), NOT_FOUND for another organization', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER' });
    expect((await runMutation(t, UPSERT_PROVIDER, oidc(o.org, SECRET), o.email.admin!)).result.__typename).toBe('UpsertAuthProviderPayload');
    expect(expectData(await t.gql(READ_PROVIDER, { id: o.org }, { as: o.email.admin })).organization.authProvider.type).toBe('OIDC');

    const asMember = await t.gql(READ_PROVIDER, { id: o.org }, { as: o.email.member });
    expect(asMember.data.organization).toMatchObject({ id: o.org, authProvider: null });
    expect(errorCodes(asMember)).toEqual(['FORBIDDEN']);
    await expectRefused(t, UPSERT_PROVIDER, oidc(o.org, 'x'), o.email.member!, 'ForbiddenError');
    await expectRefused(t, DELETE_PROVIDER, { organizationId: o.org }, o.email.member!, 'ForbiddenError');

    await expectRefused(t, UPSERT_PROVIDER, oidc(o.org, 'x'), CAROL, 'NotFoundError');
    await expectRefused(t, DELETE_PROVIDER, { organizationId: o.org }, CAROL, 'NotFoundError');
    expect(errorCodes(await t.gql(READ_PROVIDER, { id: o.org }, { as: CAROL }))).toEqual(['NOT_FOUND']);
  });

  it('a service client needs sso:read to read and sso:write to write, in its own organization only', async () => {
    const acmeId = rawId(demo.acme);
    const globexId = rawId(demo.globex);
    await runMutation(t, UPSERT_PROVIDER, oidc(demo.acme, SECRET), ALICE);
    const reader = await clientToken(t, acmeId, ['organization:read', 'sso:read']);
    const read = expectData(await t.gql(READ_PROVIDER, { id: demo.acme }, { token: reader }));
    expect(read.organization.authProvider).toMatchObject({ type: 'OIDC', oidcClientSecretSet: true, viewerCan: { update: false, delete: false } });
    expect(JSON.stringify(read)).not.toContain(SECRET);
    await expectRefused(t, UPSERT_PROVIDER, oidc(demo.acme, 'x'), { token: reader }, 'ForbiddenError');
    const writer = await clientToken(t, acmeId, ['organization:read', 'sso:write']);
    // Without sso:read it may write, but not read the payload's provider back.
    const written = await t.gql(
      `mutation($input: UpsertAuthProviderInput!) { upsertAuthProvider(input: $input) { __typename } }`,
      { input: saml(demo.acme) },
      { token: writer },
    );
    expect(expectData(written).upsertAuthProvider.__typename).toBe('UpsertAuthProviderPayload');
    expect((await t.prisma.authProvider.findUniqueOrThrow({ where: { organizationId: acmeId } })).type).toBe('SAML');
    const foreign = await clientToken(t, globexId, ['organization:read', 'sso:write']);
    await expectRefused(t, UPSERT_PROVIDER, oidc(demo.acme, 'x'), { token: foreign }, 'NotFoundError');
  });
});
