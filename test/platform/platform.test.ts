import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, createDemoAppWithAdmin, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, expectRefusedWith } from '../helpers/mutations.js';
import { snapshotOf } from '../helpers/no-change.js';

const CREATE_USER = `mutation($input: CreateUserInput!) {
  result: createUser(input: $input) {
    __typename
    ... on Error { code message }
    ... on ValidationError { fields { path message } }
    ... on CreateUserPayload { user { id email name platformAdmin memberships { totalCount } } }
  }
}`;

/** A refused mutation: the typed error, and no new user or audit entry. */
const expectRefused = expectRefusedWith(snapshotOf([], ['user']));

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoAppWithAdmin()));
afterAll(() => t.close());

describe('createUser', () => {
  it('creates a user with a lower-cased email, with one audit entry of no organization', async () => {
    const { result, entry } = await expectAuditedMutation(t, CREATE_USER, { email: '  Erin@Example.TEST ', name: ' Erin Ek ' }, PLATFORM_ADMIN, {
      payload: 'CreateUserPayload',
      action: 'user.create',
      organizationId: null,
      targetType: 'User',
    });
    expect(result.user).toMatchObject({ email: 'erin@example.test', name: 'Erin Ek', platformAdmin: false, memberships: { totalCount: 0 } });
    expect(entry.targetId).toBe(rawId(result.user.id));
    expect(entry.changes).toEqual({ email: 'erin@example.test', name: 'Erin Ek' });
    // The user signs in later as the same person.
    expect(expectData(await t.gql(`{ me { id } }`, {}, { as: 'erin@example.test' })).me.id).toBe(result.user.id);
  });

  it('answers ConflictError for a taken email (whatever its case) and ValidationError for a bad one', async () => {
    await expectRefused(t, CREATE_USER, { email: 'ALICE@acme.test', name: 'Alice again' }, PLATFORM_ADMIN, 'ConflictError');
    const invalid = await expectRefused(t, CREATE_USER, { email: 'not-an-email', name: '' }, PLATFORM_ADMIN, 'ValidationError');
    expect(invalid.fields.map((f: { path: string[] }) => f.path)).toEqual([
      ['input', 'email'],
      ['input', 'name'],
    ]);
  });

  it('is for platform admins only: FORBIDDEN for users and service clients, UNAUTHENTICATED for anonymous callers', async () => {
    const input = { email: 'frank@example.test', name: 'Frank' };
    await expectRefused(t, CREATE_USER, input, ALICE, 'ForbiddenError');
    const client = await clientToken(t, rawId(demo.acme), ['organization:read', 'member:write']);
    await expectRefused(t, CREATE_USER, input, { token: client }, 'ForbiddenError');
    expect(errorCodes(await t.gql(CREATE_USER, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(await t.prisma.user.count({ where: { email: 'frank@example.test' } })).toBe(0);
  });
});

describe('serverInfo and platformAdmin', () => {
  it('tells anyone, without a token, the version from package.json and the build', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    const response = await t.gql(`{ serverInfo { version build } }`);
    expect(response.status).toBe(200);
    expect(expectData(response).serverInfo).toEqual({ version, build: 'dev' });
  });

  it('reports BUILD_ID as the build', async () => {
    const other = await createTestApp({ BUILD_ID: 'abc1234' });
    try {
      expect(expectData(await other.gql(`{ serverInfo { build } }`)).serverInfo.build).toBe('abc1234');
    } finally {
      await other.close();
    }
  });

  it('tells a user whether it is a platform admin', async () => {
    expect(expectData(await t.gql(`{ me { platformAdmin } }`, {}, { as: PLATFORM_ADMIN })).me.platformAdmin).toBe(true);
    expect(expectData(await t.gql(`{ me { platformAdmin } }`, {}, { as: ALICE })).me.platformAdmin).toBe(false);
  });
});
