import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { StatementCounter, testDatabaseKind } from '../helpers/database.js';
import { ALICE, seedDemo, type Demo } from '../helpers/fixtures.js';
import { untilListening } from './listening.js';
import { serve, type Served } from './serve.js';
import { subscribe, type Transport } from './subscriber.js';
import { renameOrganization } from '../helpers/rename-organization.js';

// Two servers on one PostgreSQL database, each with its own connections and events runtime (its own
// LISTEN): a change committed through one reaches the subscribers of the other. PGlite is one
// process by nature: nothing to fan out.

const EVENTS = 'subscription($org: ID!) { organizationEvents(organizationId: $org) { eventId type } }';

describe.skipIf(testDatabaseKind() !== 'postgres')('two servers on one PostgreSQL', () => {
  let first: TestApp;
  let second: TestApp;
  let demo: Demo;
  let served: Served;
  beforeAll(async () => {
    first = await createTestApp({}, { events: true });
    demo = await seedDemo(first);
    const events = first.database.db.events;
    if (events.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const db = await openDatabase({ kind: 'postgres', url: events.url });
    // Each signs its own tokens here: the subscriber's token comes from the second, the mutation's from the first.
    second = await createTestApp({}, { events: true, database: { db, counter: new StatementCounter(), kind: 'postgres', drop: () => db.close() } });
    served = await serve(second);
  });
  afterAll(async () => {
    await served.shutdown();
    await second.close();
    await first.close();
  });

  it.each<Transport>(['sse', 'ws'])('a mutation on one reaches a subscriber of the other over %s, once', async (transport) => {
    const subscriber = await subscribe(served, transport, await second.tokenFor(ALICE), EVENTS, { org: demo.acme });
    await untilListening(second, 1);
    for (const name of ['One', 'Two']) {
      await renameOrganization(first, demo.acme, name, ALICE);
    }
    const received = [await subscriber.next(), await subscriber.next()];
    expect(received.map((r) => r.data.organizationEvents.type)).toEqual(['organization.updated', 'organization.updated']);
    expect(new Set(received.map((r) => r.data.organizationEvents.eventId)).size).toBe(2);
    // Nothing more: each event once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(subscriber.pending()).toBe(0);
    await subscriber.close();
    await untilListening(second, 0);
  });
});
