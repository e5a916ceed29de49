import { createHash } from 'node:crypto';
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { postToken } from '../helpers/client-tokens.js';
import { addUserTo, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { CREATE_CLIENT, clientGid, createClientVia } from './helpers.js';

const ALICE = { as: 'alice@acme.test' };
const BOB = { as: 'bob@acme.test' };
const CAROL = { as: 'carol@globex.test' };
const SCOPES = ['organization:read', 'member:read', 'invitation:write'];

const UPDATE = `mutation($input: UpdateClientInput!) { updateClient(input: $input) { __typename ... on UpdateClientPayload { client { name description scopes } } ... on Error { code message } } }`;
const ROTATE = `mutation($input: ClientIdInput!) { rotateClientSecret(input: $input) { __typename ... on RotateClientSecretPayload { secret client { secretLastChars secretRotatedAt } } ... on Error { code message } } }`;
const DELETE = `mutation($input: ClientIdInput!) { deleteClient(input: $input) { __typename ... on DeleteClientPayload { deletedClientId organizationId } ... on Error { code message } } }`;
const LIST = `query($id: ID!) { organization(id: $id) { clients(first: 50) { totalCount edges { node { id name scopes secretLastChars viewerCan { update rotateSecret delete } } } } } }`;

let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp());
});
afterAll(() => t.close());

const auditCount = () => t.prisma.auditLog.count();

