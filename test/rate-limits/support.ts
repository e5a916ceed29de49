import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import { createHttpServer } from '../../src/http/node-server.js';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { closeServer, listen } from '../helpers/raw-http.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

// The rate-limit tests' apps and HTTP. Each test makes apps with its own limits on the file's one
// database, and starts from no counts; requests that must come from distinct addresses go over
// real HTTP from distinct loopback addresses (127.0.0.2, 127.0.0.3, …), as clients would.

export interface Apps {
  /** An app with these settings on the file's database; closed after the test. */
  app(env?: Record<string, string>): Promise<TestApp>;
  /** A node:http server of the app on 127.0.0.1; closed after the test. */
  serve(t: TestApp): Promise<Server>;
  /** The file's database (an organization for clients is ready in it). */
  readonly organizationId: string;
}

export function appsOnOneDatabase(): Apps {
  let database: TestDatabase;
  let organizationId: string;
  const apps: TestApp[] = [];
  const servers: Server[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    organizationId = (await database.db.prisma.organization.create({ data: { name: 'Limited' } })).id;
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await closeServer(server);
    for (const t of apps.splice(0)) await t.close();
    // The counts of the database store outlive the apps: the next test starts from none.
    await database.db.prisma.rateLimit.deleteMany();
  });
  afterAll(() => database.drop());
  return {
    async app(env = {}) {
      // The file's database stays when an app closes.
      const t = await createTestApp(env, { database: { ...database, drop: async () => {} } });
      apps.push(t);
      return t;
    },
    async serve(t) {
      const server = await listen(createHttpServer(t.app));
      servers.push(server);
      return server;
    },
    get organizationId() {
      return organizationId;
    },
  };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/** POSTs to the server from a local address of the caller's choice (any of 127.0.0.0/8). */
export function postFrom(server: Server, from: string, path: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', localAddress: from, agent: false, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POST /oauth/token with form parameters, from a local address. */
export function tokenFrom(server: Server, from: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const form = { 'content-type': 'application/x-www-form-urlencoded', ...headers };
  return postFrom(server, from, '/oauth/token', new URLSearchParams(params).toString(), form);
}

/** The client-credentials grant's parameters for these credentials. */
export const grantOf = (client: { oauthClientId: string; secret: string }, secret = client.secret) => ({
  grant_type: 'client_credentials',
  client_id: client.oauthClientId,
  client_secret: secret,
});
