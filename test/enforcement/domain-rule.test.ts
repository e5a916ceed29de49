import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoSignInUrl } from '../../src/auth/sso/urls.js';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { addUserTo, ALICE, BOB, seedDemo, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';
import { type ExternalIssuer, startExternalIssuer } from '../helpers/external-issuer.js';
import { tokenSignedIn } from '../helpers/sign-in-tokens.js';

// A verified domain whose ssoEnforcement is not NONE requires SSO of the organization's members
// whose email is on that domain: not of a consultant with another email domain, not while the
// domain is unverified, not of owners. A token from the organization's provider meets it: this
// server's token after an SSO sign-in (sso_org), or the external issuer's own token when that
// issuer is the organization's OIDC provider.

const IDP_ISSUER = 'https://idp.acme.test';
const CONSULTANT = 'consultant@partner.test';
const ORGANIZATION = 'query($id: ID!) { organization(id: $id) { id } }';
const UPDATE_DOMAIN = `mutation($id: ID!, $enforcement: SsoEnforcement!) { updateDomain(input: { domainId: $id, ssoEnforcement: $enforcement }) {
  __typename ... on Error { message } } }`;

let t: TestApp;
let demo: Demo;
let idp: ExternalIssuer;
let domainId: string;

beforeAll(async () => {
  idp = await startExternalIssuer(IDP_ISSUER);
  t = await createTestApp(idp.env);
  demo = await seedDemo(t);
  await addUserTo(t, demo.acme, CONSULTANT, 'MEMBER');
  // Verified by DNS elsewhere (test/domains); here the row is set up as verified, not yet enforcing.
  const domain = await t.prisma.domain.create({
    data: { organizationId: rawId(demo.acme), domain: 'acme.test', verificationChallenge: 'challenge', verifiedAt: new Date() },
  });
  domainId = gid('Domain', domain.id);
  // Enforcing OIDC needs an OIDC provider (updateDomain checks it); at first another issuer than the external one.
  await t.prisma.authProvider.create({
    data: { organizationId: rawId(demo.acme), type: 'OIDC', name: 'Acme IdP', oidcIssuer: 'https://login.acme.test', oidcClientId: 'orgraph' },
  });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

const reach = (token: string) => t.gql(ORGANIZATION, { id: demo.acme }, { token });
const reached = async (token: string) => (await reach(token)).data?.organization?.id === demo.acme;

async function enforce(enforcement: 'NONE' | 'OIDC' | 'SAML') {
  expect(expectData(await t.gql(UPDATE_DOMAIN, { id: domainId, enforcement }, { as: ALICE })).updateDomain.__typename).toBe('UpdateDomainPayload');
}

function idpToken(email: string, amr: string[] = ['pwd']) {
  return idp.token(`idp|${email}`, { email, email_verified: true, amr });
}

describe('a verified domain enforcing SSO', () => {
  it('refuses the domain’s members a plain token, with the reason and the sign-in URL', async () => {
    await enforce('OIDC');
    const refused = await reach(await t.tokenFor(BOB));
    expect(refused.errors?.map((e) => e.extensions)).toEqual([
      { code: 'FORBIDDEN', reason: 'SSO_REQUIRED', signInUrl: ssoSignInUrl(t.config.publicUrl, rawId(demo.acme)) },
    ]);
  });

  it('does not concern a member whose email is on another domain, nor an owner', async () => {
    expect(await reached(await t.tokenFor(CONSULTANT))).toBe(true);
    expect(await reached(await t.tokenFor(ALICE))).toBe(true);
  });

  it('is met by a token from the organization’s own sign-in', async () => {
    const viaSso = await tokenSignedIn(t, BOB, { amr: ['pwd'], ssoOrganizationId: rawId(demo.acme), identityProvider: IDP_ISSUER });
    expect(await reached(viaSso)).toBe(true);
  });

  it('is met by the external issuer’s token only when that issuer is the organization’s OIDC provider', async () => {
    const external = await idpToken(BOB);
    expect((await reach(external)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SSO_REQUIRED' });
    const provider = { organizationId: rawId(demo.acme) };
    await t.prisma.authProvider.update({ where: provider, data: { oidcIssuer: IDP_ISSUER } });
    expect(await reached(external)).toBe(true);
    expect(await reached(await t.tokenFor(BOB))).toBe(false);
    await t.prisma.authProvider.update({ where: provider, data: { oidcIssuer: 'https://login.acme.test' } });
    expect(await reached(external)).toBe(false);
  });

  it('applies to SAML enforcement the same way: the organization’s provider, whatever its protocol', async () => {
    await t.prisma.authProvider.update({ where: { organizationId: rawId(demo.acme) }, data: { type: 'SAML', samlEntityId: 'urn:acme:saml' } });
    await enforce('SAML');
    expect(await reached(await t.tokenFor(BOB))).toBe(false);
    expect(await reached(await tokenSignedIn(t, BOB, { ssoOrganizationId: rawId(demo.acme), identityProvider: 'urn:acme:saml' }))).toBe(true);
  });

  it('stops with NONE, and while the domain is unverified', async () => {
    await enforce('NONE');
    expect(await reached(await t.tokenFor(BOB))).toBe(true);
    await enforce('SAML');
    expect(await reached(await t.tokenFor(BOB))).toBe(false);
    await t.prisma.domain.update({ where: { id: rawId(domainId) }, data: { verifiedAt: null } });
    expect(await reached(await t.tokenFor(BOB))).toBe(true);
    await t.prisma.domain.update({ where: { id: rawId(domainId) }, data: { verifiedAt: new Date() } });
    expect(await reached(await t.tokenFor(BOB))).toBe(false);
  });
});
