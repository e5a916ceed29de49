// npx tsx bench/outage-latency.ts: what a client sees while PostgreSQL is down and while it hangs,
// with the settings as configured (the defaults unless DATABASE_* are set in the environment).
// Starts a private PostgreSQL server, serves the app over HTTP, and for each case prints the
// HTTP status, the error code and the median latency of 5 requests per route.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { generateClientSecret } from '../src/auth/client-credentials.js';
import { generateSigningKeyJwk, loadSigningKey } from '../src/auth/keys.js';
import { mintUserToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { startOwnPostgres } from '../test/helpers/own-postgres.js';

const server = await startOwnPostgres();
if (!server) throw new Error('no PostgreSQL binaries found');
const config = loadConfig({ ...process.env, DATABASE_URL: server.url, DATA_DIR: '/nonexistent' });
const db = await openDatabase(config.database);
await applyMigrations(db.adapterFactory);
const signingKey = await loadSigningKey({ signingKey: await generateSigningKeyJwk(), dataDir: config.dataDir });
const app = createApp({ prisma: db.prisma, sql: db.sql, config, signingKey });
const http = createServer(app).listen(0, '127.0.0.1');
await new Promise((resolve) => http.once('listening', resolve));
const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

const owner = await db.prisma.user.create({ data: { email: 'owner@latency.test', name: 'Owner' } });
const organization = await db.prisma.organization.create({ data: { name: 'Latency', members: { create: { userId: owner.id, role: 'OWNER' } } } });
const orgId = Buffer.from(`Organization:${organization.id}`).toString('base64');
const { secret, secretHash, secretLastChars } = generateClientSecret();
const client = await db.prisma.client.create({
  data: { organizationId: organization.id, name: 'c', scopes: ['organization:read'], secretHash, secretLastChars },
});
const token = await mintUserToken(signingKey, config.tokens, { email: owner.email });

const graphql = (query: string) => () =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
const routes: Record<string, () => Promise<Response>> = {
  'read (organization)': graphql(`{ organization(id: "${orgId}") { name } }`),
  'write (createGroup)': graphql(`mutation { createGroup(input: { organizationId: "${orgId}", name: "g${Date.now()}" }) { __typename } }`),
  'POST /oauth/token': () =>
    fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.id, client_secret: secret }),
    }),
  'GET /ready': () => fetch(`${base}/ready`),
};

async function measure(label: string) {
  console.log(`\n${label}`);
  for (const [route, send] of Object.entries(routes)) {
    const times: number[] = [];
    let outcome = '';
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const response = await send();
      const body = await response.text();
      times.push(performance.now() - started);
      const code = body.match(/"code":"([A-Z_]+)"/)?.[1] ?? body.match(/"error":"([a-z_]+)"/)?.[1] ?? (response.ok ? 'ok' : '');
      outcome = `${response.status} ${code}${response.headers.get('retry-after') ? ` Retry-After: ${response.headers.get('retry-after')}` : ''}`;
    }
    times.sort((a, b) => a - b);
    console.log(`  ${route.padEnd(22)} ${outcome.padEnd(40)} median ${Math.round(times[2]!)} ms (max ${Math.round(times[4]!)} ms)`);
  }
}

const { connectTimeoutMs, queryTimeoutMs } = config.database.kind === 'postgres' ? config.database.pool! : { connectTimeoutMs: 0, queryTimeoutMs: 0 };
console.log(`DATABASE_CONNECT_TIMEOUT_MS=${connectTimeoutMs} DATABASE_QUERY_TIMEOUT_MS=${queryTimeoutMs}`);
try {
  await measure('database up');
  server.stop();
  await measure('database stopped (connections refused)');
  server.start();
  await measure('database back (no restart of the API)');
  server.pause();
  await measure('database hanging (every PostgreSQL process stopped with SIGSTOP)');
  server.resume();
  await measure('database resumed');
} finally {
  server.resume();
  http.close();
  await db.close().catch(() => undefined);
  server.remove();
}
