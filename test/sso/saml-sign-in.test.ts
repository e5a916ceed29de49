import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { mutate } from '../helpers/mutations.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { listing } from '../helpers/statement-counts.js';
import { type AssertionFacts, generateIdpKeys, type IdpKeys, receivedAuthnRequest, samlResponse } from './saml-idp.js';
import { UPSERT_PROVIDER } from './support.js';

// SAML sign-in end to end through HTTP: /start redirects to a local identity provider (built in
// the test, signing with xml-crypto and an openssl certificate), whose response is POSTed to the
// ACS URL like a browser would; the token that comes back is used on /graphql.

const PUBLIC_URL = 'https://orgraph.test';
const FRONTEND = 'https://app.example.test';
const IDP_ENTITY_ID = 'https://idp.example.test/saml';
const IDP_SSO_URL = 'https://idp.example.test/saml/sso';
const MFA = 'http://schemas.microsoft.com/claims/multipleauthn';

let t: TestApp;
let keys: IdpKeys;
let otherKeys: IdpKeys;
beforeAll(async () => {
  [keys, otherKeys] = [generateIdpKeys(), generateIdpKeys()];
  t = await createTestApp({ PUBLIC_URL, CORS_ORIGINS: FRONTEND, SAML_STARTS_PER_ADDRESS: '1000' });
});
afterAll(() => t.close());

interface SamlOrg extends TestOrg {
  domain: string;
  acsUrl: string;
  entityId: string;
}

let domains = 0;
/** An organization with a verified domain and the local identity provider as its SAML provider. */
async function samlOrg(app = t): Promise<SamlOrg> {
  const o = await newOrg(app, { owner: 'OWNER' });
  const domain = `saml${++domains}-${o.orgId.slice(0, 8)}.test`;
  await app.prisma.domain.create({ data: { organizationId: o.orgId, domain, verificationChallenge: 'test', verifiedAt: new Date() } });
  await mutate(
    app,
    UPSERT_PROVIDER,
    { organizationId: o.org, type: 'SAML', name: 'Test IdP', saml: { entityId: IDP_ENTITY_ID, ssoUrl: IDP_SSO_URL, certificate: keys.certificate } },
    o.email.owner!,
  );
  return { ...o, domain, acsUrl: `${PUBLIC_URL}/sso/${o.orgId}/callback`, entityId: `${PUBLIC_URL}/sso/${o.orgId}/saml/metadata` };
}

const fetchApp = (path: string, init: RequestInit = {}) => t.app.fetch(`${PUBLIC_URL}${path}`, { redirect: 'manual', ...init });

/** GET /start: the redirect to the identity provider and the AuthnRequest it carries. */
async function start(o: SamlOrg, query = '') {
  const response = await fetchApp(`/sso/${o.orgId}/start${query}`);
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  return { location, request: receivedAuthnRequest(location) };
}

