import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretVersion } from '../../src/auth/client-credentials.js';
import { errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { clientToken, postToken, tokenOf } from '../helpers/client-tokens.js';
import { createDemoApp, type Demo } from '../helpers/fixtures.js';
import { gid } from '../helpers/ids.js';
import { CREATE_CLIENT, createClientVia, type CreatedClient } from './helpers.js';

// A service client's token through the real HTTP surface: what it may do, where, and for how long.

const ALICE = { as: 'alice@acme.test' };
const SCOPES = ['organization:read', 'member:read', 'invitation:write'];

// The client has invitation:write but not invitation:read: it selects no invitation fields.
const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename ... on InviteMemberPayload { created } ... on Error { code message } } }`;
const ADD = `mutation($input: AddMemberInput!) { addMember(input: $input) { __typename ... on Error { code message } } }`;
const ORG = `query($id: ID!) { organization(id: $id) { name members(first: 10) { totalCount } } }`;
const ROTATE = `mutation($input: ClientIdInput!) { rotateClientSecret(input: $input) { __typename ... on RotateClientSecretPayload { secret } } }`;
const DELETE = `mutation($input: ClientIdInput!) { deleteClient(input: $input) { __typename } }`;

let t: TestApp;
let demo: Demo;
let client: CreatedClient;
let token: string;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp());
  client = await createClientVia(t, ALICE, demo.acme, SCOPES);
  token = await tokenOf(t, client);
});
afterAll(() => t.close());

let invitee = 0;
const inviteInput = () => ({ organizationId: demo.acme, email: `guest${++invitee}@elsewhere.test`, role: 'GUEST' });

describe('a service client’s token', () => {
  it('invites a member in its organization; the audit entry names the client', async () => {
    const result = expectData(await t.gql(INVITE, { input: inviteInput() }, { token })).inviteMember;
    expect(result).toEqual({ __typename: 'InviteMemberPayload', created: true });
    const invitation = await t.prisma.invitation.findFirstOrThrow({ where: { email: `guest${invitee}@elsewhere.test` } });
    expect(invitation.invitedById).toBeNull();
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { targetId: invitation.id } });
    expect(audit).toMatchObject({ action: 'invitation.create', actorType: 'CLIENT', actorId: client.oauthClientId });
  });

  it('cannot add a member: it lacks member:write (FORBIDDEN)', async () => {
    const result = expectData(await t.gql(ADD, { input: { organizationId: demo.acme, email: 'dave@example.test', role: 'GUEST' } }, { token })).addMember;
    expect(result).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
  });

  it('reads its own organization, and another organization does not exist for it (NOT_FOUND)', async () => {
    const own = expectData(await t.gql(ORG, { id: demo.acme }, { token }));
    expect(own.organization).toEqual({ name: 'Acme', members: { totalCount: 2 } });
    const other = await t.gql(ORG, { id: demo.globex }, { token });
    expect(errorCodes(other)).toEqual(['NOT_FOUND']);
    expect(other.data?.organization ?? null).toBeNull();
    const list = expectData(await t.gql(`{ organizations { edges { node { name } } } }`, {}, { token }));
    expect(list.organizations.edges).toEqual([{ node: { name: 'Acme' } }]);
    const invite = expectData(await t.gql(INVITE, { input: { ...inviteInput(), organizationId: demo.globex } }, { token })).inviteMember;
    expect(invite.__typename).toBe('NotFoundError');
  });

  it('is not a user: `me` answers FORBIDDEN', async () => {
    const result = await t.gql(`{ me { email } }`, {}, { token });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.data).toBeNull();
  });

  it('acts only with the scopes it was narrowed to', async () => {
    const narrow = await tokenOf(t, client, 'organization:read member:read');
    const result = expectData(await t.gql(INVITE, { input: inviteInput() }, { token: narrow })).inviteMember;
    expect(result.__typename).toBe('ForbiddenError');
  });

  it('acts only with scopes the client still has', async () => {
    const other = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const otherToken = await tokenOf(t, other);
    // Scopes cannot change through the API; a direct change stands for any future way to reduce them.
    await t.prisma.client.update({ where: { id: other.oauthClientId }, data: { scopes: ['organization:read', 'member:read'] } });
    const result = expectData(await t.gql(INVITE, { input: inviteInput() }, { token: otherToken })).inviteMember;
    expect(result.__typename).toBe('ForbiddenError');
  });

  it('without organization:read sees nothing of its organization', async () => {
    const blind = await clientToken(t, (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme' } })).id, ['member:read', 'invitation:write']);
    expect(errorCodes(await t.gql(ORG, { id: demo.acme }, { token: blind }))).toEqual(['NOT_FOUND']);
  });

  it('without member:read finds no member and no user by id, as `members` refuses it', async () => {
    const acmeId = (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme' } })).id;
    const bob = await t.prisma.member.findFirstOrThrow({ where: { organizationId: acmeId, user: { email: 'bob@acme.test' } } });
    const ids = [gid('Member', bob.id), gid('User', bob.userId)];
    const NODES = `query($id: ID!, $ids: [ID!]!) { node(id: $id) { id } nodes(ids: $ids) { id } }`;
    const LOOKUP = `query($id: ID!, $ids: [ID!]!) { node(id: $id) { ... on Member { role } } nodes(ids: $ids) { ... on Member { role } ... on User { email } } }`;
    const orgOnly = await clientToken(t, acmeId, ['organization:read']);
    const refused = await t.gql(NODES, { id: ids[0], ids }, { token: orgOnly });
    expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
    expect(refused.data?.nodes).toEqual([null, null]);
    expect(errorCodes(await t.gql(NODES, { id: ids[1], ids: [] }, { token: orgOnly }))).toEqual(['NOT_FOUND']);
    // With member:read the same ids answer.
    const reader = await clientToken(t, acmeId, ['organization:read', 'member:read']);
    const seen = expectData(await t.gql(LOOKUP, { id: ids[0], ids }, { token: reader }));
    expect(seen).toEqual({ node: { role: 'MEMBER' }, nodes: [{ role: 'MEMBER' }, { email: 'bob@acme.test' }] });
  });

  it('creates clients only with scopes it holds; the audit entry names it', async () => {
    const manager = await createClientVia(t, ALICE, demo.acme, ['organization:read', 'client:read', 'client:write', 'member:read']);
    const managerToken = await tokenOf(t, manager);
    const denied = expectData(
      await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: 'x', scopes: ['member:write'] } }, { token: managerToken }),
    ).createClient;
    expect(denied.__typename).toBe('ForbiddenError');
    const made = expectData(
      await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: 'child', scopes: ['member:read'] } }, { token: managerToken }),
    ).createClient;
    expect(made).toMatchObject({ __typename: 'CreateClientPayload', client: { createdBy: null, scopes: ['member:read'] } });
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { targetId: made.client.oauthClientId } });
    expect(audit).toMatchObject({ actorType: 'CLIENT', actorId: manager.oauthClientId });
  });
});

describe('revocation', () => {
  it('rotation: the old secret is refused at once, and tokens issued for it are rejected at once', async () => {
    const rotating = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const oldToken = await tokenOf(t, rotating);
    expect(expectData(await t.gql(ORG, { id: demo.acme }, { token: oldToken })).organization.name).toBe('Acme');
    const { secret } = expectData(await t.gql(ROTATE, { input: { clientId: rotating.id } }, ALICE)).rotateClientSecret;
    const refused = await postToken(t, { grant_type: 'client_credentials', client_id: rotating.oauthClientId, client_secret: rotating.secret });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
    const rejected = await t.gql(ORG, { id: demo.acme }, { token: oldToken });
    expect(rejected.status).toBe(401);
    expect(errorCodes(rejected)).toEqual(['UNAUTHENTICATED']);
    const newToken = await tokenOf(t, { oauthClientId: rotating.oauthClientId, secret });
    expect(expectData(await t.gql(ORG, { id: demo.acme }, { token: newToken })).organization.name).toBe('Acme');
  });

  it('deletion: no new token, and the existing token is rejected on the next request', async () => {
    const doomed = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const doomedToken = await tokenOf(t, doomed);
    expect(expectData(await t.gql(ORG, { id: demo.acme }, { token: doomedToken })).organization.name).toBe('Acme');
    expect(expectData(await t.gql(DELETE, { input: { clientId: doomed.id } }, ALICE)).deleteClient.__typename).toBe('DeleteClientPayload');
    const refused = await postToken(t, { grant_type: 'client_credentials', client_id: doomed.oauthClientId, client_secret: doomed.secret });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
    const rejected = await t.gql(ORG, { id: demo.acme }, { token: doomedToken });
    expect(rejected.status).toBe(401);
    expect(errorCodes(rejected)).toEqual(['UNAUTHENTICATED']);
  });

  it('an expired client token is rejected', async () => {
    const acmeId = (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme' } })).id;
    const row = await t.prisma.client.findUniqueOrThrow({ where: { id: client.oauthClientId } });
    const expired = await new SignJWT({ client_id: client.oauthClientId, org: acmeId, scope: SCOPES.join(' '), sver: secretVersion(row.secretHash) })
      .setProtectedHeader({ alg: 'ES256', kid: t.signingKey.kid, typ: 'at+jwt' })
      .setIssuer(t.config.tokens.issuer)
      .setAudience(t.config.tokens.audience)
      .setSubject(client.oauthClientId)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 300)
      .sign(t.signingKey.privateKey);
    const result = await t.gql(ORG, { id: demo.acme }, { token: expired });
    expect(result.status).toBe(401);
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });

  it('a user token is never read as a client token, nor a client claim without the client token type', async () => {
    const acmeId = (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme' } })).id;
    const forged = await new SignJWT({ client_id: client.oauthClientId, org: acmeId, scope: 'member:write', email: 'x@y.test', email_verified: true })
      .setProtectedHeader({ alg: 'ES256', kid: t.signingKey.kid, typ: 'JWT' })
      .setIssuer(t.config.tokens.issuer)
      .setAudience(t.config.tokens.audience)
      .setSubject(client.oauthClientId)
      .setExpirationTime('5m')
      .sign(t.signingKey.privateKey);
    expect(errorCodes(await t.gql(ORG, { id: demo.acme }, { token: forged }))).toEqual(['UNAUTHENTICATED']);
  });
});