describe('createClient', () => {
  it('creates a client, shows the secret once, stores only its hash and last characters, and audits it', async () => {
    const before = await auditCount();
    const result = expectData(
      await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: 'CI robot', description: 'Invites people', scopes: SCOPES } }, ALICE),
    ).createClient;
    expect(result.__typename).toBe('CreateClientPayload');
    const secret: string = result.secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.client).toMatchObject({
      name: 'CI robot',
      description: 'Invites people',
      scopes: SCOPES,
      secretLastChars: secret.slice(-4),
      lastUsedAt: null,
      createdBy: { email: 'alice@acme.test' },
      organization: { name: 'Acme' },
    });

    const row = await t.prisma.client.findUniqueOrThrow({ where: { id: result.client.oauthClientId } });
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    expect(await auditCount()).toBe(before + 1);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { targetId: row.id } });
    expect(audit).toMatchObject({ action: 'client.create', actorType: 'USER', targetType: 'Client', organizationId: row.organizationId });
    expect(JSON.stringify(audit.changes)).not.toContain(secret);
  });

  it('never exposes the secret again: no such field, only its last characters', async () => {
    const client = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const clientType = schema.getType('Client');
    if (!isObjectType(clientType)) throw new Error('Client is not an object type');
    expect(
      Object.keys(clientType.getFields())
        .filter((name) => /secret/i.test(name))
        .sort(),
    ).toEqual(['secretLastChars', 'secretRotatedAt']);
    const asked = await t.gql(`query($id: ID!) { node(id: $id) { ... on Client { secret } } }`, { id: client.id }, ALICE);
    expect(errorCodes(asked)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const read = expectData(await t.gql(`query($id: ID!) { node(id: $id) { ... on Client { secretLastChars } } }`, { id: client.id }, ALICE));
    expect(read.node.secretLastChars).toBe(client.secret.slice(-4));
  });

  it('validates scopes against the catalog and the name', async () => {
    const before = await auditCount();
    const unknown = expectData(
      await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: 'x', scopes: ['member:read', 'member:everything'] } }, ALICE),
    ).createClient;
    expect(unknown).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    expect(unknown.fields).toEqual([{ path: ['input', 'scopes', '1'], message: expect.stringContaining('member:everything') }]);
    const empty = expectData(await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: ' ', scopes: [] } }, ALICE)).createClient;
    expect(empty.__typename).toBe('ValidationError');
    expect(empty.fields.map((f: { path: string[] }) => f.path.join('.')).sort()).toEqual(['input.name', 'input.scopes']);
    expect(await auditCount()).toBe(before);
  });

  it('is refused to a member without client:write (FORBIDDEN) and to another organization’s owner (NOT_FOUND)', async () => {
    const before = await t.prisma.client.count();
    const bob = expectData(await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: 'x', scopes: ['member:read'] } }, BOB)).createClient;
    expect(bob).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const carol = expectData(await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: 'x', scopes: ['member:read'] } }, CAROL)).createClient;
    expect(carol).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await t.prisma.client.count()).toBe(before);
  });

  it('is refused to anonymous callers', async () => {
    const result = await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: 'x', scopes: ['member:read'] } });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('no escalation', () => {
  let erin: { as: string };
  beforeAll(async () => {
    // A MEMBER with a custom policy granting client:read and client:write, but not member:write.
    const memberGid = await addUserTo(t, demo.acme, 'erin@acme.test', 'MEMBER');
    const policy = await t.prisma.policy.create({
      data: { organizationId: rawId(demo.acme), name: 'Client managers', scopes: ['client:read', 'client:write'] },
    });
    await t.prisma.memberPolicy.create({ data: { memberId: rawId(memberGid), policyId: policy.id } });
    erin = { as: 'erin@acme.test' };
  });

  it('a member with client:write cannot give a client member:write, which it lacks', async () => {
    const before = await auditCount();
    const result = expectData(
      await t.gql(CREATE_CLIENT, { input: { organizationId: demo.acme, name: 'x', scopes: ['member:read', 'member:write'] } }, erin),
    ).createClient;
    expect(result.__typename).toBe('ForbiddenError');
    expect(result.message).toContain('member:write');
    expect(await auditCount()).toBe(before);
  });

  it('but can create a client with scopes it holds', async () => {
    const created = await createClientVia(t, erin, demo.acme, ['organization:read', 'member:read', 'invitation:read']);
    expect(created.secret).toBeTruthy();
  });

  it('and cannot update, rotate or delete a client holding scopes it lacks', async () => {
    const strong = await createClientVia(t, ALICE, demo.acme, ['organization:read', 'member:write']);
    for (const [query, input] of [
      [UPDATE, { clientId: strong.id, name: 'mine now' }],
      [ROTATE, { clientId: strong.id }],
      [DELETE, { clientId: strong.id }],
    ] as const) {
      const result = Object.values(expectData(await t.gql(query, { input }, erin)))[0] as { __typename: string };
      expect(result.__typename, query).toBe('ForbiddenError');
    }
    const list = expectData(await t.gql(LIST, { id: demo.acme }, erin));
    const node = list.organization.clients.edges.find((e: { node: { id: string } }) => e.node.id === strong.id).node;
    expect(node.viewerCan).toEqual({ update: false, rotateSecret: false, delete: false });
    expect(await t.prisma.client.count({ where: { id: strong.oauthClientId, name: 'Robot' } })).toBe(1);
  });
});

