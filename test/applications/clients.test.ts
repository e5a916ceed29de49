import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/client-credentials.js';
import { errorCodes, expectData, PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, BOB, createDemoAppWithAdmin, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation } from '../helpers/mutations.js';
import { CLIENT, CREATE_CLIENT, DELETE_CLIENT, UPDATE_CLIENT, clientGid, expectRefused, newApplication } from './support.js';

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoAppWithAdmin()));
afterAll(() => t.close());

const GET_CLIENT = `query($id: ID!) { applicationClient(id: $id) { ${CLIENT} } }`;

async function newClient(applicationId: string, name = 'Web') {
  const client = await t.prisma.applicationClient.create({
    data: { applicationId, name, redirectUris: ['https://app.example.com/cb'], secretHash: 'x', secretLastChars: 'wxyz' },
  });
  return clientGid(client.id);
}

describe('createApplicationClient', () => {
  it('returns the secret once and stores only its hash and last characters, with one audit entry', async () => {
    const app = await newApplication(t);
    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE_CLIENT,
      { applicationId: app.id, name: 'Web', redirectUris: ['https://app.example.com/callback', 'https://app.example.com/callback', 'com.example.app:/oauth'] },
      PLATFORM_ADMIN,
      { payload: 'CreateApplicationClientPayload', action: 'application.client.create', organizationId: null, targetType: 'ApplicationClient' },
    );
    const secret: string = result.secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.client).toMatchObject({
      name: 'Web',
      redirectUris: ['https://app.example.com/callback', 'com.example.app:/oauth'],
      secretLastChars: secret.slice(-4),
      application: { id: app.id },
    });
    const row = await t.prisma.applicationClient.findUniqueOrThrow({ where: { id: rawId(result.client.id) } });
    expect(row.secretHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(entry)).not.toContain(secret);
    expect(result.client.oauthClientId).toBe(row.id);
    // Never readable again: the type has no secret field.
    const again = await t.gql(`query($id: ID!) { applicationClient(id: $id) { secret } }`, { id: result.client.id }, { as: PLATFORM_ADMIN });
    expect(again.errors?.[0]?.message).toMatch(/Cannot query field "secret"/);
  });

  it('refuses bad redirect URIs and names with field paths, and anyone but a platform admin', async () => {
    const app = await newApplication(t);
    for (const uri of ['not a url', '/relative/path', 'https://app.example.com/cb#fragment', 'javascript:alert(1)', 'data:text/html,hi']) {
      const refused = await expectRefused(t, CREATE_CLIENT, { applicationId: app.id, name: 'Web', redirectUris: [uri] }, PLATFORM_ADMIN, 'ValidationError');
      expect(refused.fields[0].path).toEqual(['input', 'redirectUris', '0']);
    }
    const tooMany = Array.from({ length: 21 }, (_, i) => `https://app.example.com/${i}`);
    await expectRefused(t, CREATE_CLIENT, { applicationId: app.id, name: 'Web', redirectUris: tooMany }, PLATFORM_ADMIN, 'ValidationError');
    await expectRefused(t, CREATE_CLIENT, { applicationId: app.id, name: ' ' }, PLATFORM_ADMIN, 'ValidationError');
    await expectRefused(t, CREATE_CLIENT, { applicationId: app.id, name: 'Web' }, ALICE, 'ForbiddenError');
    await expectRefused(
      t,
      CREATE_CLIENT,
      { applicationId: app.id, name: 'Web' },
      { token: await clientToken(t, rawId(demo.acme), ['organization:read', 'application:write']) },
      'ForbiddenError',
    );
    await expectRefused(t, CREATE_CLIENT, { applicationId: app.id, name: 'Web' }, undefined, 'UNAUTHENTICATED');
  });
});

describe('applicationClient, updateApplicationClient, deleteApplicationClient', () => {
  it('shows a client to platform admins only: FORBIDDEN on the query, NOT_FOUND through node(id) for anyone else', async () => {
    const app = await newApplication(t);
    const client = await newClient(app.rawId);
    expect(expectData(await t.gql(GET_CLIENT, { id: client }, { as: PLATFORM_ADMIN })).applicationClient).toMatchObject({
      id: client,
      name: 'Web',
      secretLastChars: 'wxyz',
    });
    expect(errorCodes(await t.gql(GET_CLIENT, { id: client }, { as: ALICE }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql(GET_CLIENT, { id: client }))).toEqual(['UNAUTHENTICATED']);
    const viaNode = `query($id: ID!) { node(id: $id) { ... on ApplicationClient { name } } }`;
    expect(expectData(await t.gql(viaNode, { id: client }, { as: PLATFORM_ADMIN })).node).toEqual({ name: 'Web' });
    expect(errorCodes(await t.gql(viaNode, { id: client }, { as: BOB }))).toEqual(['NOT_FOUND']);
    await t.prisma.applicationClient.delete({ where: { id: rawId(client) } });
    expect(errorCodes(await t.gql(GET_CLIENT, { id: client }, { as: PLATFORM_ADMIN }))).toEqual(['NOT_FOUND']);
  });

  it('updates a client with one audit entry of the changes, keeping its secret', async () => {
    const app = await newApplication(t);
    const client = await newClient(app.rawId);
    await expectRefused(t, UPDATE_CLIENT, { clientId: client, name: 'Hijacked' }, ALICE, 'ForbiddenError');
    await expectRefused(t, UPDATE_CLIENT, { clientId: client, redirectUris: ['nope'] }, PLATFORM_ADMIN, 'ValidationError');
    const { result, entry } = await expectAuditedMutation(
      t,
      UPDATE_CLIENT,
      { clientId: client, name: 'Mobile', redirectUris: ['https://m.example.com/cb'] },
      PLATFORM_ADMIN,
      {
        payload: 'UpdateApplicationClientPayload',
        action: 'application.client.update',
        organizationId: null,
        targetType: 'ApplicationClient',
        targetId: rawId(client),
      },
    );
    expect(result.client).toMatchObject({ name: 'Mobile', redirectUris: ['https://m.example.com/cb'], secretLastChars: 'wxyz' });
    expect(entry.changes).toEqual({
      name: { from: 'Web', to: 'Mobile' },
      redirectUris: { from: ['https://app.example.com/cb'], to: ['https://m.example.com/cb'] },
    });
  });

  it('deletes a client with one audit entry; NOT_FOUND afterwards', async () => {
    const app = await newApplication(t);
    const client = await newClient(app.rawId);
    await expectRefused(t, DELETE_CLIENT, { clientId: client }, BOB, 'ForbiddenError');
    const { result } = await expectAuditedMutation(t, DELETE_CLIENT, { clientId: client }, PLATFORM_ADMIN, {
      payload: 'DeleteApplicationClientPayload',
      action: 'application.client.delete',
      organizationId: null,
      targetType: 'ApplicationClient',
      targetId: rawId(client),
    });
    expect(result).toMatchObject({ deletedClientId: client, application: { id: app.id } });
    expect(await t.prisma.applicationClient.count({ where: { id: rawId(client) } })).toBe(0);
    await expectRefused(t, DELETE_CLIENT, { clientId: client }, PLATFORM_ADMIN, 'NotFoundError');
  });
});
