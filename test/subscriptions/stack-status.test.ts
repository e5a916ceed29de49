import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { expectData } from '../helpers/app.js';
import { addUserTo, ALICE, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { newRegion, newStack } from '../helpers/regions-and-stacks.js';
import { untilListening } from './listening.js';
import { serve, type Served } from './serve.js';
import { subscribe, type Transport } from './subscriber.js';

const STATUS = 'subscription($stack: ID!) { stackStatus(stackId: $stack) { type nodeId stack { id status version deletedAt } } }';
const GUEST = 'guest-of-stacks@acme.test';

let t: TestApp;
let demo: Demo;
let served: Served;
let region: string;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp({}, { events: true }));
  region = await newRegion(t, null);
  await addUserTo(t, demo.acme, GUEST, 'GUEST');
  served = await serve(t);
});
afterAll(async () => {
  await served.shutdown();
  await t.close();
});

const lifecycle = async (mutation: string, stack: string) =>
  expect(
    expectData(await t.gql(`mutation($id: ID!) { ${mutation}(input: { stackId: $id }) { __typename } }`, { id: stack }, { as: ALICE }))[mutation].__typename,
  ).toMatch(/Payload$/);

describe.each<Transport>(['sse', 'ws'])('stackStatus over %s', (transport) => {
  it('sends each change of the stack with its current status, and nothing of the other stacks', async () => {
    const stack = await newStack(t, rawId(demo.acme), region);
    const other = await newStack(t, rawId(demo.acme), region);
    const watcher = await subscribe(served, transport, await t.tokenFor(ALICE), STATUS, { stack });
    await untilListening(t, 1);

    await lifecycle('disableStack', other);
    await lifecycle('disableStack', stack);
    await lifecycle('enableStack', stack);
    await lifecycle('deleteStack', stack);

    const results = [await watcher.next(), await watcher.next(), await watcher.next()];
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(results.map((r) => [r.data.stackStatus.type, r.data.stackStatus.nodeId])).toEqual([
      ['stack.disabled', stack],
      ['stack.enabled', stack],
      ['stack.deleted', stack],
    ]);
    // The stack as it is when the event is sent.
    expect(results[2]!.data.stackStatus.stack).toMatchObject({ id: stack, status: 'ACTIVE', deletedAt: expect.any(String) });
    expect(watcher.pending()).toBe(0);
    await watcher.close();
    await untilListening(t, 0);
  });

  it('refuses an outsider with NOT_FOUND and a member without stack:read with FORBIDDEN', async () => {
    const stack = await newStack(t, rawId(demo.acme), region);
    const outsider = await subscribe(served, transport, await t.tokenFor(CAROL), STATUS, { stack });
    expect((await outsider.next()).errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const guest = await subscribe(served, transport, await t.tokenFor(GUEST), STATUS, { stack });
    expect((await guest.next()).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await Promise.all([outsider.ended, guest.ended]);
    expect(t.events!.bus.listenerCount).toBe(0);
  });
});
