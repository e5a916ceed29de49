import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { newClient, tokenOf } from '../helpers/client-tokens.js';
import { ALICE, createDemoApp, seedDemo, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { untilListening } from './listening.js';
import { serve } from './serve.js';
import { subscribe, type Transport } from './subscriber.js';
import { renameOrganization } from '../helpers/rename-organization.js';

const EVENTS = 'subscription($org: ID!) { organizationEvents(organizationId: $org) { type } }';

let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp({ PRINCIPAL_CACHE_SECONDS: '300' }, { events: true }));
});
afterAll(() => t.close());

const renameAcme = (name: string) => renameOrganization(t, demo.acme, name, ALICE);

describe.each<Transport>(['sse', 'ws'])('subscriptions over %s', (transport) => {
  it('remove their listener from the event bus when the client goes away', async () => {
    const served = await serve(t);
    const subscribers = await Promise.all([1, 2, 3].map(async () => subscribe(served, transport, await t.tokenFor(ALICE), EVENTS, { org: demo.acme })));
    await untilListening(t, 3);
    await subscribers[0]!.close();
    await untilListening(t, 2);
    await renameAcme(`Still heard ${transport}`);
    expect((await subscribers[1]!.next()).data.organizationEvents.type).toBe('organization.updated');
    await Promise.all(subscribers.slice(1).map((s) => s.close()));
    await untilListening(t, 0);
    await served.shutdown();
  });

  it('end when the server shuts down, so that draining waits for nothing', async () => {
    const served = await serve(t);
    const open = await subscribe(served, transport, await t.tokenFor(ALICE), EVENTS, { org: demo.acme });
    await untilListening(t, 1);
    const started = Date.now();
    expect(await served.shutdown(10_000)).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    await open.ended;
    expect(t.events!.bus.listenerCount).toBe(0);
  });

  it('end when the subscribing service client is deleted (its token is checked again for every event)', async () => {
    const served = await serve(t);
    const client = await newClient(t, rawId(demo.acme), ['organization:read']);
    const subscriber = await subscribe(served, transport, await tokenOf(t, client), EVENTS, { org: demo.acme });
    await untilListening(t, 1);
    await renameAcme(`Heard by the client ${transport}`);
    expect((await subscriber.next()).data.organizationEvents.type).toBe('organization.updated');
    await t.prisma.client.delete({ where: { id: client.oauthClientId } });
    await renameAcme(`Not heard by the client ${transport}`);
    expect((await subscriber.next()).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await subscriber.ended;
    await untilListening(t, 0);
    await served.shutdown();
  });

  it('answer a bad token with UNAUTHENTICATED', async () => {
    const served = await serve(t);
    const subscriber = await subscribe(served, transport, 'not-a-token', EVENTS, { org: demo.acme });
    expect((await subscriber.next()).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await served.shutdown();
  });
});

describe('without the events runtime', () => {
  it('a subscription answers SERVICE_UNAVAILABLE, over both transports', async () => {
    const quiet = await createTestApp();
    const acme = (await seedDemo(quiet)).acme;
    const served = await serve(quiet);
    for (const transport of ['sse', 'ws'] as const) {
      const subscriber = await subscribe(served, transport, await quiet.tokenFor(ALICE), EVENTS, { org: acme });
      const result = await subscriber.next();
      expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['SERVICE_UNAVAILABLE', 'Subscriptions are unavailable: events are not running on this server'],
      ]);
    }
    await served.shutdown();
    await quiet.close();
  });
});
