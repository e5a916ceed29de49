import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientSecret } from '../../src/auth/client-credentials.js';
import { errorCodes, expectData, PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { postToken } from '../helpers/client-tokens.js';
import { addUserTo, createDemoAppWithAdmin } from '../helpers/fixtures.js';
import { expectAuditedMutation, mutate, mutationDocument } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { listing } from '../helpers/statement-counts.js';
import { DELETE_CLIENT, DISABLE, clientGid, newApplication } from './support.js';

// Application clients at POST /oauth/token: a token for one organization that enabled the
// application, carrying the application's scopes only; what it may read on /graphql; rotation,
// deletion and disabling refuse its tokens at once.

let t: TestApp;
// Two failures per client and address: enough to show that application clients are counted too.
beforeAll(async () => ({ t } = await createDemoAppWithAdmin({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '2' })));
afterAll(() => t.close());

const ROTATE = mutationDocument(
  'rotateApplicationClientSecret',
  'ApplicationClientIdInput',
  '... on RotateApplicationClientSecretPayload { secret client { id secretLastChars } }',
);
const CREATE_POLICY = mutationDocument('createPolicy', 'CreatePolicyInput', '... on CreatePolicyPayload { policy { id } }');
const ATTACH = mutationDocument('attachPolicyToMember', 'PolicyMemberInput', '... on AttachPolicyToMemberPayload { member { id } }');
const UPDATE_ORGANIZATION = mutationDocument('updateOrganization', 'UpdateOrganizationInput', '... on UpdateOrganizationPayload { organization { id } }');

/** An organization (owner, member) with an application (write → read) enabled, and a client of it; a second organization without it. */
async function setup() {
  const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
  const other = await newOrg(t, { owner: 'OWNER' });
  const app = await newApplication(t, { scopes: ['write', 'read'], delegations: [['write', 'read']], enabledIn: [o.orgId] });
  const { secret, secretHash, secretLastChars } = generateClientSecret();
  const client = await t.prisma.applicationClient.create({ data: { applicationId: app.rawId, name: 'Backend', secretHash, secretLastChars } });
  const name = (label: string) => `app:${app.alias}/${label}`;
  const grant = (organizationId: string, extra: Record<string, string> = {}) => ({
    grant_type: 'client_credentials',
    client_id: client.id,
    client_secret: secret,
    organization_id: organizationId,
    ...extra,
  });
  return { o, other, app, client, secret, name, grant };
}

async function tokenFrom(response: Response): Promise<{ access_token: string; scope: string }> {
  const body = (await response.json()) as { access_token: string; scope: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function oauthErrorOf(response: Response, status: number): Promise<{ error: string; error_description: string }> {
  expect(response.status).toBe(status);
  return (await response.json()) as { error: string; error_description: string };
}

const ORGANIZATION = `query($id: ID!) { organization(id: $id) { id name viewerScopes members { edges { node { user { email } effectiveScopes } } } } }`;

describe('POST /oauth/token for an application client', () => {
  it('issues a token for an organization that enabled the application (global or database id), with the application’s scopes only; scope narrows them', async () => {
    const { o, app, client, name, grant } = await setup();
    const token = await tokenFrom(await postToken(t, grant(o.org)));
    expect(token.scope).toBe([name('read'), name('write')].join(' '));
    expect(decodeJwt(token.access_token)).toMatchObject({ client_id: client.id, org: o.orgId, app: app.rawId, scope: token.scope });

    const narrowed = await tokenFrom(await postToken(t, grant(o.orgId, { scope: name('read') })));
    expect(narrowed.scope).toBe(name('read'));
    // Built-in scopes are no application's to hand out.
    expect((await oauthErrorOf(await postToken(t, grant(o.org, { scope: 'member:read' })), 400)).error).toBe('invalid_scope');
  });

  it('refuses an organization that has not enabled the application, an unknown one alike (invalid_target), and a request naming none (invalid_request)', async () => {
    const { other, grant } = await setup();
    const refused = await oauthErrorOf(await postToken(t, grant(other.org)), 400);
    expect(refused).toEqual({ error: 'invalid_target', error_description: 'The organization does not have this application enabled' });
    expect(await oauthErrorOf(await postToken(t, grant('00000000-0000-0000-0000-000000000000')), 400)).toEqual(refused);
    const { organization_id: _none, ...withoutOrganization } = grant(other.org);
    expect((await oauthErrorOf(await postToken(t, withoutOrganization), 400)).error).toBe('invalid_request');
  });

  it('a wrong secret is invalid_client and counts as a failure of that client id: after TOKEN_FAILURES_PER_CLIENT_ADDRESS, 429 even with the right one', async () => {
    const { o, grant } = await setup();
    for (let i = 0; i < 2; i++) {
      expect((await oauthErrorOf(await postToken(t, grant(o.org, { client_secret: 'wrong' })), 401)).error).toBe('invalid_client');
    }
    expect((await postToken(t, grant(o.org))).status).toBe(429);
  });
});

describe('an application client’s token on /graphql', () => {
  it('reads its organization and the members’ effective scopes of its own application, nothing else', async () => {
    const { o, other, name, grant } = await setup();
    const policy = await mutate(t, CREATE_POLICY, { organizationId: o.org, name: 'Writers', scopes: [name('write')] }, o.email.owner!);
    await mutate(t, ATTACH, { policyId: policy.policy.id, memberId: o.member.member }, o.email.owner!);
    const { access_token: token } = await tokenFrom(await postToken(t, grant(o.org)));

    const organization = expectData(await t.gql(ORGANIZATION, { id: o.org }, { token })).organization;
    expect(organization.viewerScopes).toEqual(['organization:read', 'member:read', name('read'), name('write')]);
    const byEmail = Object.fromEntries(organization.members.edges.map((e: any) => [e.node.user.email, e.node.effectiveScopes]));
    // Only this application's scopes: the owner holds all of them, the member what its policy grants, with the delegation.
    expect(byEmail).toEqual({ [o.email.owner!]: [name('read'), name('write')], [o.email.member!]: [name('read'), name('write')] });

    for (const field of ['invitations', 'groups', 'policies', 'clients']) {
      const response = await t.gql(`query($id: ID!) { organization(id: $id) { id ${field} { totalCount } } }`, { id: o.org }, { token });
      expect(errorCodes(response), field).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await t.gql(ORGANIZATION, { id: other.org }, { token }))).toEqual(['NOT_FOUND']);
    const changed = await t.gql(UPDATE_ORGANIZATION, { input: { organizationId: o.org, name: 'Hijacked' } }, { token });
    expect(changed.data?.result).toMatchObject({ __typename: 'ForbiddenError' });
  });

  it('reads the members’ application scopes in a fixed number of statements, however many members there are', async () => {
    const runs: { count: number; statements: string[] }[] = [];
    for (const size of [2, 12]) {
      const { o, name, grant } = await setup();
      const policy = await mutate(t, CREATE_POLICY, { organizationId: o.org, name: 'Readers', scopes: [name('read')] }, o.email.owner!);
      for (let i = 0; i < size; i++) {
        const memberId = await addUserTo(t, o.org, `reader-${size}-${i}.${o.orgId}@members.test`, 'MEMBER');
        await mutate(t, ATTACH, { policyId: policy.policy.id, memberId }, o.email.owner!);
      }
      const { access_token: token } = await tokenFrom(await postToken(t, grant(o.org)));
      const run = await t.counter.during(() => t.gql(ORGANIZATION, { id: o.org }, { token }));
      const members = expectData<any>(run.result).organization.members.edges;
      expect(members).toHaveLength(size + 2);
      // The owner holds it as owner, the new members through the policy; the setup's member does not.
      expect(members.filter((e: any) => e.node.effectiveScopes.includes(name('read')))).toHaveLength(size + 1);
      runs.push(run);
    }
    expect(runs[1]!.count, listing(runs[1]!)).toBe(runs[0]!.count);
  });

  it('after the secret is rotated, the client deleted or the application disabled, the token already issued is refused at once', async () => {
    const rotated = await setup();
    const first = (await tokenFrom(await postToken(t, rotated.grant(rotated.o.org)))).access_token;
    expect(expectData(await t.gql(ORGANIZATION, { id: rotated.o.org }, { token: first })).organization.id).toBe(rotated.o.org);
    const { result } = await expectAuditedMutation(t, ROTATE, { clientId: clientGid(rotated.client.id) }, PLATFORM_ADMIN, {
      payload: 'RotateApplicationClientSecretPayload',
      action: 'application.client.rotate_secret',
      organizationId: null,
      targetType: 'ApplicationClient',
      targetId: rotated.client.id,
    });
    expect(result.client.secretLastChars).toBe(result.secret.slice(-4));
    expect(errorCodes(await t.gql(ORGANIZATION, { id: rotated.o.org }, { token: first }))).toEqual(['UNAUTHENTICATED']);
    expect((await postToken(t, rotated.grant(rotated.o.org))).status).toBe(401);
    await tokenFrom(await postToken(t, rotated.grant(rotated.o.org, { client_secret: result.secret })));

    const deleted = await setup();
    const second = (await tokenFrom(await postToken(t, deleted.grant(deleted.o.org)))).access_token;
    await mutate(t, DELETE_CLIENT, { clientId: clientGid(deleted.client.id) }, PLATFORM_ADMIN);
    expect(errorCodes(await t.gql(ORGANIZATION, { id: deleted.o.org }, { token: second }))).toEqual(['UNAUTHENTICATED']);

    const disabled = await setup();
    const third = (await tokenFrom(await postToken(t, disabled.grant(disabled.o.org)))).access_token;
    await mutate(t, DISABLE, { organizationId: disabled.o.org, applicationId: disabled.app.id }, disabled.o.email.owner!);
    expect(errorCodes(await t.gql(ORGANIZATION, { id: disabled.o.org }, { token: third }))).toEqual(['UNAUTHENTICATED']);
    expect((await oauthErrorOf(await postToken(t, disabled.grant(disabled.o.org)), 400)).error).toBe('invalid_target');
  });
});
