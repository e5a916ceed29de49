import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoSignInUrl } from '../../src/auth/sso/urls.js';
import { expectData, type TestApp } from '../helpers/app.js';
import { addUserTo, ALICE, BOB, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';
import { tokenSignedIn } from '../helpers/sign-in-tokens.js';

// A member whose membership requires SSO (requiredSsoAuth) or MFA (requiredMfaAuth) reaches the
// organization's data only with a token that meets it: otherwise FORBIDDEN with the reason (and
// for SSO the sign-in URL) where it names the organization, and nothing of it in lists and node
// lookups (NOT_FOUND, as for an outsider: a node id does not say whose it is before it is read). Over HTTP, with this server's tokens as the SSO sign-in mints them.

const SSO_MEMBER = 'sso-required@acme.test';
const MFA_MEMBER = 'mfa-required@acme.test';

const ORGANIZATION = 'query($id: ID!) { organization(id: $id) { id members { totalCount } } }';
const LISTS = `{ organizations { edges { node { id } } }
  me { memberships { edges { node { organization { id } } } } unmetSignInRequirements { organizationId organizationName reason signInUrl } } }`;
const NODE = 'query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }';
const CREATE_GROUP = `mutation($org: ID!, $name: String!) { createGroup(input: { organizationId: $org, name: $name }) {
  __typename ... on ForbiddenError { code reason signInUrl } ... on CreateGroupPayload { group { id } } } }`;

let t: TestApp;
let demo: Demo;
let bobMember: string;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp());
  bobMember = demo.members[BOB]!;
  const sso = await addUserTo(t, demo.acme, SSO_MEMBER, 'ADMIN');
  await t.prisma.member.update({ where: { id: rawId(sso) }, data: { requiredSsoAuth: true } });
  const mfa = await addUserTo(t, demo.acme, MFA_MEMBER, 'ADMIN');
  await t.prisma.member.update({ where: { id: rawId(mfa) }, data: { requiredMfaAuth: true } });
});
afterAll(() => t.close());

const as = (token: string) => ({ token });
const plain = (email: string) => t.tokenFor(email);
const viaAcmeSso = (email: string, amr: string[] = ['pwd']) =>
  tokenSignedIn(t, email, { amr, ssoOrganizationId: rawId(demo.acme), identityProvider: 'https://idp.acme.test' });
const withAmr = (email: string, amr: string[]) => tokenSignedIn(t, email, { amr });

async function expectRefused(token: string, reason: 'SSO_REQUIRED' | 'MFA_REQUIRED') {
  const response = await t.gql(ORGANIZATION, { id: demo.acme }, as(token));
  expect(response.data?.organization ?? null).toBeNull();
  const signInUrl = reason === 'SSO_REQUIRED' ? { signInUrl: ssoSignInUrl(t.config.publicUrl, rawId(demo.acme)) } : {};
  expect(response.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason, ...signInUrl }]);

  const lists = expectData(await t.gql(LISTS, {}, as(token)));
  expect(lists.organizations.edges).toEqual([]);
  expect(lists.me.memberships.edges).toEqual([]);
  // …but the caller learns which organization wants what, and where to sign in.
  expect(lists.me.unmetSignInRequirements).toEqual([{ organizationId: demo.acme, organizationName: 'Acme', reason, signInUrl: signInUrl.signInUrl ?? null }]);

  // As for an outsider: node lookups say nothing of what the organization holds.
  const node = await t.gql(NODE, { id: bobMember }, as(token));
  expect(node.data).toEqual({ node: null, nodes: [null] });
  expect(new Set(node.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['NOT_FOUND']));

  const groups = await t.prisma.group.count();
  const created = expectData(await t.gql(CREATE_GROUP, { org: demo.acme, name: `Refused ${reason}` }, as(token)));
  expect(created.createGroup).toEqual({ __typename: 'ForbiddenError', code: 'FORBIDDEN', reason, signInUrl: signInUrl.signInUrl ?? null });
  expect(await t.prisma.group.count()).toBe(groups);
}

async function expectFullAccess(token: string, groupName: string) {
  const organization = expectData(await t.gql(ORGANIZATION, { id: demo.acme }, as(token))).organization;
  expect(organization.id).toBe(demo.acme);
  expect(organization.members.totalCount).toBeGreaterThan(2);
  const lists = expectData(await t.gql(LISTS, {}, as(token)));
  expect(lists.organizations.edges.map((e: any) => e.node.id)).toEqual([demo.acme]);
  expect(lists.me.memberships.edges.map((e: any) => e.node.organization.id)).toEqual([demo.acme]);
  expect(lists.me.unmetSignInRequirements).toEqual([]);
  expect(expectData(await t.gql(NODE, { id: bobMember }, as(token)))).toEqual({ node: { id: bobMember }, nodes: [{ id: bobMember }] });
  const created = expectData(await t.gql(CREATE_GROUP, { org: demo.acme, name: groupName }, as(token)));
  expect(created.createGroup.__typename).toBe('CreateGroupPayload');
}

