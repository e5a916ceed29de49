import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type GraphQLResponse, type TestApp } from '../helpers/app.js';
import { createDemoApp, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';

const ME = `{ me { email } }`;
const ORGANIZATION = `query($id: ID!) { organization(id: $id) { id name } }`;
const ORGANIZATIONS = `{ organizations { totalCount } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Organization { name } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
const UPDATE_ORGANIZATION = `mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { __typename ... on Error { code } ... on UpdateOrganizationPayload { organization { name } } }
}`;

const ALICE = { as: 'alice@acme.test' };

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

function expectNoInternalError(result: GraphQLResponse) {
  expect(errorCodes(result)).not.toContain('INTERNAL_SERVER_ERROR');
  expect(result.status).toBeLessThan(500);
}

describe('anonymous callers', () => {
  it('get UNAUTHENTICATED with HTTP 401 for me, organization(id) and organizations', async () => {
    for (const [query, variables] of [
      [ME, {}],
      [ORGANIZATION, { id: demo.acme }],
      [ORGANIZATIONS, {}],
    ] as const) {
      const result = await t.gql(query, variables);
      expect(result.status, query).toBe(401);
      expect(errorCodes(result), query).toEqual(['UNAUTHENTICATED']);
      expect(JSON.stringify(result.data ?? null)).not.toContain('Acme');
    }
  });

  it('get null from node(id) and nodes(ids)', async () => {
    const node = await t.gql(NODE, { id: demo.acme });
    expect(node.data?.node ?? null).toBeNull();
    const nodes = await t.gql(NODES, { ids: [demo.acme, demo.members['alice@acme.test'], demo.daveInvitation] });
    expect(((nodes.data?.nodes ?? []) as unknown[]).filter((n) => n !== null)).toEqual([]);
  });

  it('cannot run a mutation', async () => {
    const result = await t.gql(UPDATE_ORGANIZATION, { input: { organizationId: demo.acme, name: 'Hacked' } });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect((await t.prisma.organization.findFirstOrThrow({ where: { id: rawId(demo.acme) } })).name).toBe('Acme');
  });
});

describe('ids of the wrong type', () => {
  it('are rejected by organization(id) with BAD_USER_INPUT naming the expected type', async () => {
    const carol = await t.prisma.user.findUniqueOrThrow({ where: { email: 'carol@globex.test' } });
    for (const id of [demo.members['alice@acme.test']!, demo.daveInvitation, gid('User', carol.id)]) {
      const result = await t.gql(ORGANIZATION, { id }, ALICE);
      expect(errorCodes(result), id).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toContain('Organization');
      expect(result.data?.organization ?? null).toBeNull();
    }
  });

  it('are rejected by a mutation’s input without an internal error or a change', async () => {
    const result = await t.gql(UPDATE_ORGANIZATION, { input: { organizationId: demo.members['alice@acme.test'], name: 'Renamed' } }, ALICE);
    expectNoInternalError(result);
    const code = result.data?.updateOrganization?.code ?? errorCodes(result)[0];
    expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(code);
    expect((await t.prisma.organization.findFirstOrThrow({ where: { id: rawId(demo.acme) } })).name).toBe('Acme');
  });
});

describe('garbage ids', () => {
  const garbage = [
    'garbage!!',
    '',
    Buffer.from('Organization').toString('base64'),
    gid('Organization', 'not-a-uuid'),
    gid('Organization', '\'; DROP TABLE "Organization"; --'),
    Buffer.from('Nope:123').toString('base64'),
    'x'.repeat(5000),
  ];

  it('give organization(id) BAD_USER_INPUT or NOT_FOUND, never an internal error', async () => {
    for (const id of garbage) {
      const result = await t.gql(ORGANIZATION, { id }, ALICE);
      expectNoInternalError(result);
      expect(['BAD_USER_INPUT', 'NOT_FOUND'], id.slice(0, 40)).toContain(errorCodes(result)[0]);
    }
    expect(await t.prisma.organization.count()).toBe(2);
  });

  it('give node(id) null with BAD_USER_INPUT for an id that is not a global id', async () => {
    const result = await t.gql(NODE, { id: 'garbage!!' }, ALICE);
    expect(result.data?.node ?? null).toBeNull();
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});
