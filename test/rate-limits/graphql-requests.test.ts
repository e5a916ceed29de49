import { describe, expect, it } from 'vitest';
import { errorCodes, expectData, type GraphQLResponse, type TestApp } from '../helpers/app.js';
import { newClient, tokenOf } from '../helpers/client-tokens.js';
import { gid } from '../helpers/ids.js';
import { appsOnOneDatabase, postFrom } from './support.js';

// GRAPHQL_REQUESTS_PER_PRINCIPAL: GraphQL requests a minute per user, per service client, and per
// address for anonymous callers; over it, HTTP 429 with Retry-After and one RATE_LIMITED error.

const apps = appsOnOneDatabase();

const ME = '{ me { email } }';
const PUBLIC = '{ scopes { name } }';

/** The status of each of `count` requests in turn. */
async function statusesOf(count: number, send: () => Promise<{ status: number }>): Promise<number[]> {
  const statuses = [];
  for (let i = 0; i < count; i++) statuses.push((await send()).status);
  return statuses;
}

interface Seen {
  status: number;
  retryAfter: string | null;
  body: GraphQLResponse & { errors?: { message: string }[] };
}

/** What a client reads of a refusal: 429, Retry-After within the minute, one RATE_LIMITED error and no data. */
function expectRateLimited({ status, retryAfter, body }: Seen) {
  expect(status).toBe(429);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  expect(errorCodes(body)).toEqual(['RATE_LIMITED']);
  expect(body.errors![0]!.message).toMatch(/^Too many requests: retry after \d+ seconds$/);
  expect(body.data ?? null).toBeNull();
}

/** A GraphQL POST through app.fetch that keeps the response headers. */
async function post(t: TestApp, query: string, token?: string): Promise<Seen> {
  const response = await t.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as GraphQLResponse };
}

describe('GRAPHQL_REQUESTS_PER_PRINCIPAL', () => {
  it('refuses a user’s requests past the limit with 429 RATE_LIMITED and Retry-After; another user keeps its own count', async () => {
    const t = await apps.app({ GRAPHQL_REQUESTS_PER_PRINCIPAL: '3' });
    const [first, second] = [await t.tokenFor('first@limits.test'), await t.tokenFor('second@limits.test')];
    expect(await statusesOf(3, () => post(t, ME, first))).toEqual([200, 200, 200]);
    expectRateLimited(await post(t, ME, first));
    expect(expectData(await t.gql(ME, {}, { token: second })).me.email).toBe('second@limits.test');
  });

  it('counts a service client by its client id, whichever token it uses', async () => {
    const t = await apps.app({ GRAPHQL_REQUESTS_PER_PRINCIPAL: '2' });
    const client = await newClient(t, apps.organizationId, ['organization:read']);
    const [one, other] = [await tokenOf(t, client), await tokenOf(t, client)];
    const query = `{ organization(id: "${gid('Organization', apps.organizationId)}") { name } }`;
    expect([(await post(t, query, one)).status, (await post(t, query, other)).status]).toEqual([200, 200]);
    expectRateLimited(await post(t, query, one));
  });

  it('counts anonymous callers by address', async () => {
    const t = await apps.app({ GRAPHQL_REQUESTS_PER_PRINCIPAL: '2' });
    const server = await apps.serve(t);
    const from = (address: string) => postFrom(server, address, '/graphql', JSON.stringify({ query: PUBLIC }), { 'content-type': 'application/json' });
    expect(await statusesOf(2, () => from('127.0.0.2'))).toEqual([200, 200]);
    const refused = await from('127.0.0.2');
    expectRateLimited({ status: refused.status, retryAfter: refused.headers['retry-after'] as string, body: refused.body });
    expect((await from('127.0.0.3')).status).toBe(200);
  });

  it('is off by default', async () => {
    const t = await apps.app();
    const token = await t.tokenFor('busy@limits.test');
    const statuses = new Set(await statusesOf(100, () => post(t, ME, token)));
    expect([...statuses]).toEqual([200]);
  });
});
