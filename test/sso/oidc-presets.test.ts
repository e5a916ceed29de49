import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedIssuer } from '../../src/auth/sso/oidc-presets.js';
import { loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { expectAuditedMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { expectRefused } from '../helpers/sso.js';
import { UPSERT_PROVIDER } from './support.js';

// The OIDC presets of upsertAuthProvider: the issuer each one produces, and what each refuses.
// Input only: nothing here reaches Google or Microsoft.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://orgraph.example' });
});
afterAll(() => t.close());

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const FIELDS = `oidcIssuer oidcPreset oidcTenantId signInUrl redirectUri oidcClientSecretSet`;
const UPSERT = UPSERT_PROVIDER.replace('authProvider {', `authProvider { ${FIELDS} `);
const input = (org: string, oidc: Record<string, unknown>) => ({
  organizationId: org,
  type: 'OIDC',
  name: 'SSO',
  oidc: { clientId: 'orgraph', clientSecret: 'client-secret', ...oidc },
});

describe('OIDC presets', () => {
  it('GOOGLE and MICROSOFT set the issuer; the redirect URI and sign-in URL are shown to administrators', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const audit = { payload: 'UpsertAuthProviderPayload', action: 'sso.provider.upsert', organizationId: o.orgId, targetType: 'AuthProvider' };
    const google = await expectAuditedMutation(t, UPSERT, input(o.org, { preset: 'GOOGLE' }), o.email.owner!, audit);
    expect(google.result.authProvider).toMatchObject({
      oidcIssuer: 'https://accounts.google.com',
      oidcPreset: 'GOOGLE',
      oidcTenantId: null,
      signInUrl: `https://orgraph.example/sso/${o.orgId}/start`,
      redirectUri: `https://orgraph.example/sso/${o.orgId}/callback`,
      oidcClientSecretSet: true,
    });
    const microsoft = await expectAuditedMutation(t, UPSERT, input(o.org, { preset: 'MICROSOFT', tenantId: TENANT }), o.email.owner!, audit);
    expect(microsoft.result.authProvider).toMatchObject({
      oidcIssuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      oidcPreset: 'MICROSOFT',
      oidcTenantId: TENANT,
    });
    expect(microsoft.entry.changes).toMatchObject({ oidcPreset: { from: 'GOOGLE', to: 'MICROSOFT' }, oidcTenantId: { from: null, to: TENANT } });
    const generic = await expectAuditedMutation(t, UPSERT, input(o.org, { issuer: 'https://idp.example.com/realms/corp' }), o.email.owner!, audit);
    expect(generic.result.authProvider).toMatchObject({ oidcIssuer: 'https://idp.example.com/realms/corp', oidcPreset: 'GENERIC', oidcTenantId: null });
  });

  it('refuses what a preset does not take, with field paths', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ preset: 'MICROSOFT' }, ['input', 'oidc', 'tenantId']],
      [{ preset: 'MICROSOFT', tenantId: 'common' }, ['input', 'oidc', 'tenantId']],
      [{ preset: 'MICROSOFT', tenantId: 'contoso.onmicrosoft.com' }, ['input', 'oidc', 'tenantId']],
      [{ preset: 'GOOGLE', issuer: 'https://accounts.google.com' }, ['input', 'oidc', 'issuer']],
      [{ preset: 'GOOGLE', tenantId: TENANT }, ['input', 'oidc', 'tenantId']],
      [{ preset: 'GENERIC' }, ['input', 'oidc', 'issuer']],
      [{ issuer: 'http://127.0.0.1:8080' }, ['input', 'oidc', 'issuer']],
      [{ issuer: 'https://idp.example.com/?tenant=x' }, ['input', 'oidc', 'issuer']],
    ];
    for (const [oidc, path] of cases) {
      const refused = await expectRefused(t, UPSERT, input(o.org, oidc), o.email.owner!, 'ValidationError');
      expect(
        refused.fields.map((f: { path: string[] }) => f.path),
        JSON.stringify(oidc),
      ).toContainEqual(path);
    }
  });

  it('allows http issuers on loopback only with SSO_ALLOW_LOOPBACK', () => {
    expect(refusedIssuer('http://127.0.0.1:8080', false)).toMatch(/SSO_ALLOW_LOOPBACK/);
    expect(refusedIssuer('http://127.0.0.1:8080', true)).toBeNull();
    expect(refusedIssuer('http://[::1]:8080/realm', true)).toBeNull();
    expect(refusedIssuer('http://idp.example.com', true)).toMatch(/https/);
  });
});

describe('SSO settings', () => {
  it('SSO_ALLOW_LOOPBACK is on by default only with NODE_ENV=development', () => {
    expect(loadConfig({}).sso.allowLoopback).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).sso.allowLoopback).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', SSO_ALLOW_LOOPBACK: 'false' }).sso.allowLoopback).toBe(false);
  });

  it('return_to origins: SSO_RETURN_TO_ORIGINS, else CORS_ORIGINS, never every origin', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example' }).sso.returnToOrigins).toEqual(['https://app.example']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).sso.returnToOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '*', SSO_RETURN_TO_ORIGINS: 'https://a.example,https://b.example/' }).sso.returnToOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(loadConfig({ SSO_RETURN_TO_ORIGINS: '*' }).sso.returnToOrigins).toEqual([]);
  });
});
