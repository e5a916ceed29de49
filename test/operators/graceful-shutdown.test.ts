import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConnection, rawRequest } from '../helpers/raw-connection.js';
import { type ServerProcess, startServer, stopServers } from './server-process.js';

// SIGTERM on the real entry point, as an orchestrator sends it: new connections are refused,
// /ready answers 503, a request in flight is still answered, then the database closes and the
// process exits 0. A request is held in flight by its body: the test sends the rest when it likes.

const QUERY_BODY = JSON.stringify({ query: '{ __typename }' });
const HALF = QUERY_BODY.length >> 1;

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'orgraph-shutdown-'));
});
afterAll(async () => {
  await stopServers();
  rmSync(dataDir, { recursive: true, force: true });
});

async function started(env: Record<string, string> = {}): Promise<{ server: ServerProcess; port: number }> {
  // On PostgreSQL when the suite runs there (nothing here needs a migrated database).
  const database: Record<string, string> = process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {};
  const server = startServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO_DATA: 'false', ...database, ...env });
  const output = await server.waitFor(/GraphiQL at http:\/\/localhost:\d+\//);
  return { server, port: Number(/GraphiQL at http:\/\/localhost:(\d+)\//.exec(output)![1]) };
}

/** A POST /graphql with half its body sent, seen by the server (it answered 100 Continue). */
async function requestInFlight(port: number): Promise<RawConnection> {
  const connection = await RawConnection.openPort(port);
  const head = rawRequest('POST', '/graphql', { 'content-type': 'application/json', expect: '100-continue' }, QUERY_BODY);
  connection.write(head.slice(0, head.length - QUERY_BODY.length + HALF));
  expect((await connection.nextResponse()).status).toBe(100);
  return connection;
}

describe('SIGTERM', () => {
  it('refuses new connections, answers /ready 503, finishes the request in flight, then closes the database and exits 0', async () => {
    const { server, port } = await started();
    const inFlight = await requestInFlight(port);

    server.child.kill('SIGTERM');
    await server.waitFor(/SIGTERM: stopped accepting connections/);
    await expect(RawConnection.openPort(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    // The rest of the body, and a /ready on the same connection behind it.
    inFlight.write(QUERY_BODY.slice(HALF) + rawRequest('GET', '/ready', {}));
    const answer = await inFlight.nextResponse();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });
    const ready = await inFlight.nextResponse();
    expect([ready.status, JSON.parse(ready.body), ready.headers.connection]).toEqual([503, { status: 'stopping' }, 'close']);
    expect((await inFlight.serverEnd()).endedByServer).toBe(true);

    expect(await server.exited).toBe(0);
    const output = server.output();
    expect(output).toContain('stopped: requests drained, database closed');
    expect(output).not.toContain('requests cut');
  });

  it('cuts a request still in flight after SHUTDOWN_GRACE_MS, and exits 0 all the same', async () => {
    const { server, port } = await started({ SHUTDOWN_GRACE_MS: '300' });
    const stalled = await requestInFlight(port);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const end = await stalled.serverEnd();
    expect(end.endedByServer || Boolean(end.error)).toBe(true);
    const output = server.output();
    expect(output).toContain('1 requests cut: not answered within SHUTDOWN_GRACE_MS');
    expect(output).toContain('stopped: requests drained, database closed');
  });
});
