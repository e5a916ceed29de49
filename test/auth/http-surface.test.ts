import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/node-server.js';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { seedDemo } from '../helpers/fixtures.js';
import { closeServer, listen, postChunked } from '../helpers/raw-http.js';

const URL_GRAPHQL = 'http://test/graphql';
const ALICE = { as: 'alice@acme.test' };

// The README's nested query: organizations → members → user → memberships → organization → name (depth 12).
const NESTED = `{ organizations { edges { node { members { edges { node { user { memberships { edges { node { organization { name } } } } } } } } } } } }`;
// One level of members more: depth 15.
const TOO_DEEP = `{ organizations { edges { node { members { edges { node { user { memberships { edges { node { organization { members { edges { node { role } } } } } } } } } } } } } } }`;
// The README's copy-paste query, verbatim.
const README_QUERY = `{ me { email } organizations(first: 10) { totalCount edges { node { id name viewerCan { invite } members(first: 20, joinedOrder: ASC) { totalCount edges { node { role status user { name email } } } } invitations(status: [PENDING]) { edges { node { email role expiresAt invitedBy { name } } } } } } } }`;
const CREATE = `mutation($name: String!) { createOrganization(input: { name: $name }) { __typename ... on CreateOrganizationPayload { organization { id } } } }`;
const CREATE_OVERSIZED = `mutation { createOrganization(input: { name: "Oversized" }) { __typename } }`;

const MAX_BODY_BYTES = 1000;

let t: TestApp;
let server: Server;
let token: string;
beforeAll(async () => {
  t = await createTestApp({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  await seedDemo(t);
  token = await t.tokenFor('lena@limits.test');
  server = await listen(createHttpServer(t.app));
});
afterAll(async () => {
  await closeServer(server);
  await t.close();
});

/** A GraphQL body of about `bytes` bytes: a mutation, padded with insignificant whitespace. */
const paddedBody = (bytes: number) => JSON.stringify({ query: CREATE_OVERSIZED + ' '.repeat(Math.max(0, bytes - CREATE_OVERSIZED.length - 15)) });
const oversizedCount = () => t.prisma.organization.count({ where: { name: 'Oversized' } });

describe('health routes', () => {
  it('GET /health answers 200', async () => {
    const response = await t.app.fetch('http://test/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('GET /ready answers 200 with JSON once the database answers', async () => {
    const response = await t.app.fetch('http://test/ready');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ status: 'ready' });
  });
});

describe('request guard', () => {
  it('refuses POST bodies that are not JSON with 415, before running them', async () => {
    const before = await t.prisma.organization.count();
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent('mutation { createOrganization(input: { name: "CSRF" }) { __typename } }')}`],
      ['text/plain', JSON.stringify({ query: 'mutation { createOrganization(input: { name: "CSRF" }) { __typename } }' })],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--'],
    ];
    for (const [type, body] of bodies) {
      const response = await t.app.fetch(URL_GRAPHQL, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${await t.tokenFor('alice@acme.test')}` },
        body,
      });
      expect(response.status, type).toBe(415);
    }
    expect(await t.prisma.organization.count()).toBe(before);
  });

  it('answers a JSON body that is not a GraphQL request with 400', async () => {
    for (const body of ['{"query":', '[1, 2]', 'null']) {
      const response = await t.app.fetch(URL_GRAPHQL, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status, body).toBe(400);
    }
  });

  it('does not run a mutation sent with GET', async () => {
    const before = await t.prisma.organization.count();
    const query = encodeURIComponent('mutation { createOrganization(input: { name: "ViaGet" }) { __typename } }');
    // With the CSRF header, else the GET is refused before it is even read (test/http/csrf.test.ts).
    const response = await t.app.fetch(`${URL_GRAPHQL}?query=${query}`, {
      headers: { authorization: `Bearer ${await t.tokenFor('alice@acme.test')}`, 'x-graphql-yoga-csrf': '1' },
    });
    expect(response.status).toBe(405);
    expect(await t.prisma.organization.count()).toBe(before);
  });
});

