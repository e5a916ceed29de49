import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientSecret } from '../../src/auth/client-credentials.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/captured-logs.js';
import { StatementCounter } from '../helpers/database.js';
import { gid } from '../helpers/ids.js';
import { startOwnPostgres } from '../helpers/own-postgres.js';

// While PostgreSQL is down, every route answers 503 SERVICE_UNAVAILABLE with Retry-After, never
// an authentication failure; a bad token is still UNAUTHENTICATED; all recovers by itself. The
// test runs its own server, which it stops and starts.

const server = await startOwnPostgres();
const logs = captureLogs();

let t: TestApp;
let organizationId: string;
let organizationRowId: string;
let client: { id: string; secret: string };
let downloadUrl: string;
beforeAll(async () => {
  // The settings as an operator writes them; short deadlines, so that a hang fails requests within a second.
  const config = loadConfig({ DATABASE_URL: server!.url, DATABASE_POOL_SIZE: '4', DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_QUERY_TIMEOUT_MS: '1000' });
  const db = await openDatabase(config.database);
  await applyMigrations(db.adapterFactory);
  t = await createTestApp({}, { database: { db, counter: new StatementCounter(), kind: 'postgres', drop: () => db.close() }, logger: logs.logger });
  const owner = await t.prisma.user.create({ data: { email: 'owner@outage.test', name: 'Owner' } });
  const organization = await t.prisma.organization.create({ data: { name: 'Outage', members: { create: { userId: owner.id, role: 'OWNER' } } } });
  organizationId = gid('Organization', organization.id);
  organizationRowId = organization.id;
  const { secret, secretHash, secretLastChars } = generateClientSecret();
  client = {
    id: (
      await t.prisma.client.create({
        data: { organizationId: organization.id, name: 'Outage client', scopes: ['organization:read'], secretHash, secretLastChars },
      })
    ).id,
    secret,
  };
  const requested = await t.gql(
    `mutation($input: RequestLegalDocumentInput!) { requestLegalDocument(input: $input) { ... on RequestLegalDocumentPayload { legalDocument { downloadUrl } } } }`,
    { input: { organizationId, documentType: 'DPA', companyName: 'Outage', companyAddress: '1 Road', representativeEmail: 'owner@outage.test' } },
    { as: 'owner@outage.test' },
  );
  downloadUrl = requested.data.requestLegalDocument.legalDocument.downloadUrl;
});
afterAll(async () => {
  server?.start();
  await t?.close();
  server?.remove();
});

const post = async (query: string, token?: string) =>
  t.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });

async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[]; error?: string };
  if (body.errors) expect(body.errors.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
  else expect(body.error).toBe('temporarily_unavailable');
}