describe('updateClient, rotateClientSecret, deleteClient', () => {
  it('update changes name and description, never scopes, with one audit entry', async () => {
    const client = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const before = await auditCount();
    const result = expectData(await t.gql(UPDATE, { input: { clientId: client.id, name: 'Renamed', description: 'Now described' } }, ALICE)).updateClient;
    expect(result).toEqual({ __typename: 'UpdateClientPayload', client: { name: 'Renamed', description: 'Now described', scopes: SCOPES } });
    expect(await auditCount()).toBe(before + 1);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { targetId: client.oauthClientId, action: 'client.update' } });
    expect(audit.changes).toEqual({ name: { from: 'Robot', to: 'Renamed' }, description: { from: null, to: 'Now described' } });
    const cleared = expectData(await t.gql(UPDATE, { input: { clientId: client.id, description: null } }, ALICE)).updateClient;
    expect(cleared.client).toMatchObject({ name: 'Renamed', description: null });
  });

  it('rotate returns a new secret once; the old one is refused at once', async () => {
    const client = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const before = await auditCount();
    const result = expectData(await t.gql(ROTATE, { input: { clientId: client.id } }, ALICE)).rotateClientSecret;
    expect(result.__typename).toBe('RotateClientSecretPayload');
    expect(result.secret).not.toBe(client.secret);
    expect(result.client.secretLastChars).toBe(result.secret.slice(-4));
    expect(await auditCount()).toBe(before + 1);
    const old = await postToken(t, { grant_type: 'client_credentials', client_id: client.oauthClientId, client_secret: client.secret });
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ error: 'invalid_client' });
    const fresh = await postToken(t, { grant_type: 'client_credentials', client_id: client.oauthClientId, client_secret: result.secret });
    expect(fresh.status).toBe(200);
  });

  it('delete removes the client with one audit entry', async () => {
    const client = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const before = await auditCount();
    const result = expectData(await t.gql(DELETE, { input: { clientId: client.id } }, ALICE)).deleteClient;
    expect(result).toEqual({ __typename: 'DeleteClientPayload', deletedClientId: client.id, organizationId: demo.acme });
    expect(await t.prisma.client.count({ where: { id: client.oauthClientId } })).toBe(0);
    expect(await auditCount()).toBe(before + 1);
    const again = expectData(await t.gql(DELETE, { input: { clientId: client.id } }, ALICE)).deleteClient;
    expect(again.__typename).toBe('NotFoundError');
  });

  it('are refused to bob (MEMBER, no client:write: FORBIDDEN) and carol of Globex (NOT_FOUND), changing nothing', async () => {
    const client = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const before = await auditCount();
    const cases = [
      ['updateClient', UPDATE, { clientId: client.id, name: 'hijacked' }],
      ['rotateClientSecret', ROTATE, { clientId: client.id }],
      ['deleteClient', DELETE, { clientId: client.id }],
    ] as const;
    for (const [field, query, input] of cases) {
      expect(expectData(await t.gql(query, { input }, BOB))[field], `bob ${field}`).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      expect(expectData(await t.gql(query, { input }, CAROL))[field], `carol ${field}`).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    expect(await auditCount()).toBe(before);
    const row = await t.prisma.client.findUniqueOrThrow({ where: { id: client.oauthClientId } });
    expect(row.name).toBe('Robot');
    expect(row.secretHash).toBe(createHash('sha256').update(client.secret).digest('hex'));
  });

  it('a client id of another organization is NOT_FOUND even for its owner elsewhere', async () => {
    const globexClient = await createClientVia(t, CAROL, demo.globex, ['organization:read']);
    const result = expectData(await t.gql(DELETE, { input: { clientId: globexClient.id } }, ALICE)).deleteClient;
    expect(result.__typename).toBe('NotFoundError');
    expect(expectData(await t.gql(DELETE, { input: { clientId: clientGid('00000000-0000-0000-0000-000000000000') } }, ALICE)).deleteClient.__typename).toBe(
      'NotFoundError',
    );
  });
});

describe('reading clients', () => {
  it('Organization.clients needs client:read: the owner lists them, bob gets null and FORBIDDEN', async () => {
    const alice = expectData(await t.gql(LIST, { id: demo.acme }, ALICE));
    const clients = alice.organization.clients;
    expect(clients.totalCount).toBe(clients.edges.length);
    expect(clients.totalCount).toBeGreaterThan(0);
    expect(clients.edges.every((e: { node: { secretLastChars: string } }) => e.node.secretLastChars.length === 4)).toBe(true);
    const bob = await t.gql(LIST, { id: demo.acme }, BOB);
    expect(bob.data?.organization.clients).toBeNull();
    expect(errorCodes(bob)).toEqual(['FORBIDDEN']);
  });

  it('node(id) of a client is invisible to bob and to another organization', async () => {
    const client = await createClientVia(t, ALICE, demo.acme, SCOPES);
    const query = `query($id: ID!) { node(id: $id) { ... on Client { name } } }`;
    expect(expectData(await t.gql(query, { id: client.id }, ALICE)).node.name).toBe('Robot');
    expect(errorCodes(await t.gql(query, { id: client.id }, CAROL))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(query, { id: client.id }, BOB))).toEqual(['FORBIDDEN']);
  });
});