describe('MAX_BODY_BYTES', () => {
  it('refuses a body whose content-length is over the limit with 413, without running it', async () => {
    const body = paddedBody(2 * MAX_BODY_BYTES);
    const response = await t.app.fetch(URL_GRAPHQL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${token}` },
      body,
    });
    expect(response.status).toBe(413);
    expect(await oversizedCount()).toBe(0);
  });

  it('accepts a body under the limit', async () => {
    const body = paddedBody(MAX_BODY_BYTES - 100);
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY_BYTES);
    const response = await t.app.fetch(URL_GRAPHQL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { createOrganization: { __typename: 'CreateOrganizationPayload' } } });
    await t.prisma.organization.deleteMany({ where: { name: 'Oversized' } });
  });

  it('accepts a small chunked body over real HTTP (control)', async () => {
    const response = await postChunked(server, JSON.stringify({ query: '{ me { email } }' }), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ data: { me: { email: 'lena@limits.test' } } });
  });

  // A chunked body declares no size; the guard once checked only content-length.
  it('refuses a chunked body over the limit, which has no content-length', async () => {
    const response = await postChunked(server, paddedBody(200 * MAX_BODY_BYTES), { authorization: `Bearer ${token}` });
    const created = await t.prisma.organization.deleteMany({ where: { name: 'Oversized' } });
    expect(response.status).toBe(413);
    expect(created.count).toBe(0);
  });
});

describe('query limits', () => {
  it('accepts the README’s nested query at the default depth, with correct data', async () => {
    const data = expectData(await t.gql(NESTED, {}, ALICE));
    const users = data.organizations.edges[0].node.members.edges.map((e: any) => e.node.user.memberships.edges.map((m: any) => m.node.organization.name));
    expect(users).toEqual([['Acme'], ['Acme']]);
  });

  it('rejects a query nested deeper than MAX_QUERY_DEPTH without running it', async () => {
    const result = await t.gql(TOO_DEEP, {}, ALICE);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/depth limit of 12 exceeded/i);
  });

  // graphql-armor's cost limit once refused this query (cost 24732 > 20000).
  it('accepts the README’s copy-paste query', async () => {
    const data = expectData(await t.gql(README_QUERY, {}, ALICE));
    expect(data.me.email).toBe('alice@acme.test');
    expect(data.organizations.edges[0].node.members.totalCount).toBe(2);
  });
});

describe('request ids', () => {
  it('gives every response an x-request-id', async () => {
    const response = await t.app.fetch(URL_GRAPHQL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes the x-request-id the client sent, cut to 100 characters', async () => {
    const response = await t.app.fetch(URL_GRAPHQL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-req-1' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('client-req-1');
    const long = await t.app.fetch(URL_GRAPHQL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'r'.repeat(300) },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(long.headers.get('x-request-id')).toBe('r'.repeat(100));
  });

  it('records the request id in the audit entry a mutation writes', async () => {
    const token = await t.tokenFor('dave@example.test');
    const post = (name: string, headers: Record<string, string> = {}) =>
      t.app.fetch(URL_GRAPHQL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ query: CREATE, variables: { name } }),
      });
    const sent = await post('Traced', { 'x-request-id': 'audit-req-42' });
    expect(sent.headers.get('x-request-id')).toBe('audit-req-42');
    const traced = await t.prisma.auditLog.findMany({ where: { action: 'organization.create', changes: { path: ['name'], equals: 'Traced' } } });
    expect(traced.map((e) => e.requestId)).toEqual(['audit-req-42']);

    const generated = await post('Untraced');
    const id = generated.headers.get('x-request-id');
    const untraced = await t.prisma.auditLog.findMany({ where: { action: 'organization.create', changes: { path: ['name'], equals: 'Untraced' } } });
    expect(id).toBeTruthy();
    expect(untraced.map((e) => e.requestId)).toEqual([id]);
  });

  it('carries the request id on an error response too', async () => {
    const response = await t.app.fetch(URL_GRAPHQL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x.y.z', 'x-request-id': 'bad-token-req' },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('bad-token-req');
    expect(errorCodes({ status: 401, ...((await response.json()) as object) })).toEqual(['UNAUTHENTICATED']);
  });
});