describe.skipIf(!server)('a PostgreSQL outage', () => {
  it('opens at most DATABASE_POOL_SIZE connections, however many requests come at once', async () => {
    const seen = await t.tokenFor('owner@outage.test');
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(`{ organization(id: "${organizationId}") { name } }`, seen)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    const [row] = await t.prisma.$queryRaw<
      { connections: number }[]
    >`SELECT count(*)::int AS connections FROM pg_stat_activity WHERE datname = current_database()`;
    expect(row!.connections).toBeGreaterThan(0);
    expect(row!.connections).toBeLessThanOrEqual(4);
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After on every route, UNAUTHENTICATED only for a bad token, and recovers', async () => {
    const seen = await t.tokenFor('owner@outage.test');
    expect((await post('{ me { email } }', seen)).status).toBe(200); // the owner's token is now remembered
    const unseen = await t.tokenFor('someone@outage.test');

    server!.stop();
    const started = Date.now();
    await expectUnavailable(await post('{ me { email } }', unseen)); // the user lookup of authentication fails
    await expectUnavailable(await post(`{ organization(id: "${organizationId}") { name } }`, seen)); // a read
    await expectUnavailable(await post('mutation { createOrganization(input: { name: "During" }) { __typename } }', seen)); // a write
    await expectUnavailable(
      await t.app.fetch('http://test/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret }).toString(),
      }),
    );
    await expectUnavailable(await t.app.fetch(downloadUrl.replace(/^https?:\/\/[^/]+/, 'http://test')));
    const bad = await post('{ me { email } }', `${seen.slice(0, -4)}AAAA`);
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(Date.now() - started).toBeLessThan(10_000); // refused connections fail fast

    server!.start();
    const back = await post('{ me { email } }', unseen);
    expect(back.status).toBe(200);
    expect(((await back.json()) as { data: { me: { email: string } } }).data.me.email).toBe('someone@outage.test');
  });

  it('logs one warning and one access line (SERVICE_UNAVAILABLE) per request, no error and no stack', async () => {
    const seen = await t.tokenFor('owner@outage.test');
    expect((await post('{ me { email } }', seen)).status).toBe(200);

    server!.stop();
    try {
      // A page whose fields all fail: still one warning for the request.
      const requests = [
        () => post(`{ a: organization(id: "${organizationId}") { name } b: organization(id: "${organizationId}") { name } }`, seen),
        () => post('mutation { createOrganization(input: { name: "During" }) { __typename } }', seen),
        () =>
          t.app.fetch('http://test/oauth/token', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret }).toString(),
          }),
      ];
      for (const request of requests) {
        logs.clear();
        const response = await request();
        expect(response.status).toBe(503);
        const requestId = response.headers.get('x-request-id');
        expect(
          logs.entries().map((e) => [e.level, e.msg]),
          logs.text(),
        ).toEqual([
          [40, 'database unavailable'],
          [30, 'request'],
        ]);
        const [warning, access] = logs.entries();
        expect(warning).toMatchObject({ requestId, reason: expect.any(String) });
        expect(access).toMatchObject({ requestId, status: 503, outcome: 'SERVICE_UNAVAILABLE' });
        expect(logs.text()).not.toMatch(/stack|\n\s+at /);
        expect(logs.text()).not.toContain(client.secret);
        expect(logs.text()).not.toContain(seen);
      }
    } finally {
      server!.start();
    }
    expect((await post('{ me { email } }', seen)).status).toBe(200);
  });

  it('answers 503, not 500, when the rate limits cannot count: their store is this database', async () => {
    const limited = await createTestApp({ GRAPHQL_REQUESTS_PER_PRINCIPAL: '1000' }, { database: { ...t.database, drop: async () => {} } });
    const scopes = (app: TestApp) =>
      app.app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ scopes { name } }' }),
      });
    try {
      expect((await scopes(limited)).status).toBe(200);
      server!.stop();
      try {
        expect((await scopes(t)).status).toBe(200); // the catalog needs no database; counting the request does
        await expectUnavailable(await scopes(limited));
      } finally {
        server!.start();
      }
      expect((await scopes(limited)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 within the deadlines while PostgreSQL hangs, /ready 503 within its own, and recovers', async () => {
    const seen = await t.tokenFor('owner@outage.test');
    expect((await post(`{ organization(id: "${organizationId}") { name } }`, seen)).status).toBe(200);

    server!.pause();
    try {
      let started = Date.now();
      await expectUnavailable(await post(`{ organization(id: "${organizationId}") { name } }`, seen));
      expect(Date.now() - started).toBeLessThan(5_000);
      started = Date.now();
      await expectUnavailable(await post('mutation { createOrganization(input: { name: "Hung" }) { __typename } }', seen));
      expect(Date.now() - started).toBeLessThan(5_000);
      started = Date.now();
      expect((await t.app.fetch('http://test/ready')).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      server!.resume();
    }

    // Back by itself: the next requests are answered.
    const back = await post(`{ organization(id: "${organizationId}") { name } }`, seen);
    expect(back.status).toBe(200);
    expect((await t.app.fetch('http://test/ready')).status).toBe(200);
  });
});

describe.skipIf(!server)('a write transaction held up past DATABASE_TRANSACTION_TIMEOUT_MS', () => {
  it('is rolled back and answered 503, and the server ends idle transactions after the same time', async () => {
    const config = loadConfig({ DATABASE_URL: server!.url, DATABASE_QUERY_TIMEOUT_MS: '10000', DATABASE_TRANSACTION_TIMEOUT_MS: '1000' });
    const db = await openDatabase(config.database);
    const slow = await createTestApp({}, { database: { db, counter: new StatementCounter(), kind: 'postgres', drop: () => db.close() } });
    const blocker = new pg.Client({ connectionString: server!.url });
    await blocker.connect();
    try {
      const token = await slow.tokenFor('owner@outage.test');
      // Another session holds the organization's lock for 2 s: each statement is quick enough, the transaction is not.
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM "Organization" WHERE id = $1 FOR UPDATE', [organizationRowId]);
      const released = new Promise((resolve) => setTimeout(resolve, 2_000)).then(() => blocker.query('COMMIT'));
      const response = await slow.app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `mutation { updateOrganization(input: { organizationId: "${organizationId}", name: "Too late" }) { __typename } }` }),
      });
      await released;
      await expectUnavailable(response);
      expect((await slow.prisma.organization.findUniqueOrThrow({ where: { id: organizationRowId } })).name).toBe('Outage');
      const [setting] = await slow.prisma.$queryRaw<{ idle_in_transaction_session_timeout: string }[]>`SHOW idle_in_transaction_session_timeout`;
      expect(setting!.idle_in_transaction_session_timeout).toBe('1s');
    } finally {
      await blocker.end();
      await slow.close();
    }
  });
});
