import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { PUBLIC_URL, signIn, tokenOnPage } from '../sso/browser.js';
import { startTestProvider, type TestProvider } from '../sso/oidc-test-provider.js';
import { useTestProvider } from '../sso/support.js';

// The parts of issue 13 together, through HTTP against a real OpenID provider: a verified domain
// that enforces SSO and provisions just in time. A plain token is refused with the sign-in URL;
// following that URL through the provider gives a token that gets in; MFA on the member then
// wants a second factor in the provider's `amr`.

const ORGANIZATION = `query($id: ID!) { organization(id: $id) { name } }`;

let t: TestApp;
let idp: TestProvider;
let o: TestOrg;

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL, SSO_ALLOW_LOOPBACK: 'true' });
  o = await newOrg(t, { owner: 'OWNER' });
  idp = await startTestProvider([`${PUBLIC_URL}/sso/${o.orgId}/callback`]);
  await useTestProvider(t, o, idp, 'Corp IdP');
  await t.prisma.domain.create({
    data: {
      organizationId: o.orgId,
      domain: 'corp.test',
      verificationChallenge: 'x',
      verifiedAt: new Date(),
      jitProvisioningEnabled: true,
      ssoEnforcement: 'OIDC',
    },
  });
  idp.accounts.set('ivy', { name: 'Ivy', email: 'ivy@corp.test', email_verified: true });
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

async function refusal(token: string) {
  const response = await t.gql(ORGANIZATION, { id: o.org }, { token });
  expect(response.data?.organization ?? null).toBeNull();
  return response.errors?.map((error) => error.extensions);
}

describe('SSO sign-in, JIT and enforcement together', () => {
  it('a JIT member gets in with the token of the sign-in URL the refusal names, and not with another token', async () => {
    const first = await tokenOnPage(await signIn(t, o.orgId, 'ivy', { amr: ['pwd'] }));
    expect(expectData(await t.gql(ORGANIZATION, { id: o.org }, { token: first })).organization.name).toBe(await orgName());

    const plain = await t.tokenFor('ivy@corp.test');
    const [extensions] = (await refusal(plain)) ?? [];
    expect(extensions).toEqual({ code: 'FORBIDDEN', reason: 'SSO_REQUIRED', signInUrl: `${PUBLIC_URL}/sso/${o.orgId}/start` });

    const again = await tokenOnPage(await signIn(t, o.orgId, 'ivy', { amr: ['pwd'] }));
    expect(expectData(await t.gql(ORGANIZATION, { id: o.org }, { token: again })).organization.name).toBe(await orgName());
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId, user: { email: 'ivy@corp.test' } } })).toBe(1);
  });

  it('with MFA required, the provider must report a second factor', async () => {
    await t.prisma.member.updateMany({ where: { organizationId: o.orgId, user: { email: 'ivy@corp.test' } }, data: { requiredMfaAuth: true } });
    const passwordOnly = await tokenOnPage(await signIn(t, o.orgId, 'ivy', { amr: ['pwd'] }));
    expect(await refusal(passwordOnly)).toEqual([{ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' }]);
    const twoFactors = await tokenOnPage(await signIn(t, o.orgId, 'ivy', { amr: ['pwd', 'otp'] }));
    expect(expectData(await t.gql(ORGANIZATION, { id: o.org }, { token: twoFactors })).organization.name).toBe(await orgName());
  });
});

async function orgName(): Promise<string> {
  return (await t.prisma.organization.findUniqueOrThrow({ where: { id: o.orgId } })).name;
}
