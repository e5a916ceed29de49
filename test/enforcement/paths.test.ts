import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoSignInUrl } from '../../src/auth/sso/urls.js';
import { expectData, type TestApp } from '../helpers/app.js';
import { addUserTo, ALICE, BOB, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';
import { tokenSignedIn } from '../helpers/sign-in-tokens.js';
import { listing } from '../helpers/statement-counts.js';
import { untilListening } from '../subscriptions/listening.js';
import { serve, type Served } from '../subscriptions/serve.js';
import { subscribe } from '../subscriptions/subscriber.js';

// SSO enforcement on the other paths to an organization's data: the REST face, a subscription
// (checked again for every event), download links (only an allowed member obtains one), viewerCan, and the statement count of the organizations page
// (the rule rides in the statements that already read the membership).

const SSO_MEMBER = 'sso-paths@acme.test';
const EVENTS = 'subscription($org: ID!) { organizationEvents(organizationId: $org) { type } }';
const DASHBOARD = `{ organizations(first: 20) { edges { node {
  name viewerCan { update invite }
  members(first: 20) { totalCount edges { node { role user { email } } } }
  invitations(first: 20) { edges { node { email status } } } } } } }`;

let t: TestApp;
let demo: Demo;
let served: Served;
let memberId: string;
let signInUrl: string;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp({}, { events: true }));
  served = await serve(t);
  memberId = await addUserTo(t, demo.acme, SSO_MEMBER, 'ADMIN');
  await t.prisma.member.update({ where: { id: rawId(memberId) }, data: { requiredSsoAuth: true } });
  signInUrl = ssoSignInUrl(t.config.publicUrl, rawId(demo.acme));
});
afterAll(async () => {
  await served?.shutdown();
  await t?.close();
});

const viaAcmeSso = (email: string) => tokenSignedIn(t, email, { amr: ['pwd'], ssoOrganizationId: rawId(demo.acme), identityProvider: 'https://idp.acme.test' });

async function rest(method: string, path: string, token: string, body?: unknown) {
  const response = await t.app.fetch(`http://test/rest${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('the REST face', () => {
  it('answers 403 with the reason and the sign-in URL, for a read and for a mutation; 200 with the SSO token', async () => {
    const plain = await t.tokenFor(SSO_MEMBER);
    const read = await rest('GET', `/organization/${encodeURIComponent(demo.acme)}`, plain);
    expect(read.status).toBe(403);
    expect(read.body.errors.map((e: any) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'SSO_REQUIRED', signInUrl }]);

    const groups = await t.prisma.group.count();
    const write = await rest('POST', '/create-group', plain, { input: { organizationId: demo.acme, name: 'Via REST' } });
    expect(write.status).toBe(403);
    expect(write.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'SSO_REQUIRED', signInUrl });
    expect(await t.prisma.group.count()).toBe(groups);

    const allowed = await rest('GET', `/organization/${encodeURIComponent(demo.acme)}`, await viaAcmeSso(SSO_MEMBER));
    expect(allowed.status).toBe(200);
    expect(allowed.body.id).toBe(demo.acme);
  });
});

describe('downloads', () => {
  it('hand no download link to a refused member; the SSO token gets one that works', async () => {
    const document = await t.prisma.legalDocument.create({
      data: {
        organizationId: rawId(demo.acme),
        documentType: 'DPA',
        companyName: 'Acme',
        companyAddress: 'Somewhere',
        representativeEmail: 'legal@acme.test',
        fileName: 'dpa.pdf',
        contentType: 'application/pdf',
        content: new Uint8Array([37, 80, 68, 70]),
      },
    });
    const query = 'query($id: ID!) { legalDocument(id: $id) { downloadUrl } }';
    const id = gid('LegalDocument', document.id);
    const refused = await t.gql(query, { id }, { token: await t.tokenFor(SSO_MEMBER) });
    expect(refused.data?.legalDocument ?? null).toBeNull();
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const url = expectData(await t.gql(query, { id }, { token: await viaAcmeSso(SSO_MEMBER) })).legalDocument.downloadUrl;
    expect((await t.app.fetch(url.replace(t.config.publicUrl, 'http://test'))).status).toBe(200);
  });
});

describe('viewerCan', () => {
  it('answers false for everything while the token fails the requirement (seen through an invitation to the organization)', async () => {
    await t.prisma.invitation.create({
      data: { organizationId: rawId(demo.acme), email: SSO_MEMBER, role: 'MEMBER', expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const query = '{ me { invitations { edges { node { organization { name viewerCan { update invite manageMembers } } } } } } }';
    const refused = expectData(await t.gql(query, {}, { token: await t.tokenFor(SSO_MEMBER) }));
    expect(refused.me.invitations.edges[0].node.organization).toEqual({ name: 'Acme', viewerCan: { update: false, invite: false, manageMembers: false } });
    const allowed = expectData(await t.gql(query, {}, { token: await viaAcmeSso(SSO_MEMBER) }));
    expect(allowed.me.invitations.edges[0].node.organization.viewerCan).toEqual({ update: true, invite: true, manageMembers: true });
  });
});

describe('a subscription', () => {
  it('is refused at once without the SSO token, and ends with SSO_REQUIRED when the requirement comes while it is open', async () => {
    const refusedAtOnce = await subscribe(served, 'sse', await t.tokenFor(SSO_MEMBER), EVENTS, { org: demo.acme });
    const first = await refusedAtOnce.next();
    expect(first.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'SSO_REQUIRED', signInUrl }]);
    await refusedAtOnce.ended;

    // Bob (no requirement yet) subscribes with a plain token; then his membership comes to require SSO.
    const bob = await subscribe(served, 'sse', await t.tokenFor(BOB), EVENTS, { org: demo.acme });
    await untilListening(t, 1);
    const rename = (name: string) =>
      t.gql(
        'mutation($id: ID!, $name: String!) { updateOrganization(input: { organizationId: $id, name: $name }) { __typename } }',
        { id: demo.acme, name },
        { as: ALICE },
      );
    expectData(await rename('Acme before'));
    expect((await bob.next()).data.organizationEvents.type).toBe('organization.updated');

    const require = 'mutation($id: ID!) { updateMember(input: { memberId: $id, requiredSsoAuth: true }) { __typename } }';
    expect(expectData(await t.gql(require, { id: demo.members[BOB] }, { as: ALICE })).updateMember.__typename).toMatch(/Payload$/);
    const last = await bob.next();
    expect(last.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', reason: 'SSO_REQUIRED', signInUrl }]);
    await bob.ended;
    await untilListening(t, 0);
  });
});

describe('statement counts', () => {
  it('the organizations page costs the same for a member whose SSO requirement is met as for one without any', async () => {
    const run = async (token: string) => {
      const { result, count, statements } = await t.counter.during(() => t.gql(DASHBOARD, {}, { token }));
      return { data: expectData<any>(result), count, statements };
    };
    const plainMember = await addUserTo(t, demo.acme, 'plain-member@acme.test', 'ADMIN');
    expect(plainMember).toBeTruthy();
    const withoutRequirement = await run(await t.tokenFor('plain-member@acme.test'));
    const withRequirementMet = await run(await viaAcmeSso(SSO_MEMBER));
    expect(withRequirementMet.data.organizations.edges.map((e: any) => e.node.name)).toEqual(
      withoutRequirement.data.organizations.edges.map((e: any) => e.node.name),
    );
    expect(withRequirementMet.count, listing(withRequirementMet)).toBe(withoutRequirement.count);
  });
});
