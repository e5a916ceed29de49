import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/node-server.js';
import { closeServer, listen } from '../helpers/raw-http.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { chunk, chunkedHead, LAST_CHUNK, RawConnection, type RawResponse, rawRequest } from '../helpers/raw-connection.js';

// A refused body and the keep-alive connection it came on, over real TCP (node's HTTP client
// would hide a reset by opening another socket). A 413 used to leave the rest of the body in the
// connection: the next request on it, another user's behind a pooling proxy, was reset.

const MAX_BODY_BYTES = 1000;
/** More than the socket buffers hold: the client is still sending when the refusal is written. */
const LARGE = 4_000_000;
const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

let t: TestApp;
let server: Server;
let token: string;
beforeAll(async () => {
  t = await createTestApp({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  token = await t.tokenFor('kim@keepalive.test');
  server = await listen(createHttpServer(t.app));
});
afterAll(async () => {
  await closeServer(server);
  await t.close();
});

const graphqlPost = (query: string, headers: Record<string, string> = {}) =>
  rawRequest('POST', '/graphql', { ...JSON_TYPE, authorization: `Bearer ${token}`, ...headers }, JSON.stringify({ query }));
const createOrganization = (name: string) => graphqlPost(`mutation { createOrganization(input: { name: "${name}" }) { __typename } }`);
const organizationsNamed = (name: string) => t.prisma.organization.count({ where: { name } });

/** A JSON or form body of `bytes` bytes that is valid up to its end. */
const padded = (bytes: number, form: boolean) =>
  form ? `grant_type=client_credentials&pad=${'x'.repeat(bytes)}` : JSON.stringify({ query: `{ __typename }${' '.repeat(bytes)}` });

/** Sends the whole body in 4000-byte chunks without waiting for the server. */
function sendChunked(connection: RawConnection, path: string, headers: Record<string, string>, body: string) {
  connection.write(chunkedHead('POST', path, headers));
  for (let i = 0; i < body.length; i += 4000) connection.write(chunk(body.slice(i, i + 4000)));
  connection.write(LAST_CHUNK);
}

interface RefusedBody {
  name: string;
  /** 413 unless said. */
  status?: number;
  send(connection: RawConnection): void;
  check(response: RawResponse): void;
}

const graphqlRefusal = (response: RawResponse) => expect(response.body).toBe(`Request body larger than ${MAX_BODY_BYTES} bytes`);
const tokenRefusal = (response: RawResponse) =>
  expect(JSON.parse(response.body)).toEqual({ error: 'invalid_request', error_description: 'Request body too large' });

const refusedBodies: RefusedBody[] = [
  {
    name: 'GraphQL, content-length just over the limit',
    send: (c) => c.write(rawRequest('POST', '/graphql', JSON_TYPE, padded(2 * MAX_BODY_BYTES, false))),
    check: graphqlRefusal,
  },
  { name: 'GraphQL, content-length of 4 MB', send: (c) => c.write(rawRequest('POST', '/graphql', JSON_TYPE, padded(LARGE, false))), check: graphqlRefusal },
  {
    name: 'GraphQL, chunked, just over the limit',
    send: (c) => sendChunked(c, '/graphql', JSON_TYPE, padded(2 * MAX_BODY_BYTES, false)),
    check: graphqlRefusal,
  },
  { name: 'GraphQL, chunked, 4 MB', send: (c) => sendChunked(c, '/graphql', JSON_TYPE, padded(LARGE, false)), check: graphqlRefusal },
  {
    name: 'POST /oauth/token, content-length of 4 MB',
    send: (c) => c.write(rawRequest('POST', '/oauth/token', FORM_TYPE, padded(LARGE, true))),
    check: tokenRefusal,
  },
  {
    name: 'POST /oauth/token, chunked, just over its 8 KiB',
    send: (c) => sendChunked(c, '/oauth/token', FORM_TYPE, padded(10_000, true)),
    check: tokenRefusal,
  },
  { name: 'POST /oauth/token, chunked, 4 MB', send: (c) => sendChunked(c, '/oauth/token', FORM_TYPE, padded(LARGE, true)), check: tokenRefusal },
  // Bodies refused for their type are not read either.
  {
    name: 'GraphQL, a 4 MB form body',
    status: 415,
    send: (c) => c.write(rawRequest('POST', '/graphql', FORM_TYPE, padded(LARGE, true))),
    check: (response) => expect(response.body).toBe('POST bodies must be application/json'),
  },
  {
    name: 'POST /oauth/token, a 4 MB JSON body',
    status: 400,
    send: (c) => c.write(rawRequest('POST', '/oauth/token', JSON_TYPE, padded(LARGE, false))),
    check: (response) =>
      expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_request', error_description: 'The body must be application/x-www-form-urlencoded' }),
  },
];

describe('a refused body closes its connection cleanly', () => {
  for (const refused of refusedBodies) {
    const status = refused.status ?? 413;
    it(`${refused.name}: the whole ${status}, then the server's FIN; the next request is never run`, async () => {
      const connection = await RawConnection.open(server);
      refused.send(connection);

      const response = await connection.nextResponse();
      expect(response.status).toBe(status);
      expect(response.headers.connection).toBe('close');
      refused.check(response);
      // The server closes its side after the refusal and reads the rest of the body: no reset, while
      // the client finishes sending and then sees the FIN.
      await connection.flushed();
      const afterRefusal = await connection.serverEnd();
      expect(afterRefusal).toEqual({ endedByServer: true, closed: false });

      // A client that sends its next request anyway (a proxy would not, after Connection: close)
      // gets no answer and the request does not run; the connection closes without a reset.
      connection.write(createOrganization('AfterRefusal'));
      connection.end();
      expect(await connection.closed).toEqual({ endedByServer: true, closed: true });
      expect(connection.unread).toBe(0);
      expect(await organizationsNamed('AfterRefusal')).toBe(0);

      // The server itself is fine: a new connection is served.
      const next = await RawConnection.open(server);
      next.write(graphqlPost('{ me { email } }'));
      expect(JSON.parse((await next.nextResponse()).body)).toEqual({ data: { me: { email: 'kim@keepalive.test' } } });
      next.destroy();
    });
  }

  it('stops reading a body that never ends once the linger time is up', async () => {
    const quick = await listen(createHttpServer(t.app, { lingerMs: 200 }));
    try {
      const connection = await RawConnection.open(quick);
      connection.write(chunkedHead('POST', '/graphql', JSON_TYPE));
      let sent = 0;
      const sending = (async () => {
        while (!connection.state.closed && !connection.state.error) {
          connection.write(chunk('x'.repeat(16_000)));
          sent += 16_000;
          await connection.flushed();
        }
      })();
      const response = await connection.nextResponse();
      expect(response.status).toBe(413);
      expect(response.headers.connection).toBe('close');
      await connection.closed;
      await sending;
      expect(connection.state.endedByServer).toBe(true);
      expect(sent).toBeGreaterThan(MAX_BODY_BYTES);
    } finally {
      await closeServer(quick);
    }
  });
});

describe('keep-alive connections', () => {
  it('serve one request after another on the same connection', async () => {
    const connection = await RawConnection.open(server);
    const answers: RawResponse[] = [];
    for (const request of [graphqlPost('{ me { email } }'), rawRequest('GET', '/health', {}), createOrganization('KeptAlive'), graphqlPost('{ __typename }')]) {
      connection.write(request);
      answers.push(await connection.nextResponse());
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive', 'keep-alive']);
    expect(JSON.parse(answers[0]!.body)).toEqual({ data: { me: { email: 'kim@keepalive.test' } } });
    expect(JSON.parse(answers[2]!.body)).toEqual({ data: { createOrganization: { __typename: 'CreateOrganizationPayload' } } });
    expect(await organizationsNamed('KeptAlive')).toBe(1);
    expect(connection.state).toEqual({ endedByServer: false, closed: false });
    connection.destroy();
  });

  it('answer a client that asks to close, then close without a reset', async () => {
    const connection = await RawConnection.open(server);
    connection.write(graphqlPost('{ __typename }', { connection: 'close' }));
    const response = await connection.nextResponse();
    expect(response.status).toBe(200);
    expect(response.headers.connection).toBe('close');
    expect(await connection.serverEnd()).toEqual({ endedByServer: true, closed: false });
    connection.end();
    expect(await connection.closed).toEqual({ endedByServer: true, closed: true });
  });

  it('answer a JSON body that is not GraphQL with 400 and keep the connection', async () => {
    const connection = await RawConnection.open(server);
    connection.write(rawRequest('POST', '/graphql', JSON_TYPE, '[1, 2]'));
    const refused = await connection.nextResponse();
    expect(refused.status).toBe(400);
    expect(refused.headers.connection).toBe('keep-alive');
    connection.write(graphqlPost('{ me { email } }'));
    expect(JSON.parse((await connection.nextResponse()).body)).toEqual({ data: { me: { email: 'kim@keepalive.test' } } });
    connection.destroy();
  });
});
