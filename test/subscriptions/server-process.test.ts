import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyJwk, loadSigningKey } from '../../src/auth/keys.js';
import { mintUserToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { ALICE, seedDemo } from '../helpers/fixtures.js';
import { type ServerProcess, startServer, stopServers } from '../operators/server-process.js';
import type { Served } from './serve.js';
import { subscribe } from './subscriber.js';

// The production entry point (src/server.ts) as its own process: its events runtime, its SSE and
// WebSocket subscriptions on the one port, and SIGTERM ending the open subscriptions so that the
// process drains and exits at once. On PostgreSQL the change is made by another process (this
// one), so the event crosses processes through the database; on PGlite the server is alone with
// its data directory, and the change goes through its own HTTP surface.

const EVENTS = 'subscription($org: ID!) { organizationEvents(organizationId: $org) { type } }';
const RENAME = 'mutation($org: ID!, $name: String!) { updateOrganization(input: { organizationId: $org, name: $name }) { __typename } }';

let dataDir: string;
let t: TestApp | undefined;
let server: ServerProcess;
let served: Served;
let token: string;
let acme: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'orgraph-subscriptions-'));
  const signingKey = await generateSigningKeyJwk();
  let database: Record<string, string> = {};
  if (testDatabaseKind() === 'postgres') {
    t = await createTestApp({ SIGNING_KEY: signingKey });
    await seedDemo(t);
    const events = t.database.db.events;
    if (events.kind !== 'postgres') throw new Error('expected PostgreSQL');
    database = { DATABASE_URL: events.url };
  }
  const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SIGNING_KEY: signingKey, LOG_LEVEL: 'info', ...database };
  server = startServer(env);
  const output = await server.waitFor(/GraphiQL at http:\/\/localhost:\d+\//);
  const port = Number(/GraphiQL at http:\/\/localhost:(\d+)\//.exec(output)![1]);
  served = { url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql` } as Served;
  const config = loadConfig(env);
  token = await mintUserToken(await loadSigningKey({ signingKey, dataDir }), config.tokens, { email: ALICE });
  const organizations = await post('{ organizations { edges { node { id name } } } }', {});
  acme = organizations.data.organizations.edges.find((e: { node: { name: string } }) => e.node.name === 'Acme').node.id;
}, 120_000);
afterAll(async () => {
  await stopServers();
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(query: string, variables: Record<string, unknown>) {
  const response = await fetch(served.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as any;
}

describe('the server process', () => {
  it('serves subscriptions over SSE and WebSocket, and ends them at SIGTERM', async () => {
    const sse = await subscribe(served, 'sse', token, EVENTS, { org: acme });
    const ws = await subscribe(served, 'ws', token, EVENTS, { org: acme });
    // Both listen once a change reaches them; the first ones may come before they attach.
    let received = false;
    for (let attempt = 0; attempt < 50 && !received; attempt++) {
      if (t) await t.gql(RENAME, { org: acme, name: `Acme ${attempt}` }, { token });
      else expect((await post(RENAME, { org: acme, name: `Acme ${attempt}` })).errors).toBeUndefined();
      received = await Promise.all([sse.next(200), ws.next(200)]).then(
        () => true,
        () => false,
      );
    }
    expect(received).toBe(true);

    server.child.kill('SIGTERM');
    await Promise.all([sse.ended, ws.ended]);
    expect(await server.exited).toBe(0);
    const output = server.output();
    expect(output).toContain('stopped: requests drained, database closed');
    expect(output).not.toContain('requests cut');
  });
});