describe('requiredSsoAuth', () => {
  it('refuses a plain token: FORBIDDEN, SSO_REQUIRED and the sign-in URL; the organization is in no list, its nodes are not found, a mutation changes nothing', async () => {
    await expectRefused(await plain(SSO_MEMBER), 'SSO_REQUIRED');
  });

  it('refuses a token of another organization’s provider', async () => {
    const viaGlobex = await tokenSignedIn(t, SSO_MEMBER, { amr: ['pwd'], ssoOrganizationId: rawId(demo.globex), identityProvider: 'https://idp.globex.test' });
    await expectRefused(viaGlobex, 'SSO_REQUIRED');
  });

  it('gives full access to a token from the organization’s own provider', async () => {
    await expectFullAccess(await viaAcmeSso(SSO_MEMBER), 'Made through SSO');
  });

  it('is taken off by updateMember: the plain token reaches the organization again on the next request', async () => {
    const memberId = expectData(await t.gql('{ me { memberships { edges { node { id } } } } }', {}, as(await viaAcmeSso(SSO_MEMBER)))).me.memberships.edges[0]
      .node.id;
    const update = `mutation($id: ID!, $sso: Boolean!) { updateMember(input: { memberId: $id, requiredSsoAuth: $sso }) { __typename } }`;
    expect(expectData(await t.gql(update, { id: memberId, sso: false }, { as: ALICE })).updateMember.__typename).toMatch(/Payload$/);
    expect(expectData(await t.gql(ORGANIZATION, { id: demo.acme }, as(await plain(SSO_MEMBER)))).organization.id).toBe(demo.acme);
    expect(expectData(await t.gql(update, { id: memberId, sso: true }, { as: ALICE })).updateMember.__typename).toMatch(/Payload$/);
    const refused = await t.gql(ORGANIZATION, { id: demo.acme }, as(await plain(SSO_MEMBER)));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SSO_REQUIRED' });
  });

  it('leaves the organization’s other members alone', async () => {
    expect(expectData(await t.gql(ORGANIZATION, { id: demo.acme }, { as: BOB })).organization.id).toBe(demo.acme);
  });
});

describe('requiredMfaAuth', () => {
  it('refuses a token whose amr shows one factor (["pwd"]), or none: FORBIDDEN, MFA_REQUIRED, no sign-in URL', async () => {
    await expectRefused(await withAmr(MFA_MEMBER, ['pwd']), 'MFA_REQUIRED');
    await expectRefused(await plain(MFA_MEMBER), 'MFA_REQUIRED');
    // Two methods of one factor are not two factors.
    await expectRefused(await withAmr(MFA_MEMBER, ['otp', 'sms']), 'MFA_REQUIRED');
  });

  it('allows a token whose amr shows a second factor: ["pwd", "otp"], ["mfa"], ["hwk", "fpt"]', async () => {
    await expectFullAccess(await withAmr(MFA_MEMBER, ['pwd', 'otp']), 'Made with pwd and otp');
    await expectFullAccess(await withAmr(MFA_MEMBER, ['mfa']), 'Made with mfa');
    await expectFullAccess(await withAmr(MFA_MEMBER, ['hwk', 'fpt']), 'Made with a passkey');
  });

  it('is not met by signing in through the organization’s provider alone', async () => {
    await expectRefused(await viaAcmeSso(MFA_MEMBER, ['pwd']), 'MFA_REQUIRED');
    await expectFullAccess(await viaAcmeSso(MFA_MEMBER, ['pwd', 'otp']), 'Made through SSO with MFA');
  });
});

describe('User.unmetSignInRequirements', () => {
  it('is empty for any other user than the caller', async () => {
    const query = 'query($id: ID!) { node(id: $id) { ... on Member { user { email unmetSignInRequirements { reason } } } } }';
    const other = await t.prisma.member.findFirstOrThrow({ where: { user: { email: SSO_MEMBER } } });
    const seen = expectData(await t.gql(query, { id: gid('Member', other.id) }, { as: ALICE }));
    expect(seen.node.user).toEqual({ email: SSO_MEMBER, unmetSignInRequirements: [] });
  });
});

describe('owners', () => {
  it('are exempt from SSO (a broken provider locks no owner out), never from MFA', async () => {
    const alice = await t.prisma.member.findFirstOrThrow({ where: { organizationId: rawId(demo.acme), user: { email: ALICE } } });
    await t.prisma.member.update({ where: { id: alice.id }, data: { requiredSsoAuth: true } });
    expect(expectData(await t.gql(ORGANIZATION, { id: demo.acme }, { as: ALICE })).organization.id).toBe(demo.acme);
    await t.prisma.member.update({ where: { id: alice.id }, data: { requiredMfaAuth: true } });
    const refused = await t.gql(ORGANIZATION, { id: demo.acme }, { as: ALICE });
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'MFA_REQUIRED' });
    expect(expectData(await t.gql(ORGANIZATION, { id: demo.acme }, as(await withAmr(ALICE, ['mfa'])))).organization.id).toBe(demo.acme);
    await t.prisma.member.update({ where: { id: alice.id }, data: { requiredSsoAuth: false, requiredMfaAuth: false } });
  });
});
