import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientSecret } from '../../src/auth/client-credentials.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/captured-logs.js';
import { StatementCounter } from '../helpers/database.js';
import { startOwnPostgres } from '../helpers/own-postgres.js';
import { ERROR_SCHEMA, oktaUser, scim } from './support.js';

// While PostgreSQL is down, SCIM answers 503 with Retry-After in SCIM's error schema: never a
// 401 (the token could not be checked) nor a 500. The test runs its own server, which it stops.

const server = await startOwnPostgres();
const logs = captureLogs();
let t: TestApp;
let token: string;

beforeAll(async () => {
  if (!server) return;
  const config = loadConfig({ DATABASE_URL: server.url, DATABASE_POOL_SIZE: '2', DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_QUERY_TIMEOUT_MS: '1000' });
  const db = await openDatabase(config.database);
  await applyMigrations(db.adapterFactory);
  t = await createTestApp({}, { database: { db, counter: new StatementCounter(), kind: 'postgres', drop: () => db.close() }, logger: logs.logger });
  const organization = await t.prisma.organization.create({ data: { name: 'Outage' } });
  const secret = generateClientSecret();
  await t.prisma.domain.create({
    data: {
      organizationId: organization.id,
      domain: 'outage.example',
      verificationChallenge: 'x',
      verifiedAt: new Date(),
      scimEnabled: true,
      scimTokenHash: secret.secretHash,
    },
  });
  token = secret.secret;
});
afterAll(async () => {
  server?.start();
  await t?.close();
  server?.remove();
});

describe.skipIf(!server)('SCIM during a PostgreSQL outage', () => {
  it('answers 503 with Retry-After in SCIM’s error schema, then recovers', async () => {
    expect((await scim(t, token, 'GET', '/Users')).status).toBe(200);
    server!.stop();
    try {
      for (const [method, path, body] of [
        ['GET', '/Users', undefined],
        ['POST', '/Users', oktaUser('a@outage.example')],
      ] as const) {
        const response = await scim(t, token, method, path, body);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(response.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '503' });
      }
    } finally {
      server!.start();
    }
    expect((await scim(t, token, 'POST', '/Users', oktaUser('a@outage.example'))).status).toBe(201);
  });
});
