import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/captured-logs.js';
import { StatementCounter } from '../helpers/database.js';
import { gid } from '../helpers/ids.js';
import { startOwnPostgres } from '../helpers/own-postgres.js';
import { recordingConsumer, until } from './recording-consumer.js';

// PostgreSQL restarts under a running server: a job waiting for its retry is still done after, the
// LISTEN connection comes back (the bus hears new events), and new changes are relayed. The test
// runs its own PostgreSQL, which it stops and starts (once, in the PostgreSQL suite).

const server = process.env.TEST_DATABASE_URL ? await startOwnPostgres() : null;
const logs = captureLogs();
const recording = recordingConsumer({ failures: 1, retryDelay: 3 });

let t: TestApp;
let organizationId: string;
beforeAll(async () => {
  if (!server) return;
  const config = loadConfig({ DATABASE_URL: server.url, DATABASE_POOL_SIZE: '4', DATABASE_CONNECT_TIMEOUT_MS: '1000' });
  const db = await openDatabase(config.database);
  await applyMigrations(db.adapterFactory);
  const database = { db, counter: new StatementCounter(), kind: 'postgres' as const, drop: () => db.close() };
  t = await createTestApp({}, { database, logger: logs.logger, events: { consumers: [recording.factory] } });
  const owner = await t.prisma.user.create({ data: { email: 'owner@restart.test', name: 'Owner' } });
  const organization = await t.prisma.organization.create({ data: { name: 'Restart', members: { create: { userId: owner.id, role: 'OWNER' } } } });
  organizationId = gid('Organization', organization.id);
});
afterAll(async () => {
  server?.start();
  await t?.close();
  server?.remove();
});

const rename = (name: string) =>
  t.gql(
    `mutation($id: ID!, $name: String!) { updateOrganization(input: { organizationId: $id, name: $name }) { __typename } }`,
    { id: organizationId, name },
    {
      as: 'owner@restart.test',
    },
  );

describe.runIf(server)('a database restart', () => {
  it('loses no event: a job due for retry is done after it, and new changes are relayed and heard', async () => {
    expectData(await rename('Before the restart'));
    // The first attempt fails on purpose: the job waits 3 s for its retry, across the restart.
    await until(() => recording.attempts.size === 1);
    server!.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    server!.start();
    await until(() => recording.handled.length === 1, 30_000);
    expect(recording.attempts.get(recording.handled[0]!.event.id)).toHaveLength(2);

    const heard: string[] = [];
    const unsubscribe = t.events!.bus.subscribe((event) => heard.push(event.type));
    // Requests may fail while the pool finds the server again.
    let renamed = false;
    for (let attempt = 0; attempt < 20 && !renamed; attempt++) {
      renamed = !(await rename(`After the restart ${attempt}`)).errors;
      if (!renamed) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(renamed).toBe(true);
    await until(() => recording.handled.length === 2 && heard.length === 1, 30_000);
    unsubscribe();
    expect(heard).toEqual(['organization.updated']);
  });
});
