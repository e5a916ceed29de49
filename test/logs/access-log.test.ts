import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateClientSecret } from '../../src/auth/client-credentials.js';
import { createTestApp, errorCodes, type TestApp } from '../helpers/app.js';
import { createHttpServer } from '../../src/http/node-server.js';
import { captureLogs, type LogEntry } from '../helpers/captured-logs.js';
import { clientToken, postToken } from '../helpers/client-tokens.js';
import { ALICE, BOB, seedDemo, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { closeServer, listen } from '../helpers/raw-http.js';

// What an operator reads: one JSON access line per HTTP request, whatever answered it, with who
// and what and how it ended; nothing for a client's mistake but that line; an unexpected error
// once, as one entry with the request id; never a secret.

const MAX_BODY_BYTES = 2000;
const TOO_DEEP = `{ organizations { edges { node { members { edges { node { user { memberships { edges { node { organization { members { edges { node { role } } } } } } } } } } } } } } }`;
const RENAME = `mutation Rename($input: UpdateOrganizationInput!) { result: updateOrganization(input: $input) { __typename } }`;
const CREATE = `mutation Create($name: String!) { createOrganization(input: { name: $name }) { __typename } }`;

const logs = captureLogs();
let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  t = await createTestApp({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) }, { logger: logs.logger });
  demo = await seedDemo(t);
});
afterAll(() => t.close());
beforeEach(() => logs.clear());

/** POSTs a JSON body to /graphql through app.fetch. */
async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return t.app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

const bearer = async (email: string) => ({ authorization: `Bearer ${await t.tokenFor(email)}` });

/** The request's one log line, checked against the response; fails on any other line. */
async function onlyAccessLine(response: Response): Promise<LogEntry> {
  const entries = logs.entries();
  expect(entries, logs.text()).toHaveLength(1);
  const [line] = entries;
  expect(line).toMatchObject({ level: 30, msg: 'request', requestId: response.headers.get('x-request-id'), status: response.status });
  expect(line!.durationMs).toBeGreaterThanOrEqual(0);
  return line!;
}

