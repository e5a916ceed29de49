import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { ALICE, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { untilListening } from './listening.js';
import { serve, type Served } from './serve.js';
import { subscribe, type Transport } from './subscriber.js';
import { renameOrganization } from '../helpers/rename-organization.js';

// How long a committed change takes to reach a subscriber on this machine, measured from the
// mutation's answer (the commit is before it: a lower bound) and from the entry's time (taken in
// the mutation's transaction, before the commit: an upper bound). Printed for the operator notes;
// the bound asserted is loose, to catch a change that falls back to polling.

const EVENTS = 'subscription($org: ID!) { organizationEvents(organizationId: $org, types: ["organization.updated"]) { occurredAt } }';
const ROUNDS = 20;

let t: TestApp;
let demo: Demo;
let served: Served;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp({}, { events: true }));
  served = await serve(t);
});
afterAll(async () => {
  await served.shutdown();
  await t.close();
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe.each<Transport>(['sse', 'ws'])('delay from commit to a subscriber over %s', (transport) => {
  it(`is short (median of ${ROUNDS} changes)`, async () => {
    const subscriber = await subscribe(served, transport, await t.tokenFor(ALICE), EVENTS, { org: demo.acme });
    await untilListening(t, 1);
    const afterAnswer: number[] = [];
    const afterEntry: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await renameOrganization(t, demo.acme, `Acme ${round}`, ALICE);
      const answered = Date.now();
      const result = await subscriber.next();
      const arrived = Date.now();
      afterAnswer.push(arrived - answered);
      afterEntry.push(arrived - new Date(result.data.organizationEvents.occurredAt).getTime());
    }
    process.stdout.write(
      `[${t.database.kind} ${transport}] commit → subscriber: median ${median(afterAnswer)} ms after the mutation's answer, ${median(afterEntry)} ms after the entry's time\n`,
    );
    expect(median(afterAnswer)).toBeLessThan(1_000);
    await subscriber.close();
    await untilListening(t, 0);
  });
});