/** POSTs a response to the ACS URL as the browser's form would. */
function post(o: SamlOrg, samlResponseBase64: string, accept = 'application/json') {
  return fetchApp(`/sso/${o.orgId}/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams({ SAMLResponse: samlResponseBase64, RelayState: 'ignored' }).toString(),
  });
}

/** The identity provider's answer to a started sign-in: what a correct provider asserts, changed by `overrides`. */
function answer(o: SamlOrg, inResponseTo: string, overrides: Partial<AssertionFacts> = {}): string {
  const facts: AssertionFacts = {
    issuer: IDP_ENTITY_ID,
    inResponseTo,
    audience: o.entityId,
    recipient: o.acsUrl,
    nameId: `ann@${o.domain}`,
    authnContextClassRef: MFA,
    attributes: { displayName: 'Ann Example' },
    ...overrides,
  };
  return samlResponse(facts, keys);
}

/** A started sign-in answered with `overrides`: the ACS answer. */
async function signIn(o: SamlOrg, overrides: Partial<AssertionFacts> = {}) {
  const { request } = await start(o);
  return post(o, answer(o, request.id, overrides));
}

async function expectRefused(response: Response, status: number, reason: RegExp) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: string; error_description: string; access_token?: string };
  if (process.env.SHOW_REFUSALS) console.log(status, body.error_description);
  expect(body.access_token).toBeUndefined();
  expect(body.error_description).toMatch(reason);
}

describe('SAML start and metadata', () => {
  it('redirects to the provider with an AuthnRequest for our ACS URL, remembered until its response', async () => {
    const o = await samlOrg();
    const { location, request } = await start(o);
    expect(`${location.origin}${location.pathname}`).toBe(IDP_SSO_URL);
    expect(request).toMatchObject({ issuer: o.entityId, destination: IDP_SSO_URL, acsUrl: o.acsUrl, relayState: request.id });
    expect(request.xml).toContain('<samlp:AuthnRequest');
    expect(request.id).toMatch(/^_[0-9a-f]{40}$/);
    const remembered = await t.prisma.samlSignInRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(remembered).toMatchObject({ organizationId: o.orgId, returnTo: null });
    expect(remembered.expiresAt.getTime() - Date.now()).toBeGreaterThan(500_000);
  });

  it('costs three statements to start: the provider, expired requests of the organization, the new request', async () => {
    const o = await samlOrg();
    const run = await t.counter.during(async () => fetchApp(`/sso/${o.orgId}/start`));
    expect(run.result.status).toBe(302);
    expect(run.count, listing(run)).toBe(3);
  });

  it('serves the service-provider metadata: our entity id and ACS URL', async () => {
    const o = await samlOrg();
    const response = await fetchApp(`/sso/${o.orgId}/saml/metadata`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const xml = await response.text();
    expect(xml).toContain(`entityID="${o.entityId}"`);
    expect(xml).toContain(`Location="${o.acsUrl}"`);
    expect(xml).toContain('WantAssertionsSigned="true"');
  });

  it('leaves organizations without a SAML provider to other routes, and refuses a foreign return_to', async () => {
    const plain = await newOrg(t, { owner: 'OWNER' });
    for (const path of [`/sso/${plain.orgId}/start`, `/sso/${plain.orgId}/saml/metadata`]) expect((await fetchApp(path)).status).toBe(404);
    const o = await samlOrg();
    const refused = await fetchApp(`/sso/${o.orgId}/start?return_to=${encodeURIComponent('https://evil.example/steal')}`, {
      headers: { accept: 'application/json' },
    });
    await expectRefused(refused, 400, /CORS_ORIGINS/);
    expect((await fetchApp(`/sso/${o.orgId}/callback`)).status).toBe(405);
    expect((await fetchApp(`/sso/${o.orgId}/start`, { method: 'HEAD' })).status).toBe(405);
    expect(await t.prisma.samlSignInRequest.count({ where: { organizationId: o.orgId } })).toBe(0);
  });

  it('limits the sign-ins an address starts per minute (each stores a request)', async () => {
    const limited = await createTestApp({ PUBLIC_URL, SAML_STARTS_PER_ADDRESS: '2' });
    try {
      const o = await samlOrg(limited);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.app.fetch(`${PUBLIC_URL}/sso/${o.orgId}/start`, { redirect: 'manual' })).status);
      expect(statuses).toEqual([302, 302, 429]);
      expect(await limited.prisma.samlSignInRequest.count({ where: { organizationId: o.orgId } })).toBe(2);
    } finally {
      await limited.close();
    }
  });
});

describe('SAML sign-in', () => {
  it('signs a user of a verified domain in: the token works on /graphql and says how (amr, sso_org, idp)', async () => {
    const o = await samlOrg();
    const response = await signIn(o);
    expect(response.status).toBe(200);
    const { access_token: token, token_type: type } = (await response.json()) as { access_token: string; token_type: string };
    expect(type).toBe('Bearer');
    expect(decodeJwt(token)).toMatchObject({ email: `ann@${o.domain}`, amr: ['mfa'], sso_org: o.orgId, idp: IDP_ENTITY_ID });
    const me = expectData(await t.gql('{ me { email name } }', {}, { token }));
    expect(me.me).toEqual({ email: `ann@${o.domain}`, name: 'Ann Example' });
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: `ann@${o.domain}` } });
    expect(user.externalSubject).toBe(`${IDP_ENTITY_ID}|ann@${o.domain}`);
    // The request was used up.
    expect(await t.prisma.samlSignInRequest.count({ where: { organizationId: o.orgId } })).toBe(0);
  });

  it('maps the authentication context to amr: a password alone is pwd', async () => {
    const o = await samlOrg();
    const response = await signIn(o, { authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' });
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect(decodeJwt(token).amr).toEqual(['pwd']);
  });

  it('returns the token to an allowed frontend in the URL fragment, else shows it on a page', async () => {
    const o = await samlOrg();
    const returnTo = `${FRONTEND}/signed-in?from=saml`;
    const { request } = await start(o, `?return_to=${encodeURIComponent(returnTo)}`);
    const redirected = await post(o, answer(o, request.id), 'text/html');
    expect(redirected.status).toBe(303);
    const location = new URL(redirected.headers.get('location')!);
    expect(`${location.origin}${location.pathname}${location.search}`).toBe(returnTo);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(decodeJwt(fragment.get('access_token')!).sso_org).toBe(o.orgId);

    const { request: second } = await start(o);
    const page = await post(o, answer(o, second.id), 'text/html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toMatch(/Signed in[\s\S]*<textarea readonly[^>]*>eyJ/);
  });
});

describe('SAML responses refused', () => {
  it('an unsigned assertion', async () => {
    const o = await samlOrg();
    await expectRefused(await signIn(o, { signWith: null }), 401, /signature/i);
  });

  it('an assertion left unsigned inside a signed Response', async () => {
    const o = await samlOrg();
    await expectRefused(await signIn(o, { signed: 'response' }), 401, /signature/i);
  });

  it('an assertion signed by another key', async () => {
    const o = await samlOrg();
    await expectRefused(await signIn(o, { signWith: otherKeys }), 401, /signature/i);
  });

  it('an assertion for another audience', async () => {
    const o = await samlOrg();
    await expectRefused(await signIn(o, { audience: 'https://other-sp.example/metadata' }), 401, /audience/i);
  });

  it('an expired assertion, and one not yet valid', async () => {
    const o = await samlOrg();
    await expectRefused(await signIn(o, { notBeforeSeconds: -900, notOnOrAfterSeconds: -600, confirmationNotOnOrAfterSeconds: 300 }), 401, /expired/i);
    await expectRefused(await signIn(o, { confirmationNotOnOrAfterSeconds: -600 }), 401, /No valid subject confirmation/i);
    await expectRefused(await signIn(o, { notBeforeSeconds: 600 }), 401, /not yet valid/i);
  });

  it('a replayed response (the same InResponseTo twice), and one answering no request of ours', async () => {
    const o = await samlOrg();
    const { request } = await start(o);
    const response = answer(o, request.id);
    expect((await post(o, response)).status).toBe(200);
    await expectRefused(await post(o, response), 401, /InResponseTo/);
    await expectRefused(await post(o, answer(o, '_never-requested')), 401, /InResponseTo/);
    // Posted twice at once (two servers, or a double submit): one sign-in.
    const { request: raced } = await start(o);
    const racedResponse = answer(o, raced.id);
    const statuses = (await Promise.all([post(o, racedResponse), post(o, racedResponse)])).map((answered) => answered.status);
    expect(statuses.sort()).toEqual([200, 401]);
    await expectRefused(
      await post(o, samlResponse({ issuer: IDP_ENTITY_ID, audience: o.entityId, recipient: o.acsUrl, nameId: `ann@${o.domain}` }, keys)),
      401,
      /InResponseTo/,
    );
  });

  it('a response for another ACS URL (Recipient, Destination), or from another issuer', async () => {
    const o = await samlOrg();
    await expectRefused(await signIn(o, { recipient: 'https://other-sp.example/acs', destination: o.acsUrl }), 401, /Recipient/);
    await expectRefused(await signIn(o, { destination: 'https://other-sp.example/acs' }), 401, /Destination/);
    await expectRefused(await signIn(o, { issuer: 'https://another-idp.example' }), 401, /issuer/);
  });

  it('an email off the organization’s verified domains, and a transient NameID', async () => {
    const o = await samlOrg();
    await expectRefused(await signIn(o, { nameId: 'ann@elsewhere.test' }), 403, /verified domains/);
    expect(await t.prisma.user.count({ where: { email: 'ann@elsewhere.test' } })).toBe(0);
    await expectRefused(await signIn(o, { nameId: 'a1b2c3', nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' }), 401, /persistent/);
  });

  it('a POST without a SAMLResponse, or not a form', async () => {
    const o = await samlOrg();
    const empty = await fetchApp(`/sso/${o.orgId}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'RelayState=x',
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Sign-in refused');
    const json = await fetchApp(`/sso/${o.orgId}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    await expectRefused(json, 400, /form/);
  });
});