describe('the access line of a GraphQL request', () => {
  it('says who asked for what and how it went: request id, method, path, status, duration, outcome, operation, principal', async () => {
    const response = await post({ query: 'query MyOrganizations { me { email } organizations { totalCount } }' }, await bearer(ALICE));
    expect(response.status).toBe(200);
    const line = await onlyAccessLine(response);
    const alice = await t.prisma.user.findUniqueOrThrow({ where: { email: ALICE } });
    expect(line).toMatchObject({ method: 'POST', path: '/graphql', outcome: 'OK', operation: 'MyOrganizations', principal: 'user', principalId: alice.id });
    expect(Object.keys(line).sort()).toEqual(
      [
        'durationMs',
        'hostname',
        'level',
        'method',
        'msg',
        'operation',
        'outcome',
        'path',
        'pid',
        'principal',
        'principalId',
        'requestId',
        'status',
        'time',
      ].sort(),
    );
    expect(logs.text()).not.toContain(ALICE); // an id, not the email
  });

  it("keeps the caller's x-request-id, names an anonymous caller, and leaves out an unnamed operation", async () => {
    const response = await post({ query: '{ serverInfo { build } }' }, { 'x-request-id': 'trace-1234' });
    const line = await onlyAccessLine(response);
    expect(line).toMatchObject({ requestId: 'trace-1234', outcome: 'OK', principal: 'anonymous' });
    expect(line).not.toHaveProperty('operation');
    expect(line).not.toHaveProperty('principalId');
  });

  it('takes the operation the client chose by operationName', async () => {
    const response = await post({ query: 'query A { __typename } query B { __typename }', operationName: 'B' });
    expect((await onlyAccessLine(response)).operation).toBe('B');
  });

  it("a client's mistake is its access line alone, with the error's code: unknown field, bad enum, bad variable, depth, syntax", async () => {
    const mistakes: [body: Record<string, unknown>, code: string][] = [
      [{ query: 'query Typo { me { emial } }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: '{ organizations { edges { node { members(joinedOrder: SIDEWAYS) { totalCount } } } } }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [
        { query: 'query($o: OrderDirection) { organizations { edges { node { members(joinedOrder: $o) { totalCount } } } } }', variables: { o: 'SIDEWAYS' } },
        'BAD_USER_INPUT',
      ],
      [{ query: TOO_DEEP }, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: '{ me { ' }, 'GRAPHQL_PARSE_FAILED'],
    ];
    for (const [body, code] of mistakes) {
      logs.clear();
      const response = await post(body, await bearer(ALICE));
      expect(errorCodes((await response.json()) as never)).toEqual([code]);
      expect((await onlyAccessLine(response)).outcome, JSON.stringify(body)).toBe(code);
      expect(logs.text()).not.toMatch(/stack|\n\s+at /);
    }
    logs.clear();
    expect((await onlyAccessLine(await post({ query: 'query Typo { me { emial } }' }))).operation).toBe('Typo'); // named even when refused
  });

  it('a rejected token: 401 UNAUTHENTICATED, no principal, and the token nowhere', async () => {
    const forged = `${await t.tokenFor(ALICE)}x`;
    const response = await post({ query: '{ me { email } }' }, { authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
    const line = await onlyAccessLine(response);
    expect(line.outcome).toBe('UNAUTHENTICATED');
    expect(line).not.toHaveProperty('principal');
    expect(logs.text()).not.toContain(forged);
    expect(logs.text()).not.toContain(forged.split('.')[2]!); // not even its signature
  });

  it('a mutation refused with a typed error: its code (FORBIDDEN), though the response has no top-level error', async () => {
    const response = await post({ query: RENAME, variables: { input: { organizationId: demo.acme, name: 'Bob Inc' } } }, await bearer(BOB));
    const body = (await response.json()) as { data: { result: { __typename: string } }; errors?: unknown };
    expect(body.data.result.__typename).toBe('ForbiddenError');
    expect(body.errors).toBeUndefined();
    expect(await onlyAccessLine(response)).toMatchObject({ outcome: 'FORBIDDEN', operation: 'Rename', principal: 'user' });
  });

  it("a service client: the token request's line holds no secret, the client's calls name it by id", async () => {
    const token = await clientToken(t, rawId(demo.acme), ['organization:read']);
    const [tokenLine] = logs.accessLines();
    expect(tokenLine).toMatchObject({ method: 'POST', path: '/oauth/token', status: 200, outcome: 'OK' });
    expect(tokenLine).not.toHaveProperty('principal');
    logs.clear();
    const response = await post({ query: '{ me { email } }' }, { authorization: `Bearer ${token}` });
    const client = await t.prisma.client.findFirstOrThrow({ where: { organizationId: rawId(demo.acme) } });
    expect(await onlyAccessLine(response)).toMatchObject({ principal: 'client', principalId: client.id });
    expect(logs.text()).not.toContain(token);
  });
});

describe('requests answered before GraphQL', () => {
  it('413 and 415: one line each, the refusal as the outcome', async () => {
    const tooLarge = await post({ query: `{ __typename ${' '.repeat(MAX_BODY_BYTES)} }` });
    expect(tooLarge.status).toBe(413);
    expect(await onlyAccessLine(tooLarge)).toMatchObject({ path: '/graphql', outcome: 'PAYLOAD_TOO_LARGE' });
    expect(tooLarge.headers.get('x-request-id')).toBeTruthy();

    logs.clear();
    const form = await t.app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ __typename }' });
    expect(form.status).toBe(415);
    expect((await onlyAccessLine(form)).outcome).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('/health, an unknown path and a download link: one line each, the path without its query string', async () => {
    const health = await t.app.fetch('http://test/health');
    expect(await onlyAccessLine(health)).toMatchObject({ method: 'GET', path: '/health', status: 200, outcome: 'OK' });
    logs.clear();
    const unknown = await t.app.fetch('http://test/nowhere');
    expect(await onlyAccessLine(unknown)).toMatchObject({ path: '/nowhere', status: 404, outcome: 'NOT_FOUND' });
    logs.clear();
    const download = await t.app.fetch('http://test/legal-documents/some-id/download?token=secret-download-token');
    expect(await onlyAccessLine(download)).toMatchObject({ path: '/legal-documents/some-id/download', status: 404 });
    expect(logs.text()).not.toContain('secret-download-token');
  });

  it('a client secret sent to /oauth/token appears nowhere, whether the request succeeds or fails', async () => {
    const secret = 'cs_this-is-not-a-real-secret-but-looks-like-one';
    const refused = await postToken(t, { grant_type: 'client_credentials', client_id: 'no-such-client', client_secret: secret });
    expect(refused.status).toBe(401);
    expect(await onlyAccessLine(refused)).toMatchObject({ path: '/oauth/token', outcome: 'UNAUTHORIZED' });
    logs.clear();
    const basic = await postToken(
      t,
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${Buffer.from(`no-such-client:${secret}`).toString('base64')}` },
    );
    await onlyAccessLine(basic);
    expect(logs.text()).not.toContain(secret);
    expect(logs.text()).not.toContain(Buffer.from(`no-such-client:${secret}`).toString('base64'));
  });
});

describe('an unexpected error', () => {
  // A real fault, not a stand-in: the database refuses a row the code thinks valid (a CHECK
  // constraint the schema does not know), as a drifted schema or a broken migration would.
  beforeAll(async () => {
    await t.prisma.$executeRawUnsafe(`ALTER TABLE "Organization" ADD CONSTRAINT "no_unexpected" CHECK (name <> 'Unexpected')`);
    await t.prisma.$executeRawUnsafe(`ALTER TABLE "User" ADD CONSTRAINT "no_crash" CHECK (email <> 'crash@logs.test')`);
    await t.prisma.$executeRawUnsafe(`ALTER TABLE "Client" ADD CONSTRAINT "no_broken_client" CHECK (name <> 'Broken client' OR "lastUsedAt" IS NULL)`);
  });
  afterAll(async () => {
    await t.prisma.$executeRawUnsafe(`ALTER TABLE "Organization" DROP CONSTRAINT "no_unexpected"`);
    await t.prisma.$executeRawUnsafe(`ALTER TABLE "User" DROP CONSTRAINT "no_crash"`);
    await t.prisma.$executeRawUnsafe(`ALTER TABLE "Client" DROP CONSTRAINT "no_broken_client"`);
  });

  /** The error entry and the access line, nothing else: the error logged once, as one JSON line with its stack as a field. */
  function errorAndAccessLine(response: Response) {
    const entries = logs.entries();
    expect(entries.map((e) => e.msg)).toEqual(['unexpected error', 'request']);
    const [error, access] = entries as [LogEntry, LogEntry];
    const requestId = response.headers.get('x-request-id');
    expect(error).toMatchObject({ level: 50, requestId });
    expect(error.err.stack).toContain('\n    at ');
    expect(logs.lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(access).toMatchObject({ requestId, outcome: 'INTERNAL_SERVER_ERROR' });
    return { error, access };
  }

  it('in a resolver: masked for the client, logged once with the request id', async () => {
    const response = await post({ query: CREATE, variables: { name: 'Unexpected' } }, { ...(await bearer(ALICE)), 'x-request-id': 'boom-1' });
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(body.errors[0]!.message).not.toContain('no_unexpected');
    const { error, access } = errorAndAccessLine(response);
    expect(error.requestId).toBe('boom-1');
    expect(error.err.message).toContain('no_unexpected');
    expect(access).toMatchObject({ operation: 'Create', principal: 'user' });
  });

  it('in a route beside GraphQL (the token endpoint cannot record its use): logged once, then its 500 line; the answer holds no details, and the secret is nowhere', async () => {
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    const client = await t.prisma.client.create({
      data: { organizationId: rawId(demo.acme), name: 'Broken client', scopes: ['organization:read'], secretHash, secretLastChars },
    });
    // Over real HTTP, where node's server adapter would put a thrown error's stack in the body.
    const server = await listen(createHttpServer(t.app));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'boom-2' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.id, client_secret: secret }).toString(),
      });
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ error: 'server_error' });
      expect(body).not.toMatch(/no_broken_client|prisma|\bat /i);
    } finally {
      await closeServer(server);
    }
    const entries = logs.entries();
    expect(entries.map((e) => e.msg)).toEqual(['unexpected error', 'request']);
    expect(entries[0]).toMatchObject({ level: 50, requestId: 'boom-2', err: { message: expect.stringContaining('no_broken_client') } });
    expect(entries[1]).toMatchObject({ requestId: 'boom-2', path: '/oauth/token', status: 500, outcome: 'INTERNAL_SERVER_ERROR' });
    expect(logs.text()).not.toContain(secret);
  });

  it('during authentication (a new user cannot be stored): logged once, and the token nowhere', async () => {
    const token = await t.tokenFor('crash@logs.test');
    const response = await post({ query: '{ me { email } }' }, { authorization: `Bearer ${token}` });
    expect(errorCodes((await response.json()) as never)).toEqual(['INTERNAL_SERVER_ERROR']);
    const { access } = errorAndAccessLine(response);
    expect(access).not.toHaveProperty('principal');
    expect(logs.text()).not.toContain(token);
  });
});
