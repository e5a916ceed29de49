import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { expectData } from '../helpers/app.js';
import { addUserTo, ALICE, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { untilListening } from './listening.js';
import { serve, type Served } from './serve.js';
import { subscribe, type Transport } from './subscriber.js';
import { renameOrganization } from '../helpers/rename-organization.js';

// Authorization is checked again for every event, against the database: a member removed while
// subscribed receives nothing more of the organization. Its stream ends with NOT_FOUND (the
// organization no longer exists for it), and its listener goes.

const EVENTS = 'subscription($org: ID!) { organizationEvents(organizationId: $org) { type nodeType } }';
const PRINCIPAL_CACHE = { PRINCIPAL_CACHE_SECONDS: '300' };

let t: TestApp;
let demo: Demo;
let served: Served;
beforeAll(async () => {
  // The token cache is on: it must not let a removed member keep receiving.
  ({ t, demo } = await createDemoApp(PRINCIPAL_CACHE, { events: true }));
  served = await serve(t);
});
afterAll(async () => {
  await served.shutdown();
  await t.close();
});

const renameAcme = (name: string) => renameOrganization(t, demo.acme, name, ALICE);

describe.each<Transport>(['sse', 'ws'])('a member removed mid-subscription, over %s', (transport) => {
  it('receives what happened before, then a last NOT_FOUND, and the stream ends', async () => {
    const email = `removed-${transport}@acme.test`;
    const memberId = await addUserTo(t, demo.acme, email, 'MEMBER');
    const watcher = await subscribe(served, transport, await t.tokenFor(ALICE), EVENTS, { org: demo.acme });
    const removed = await subscribe(served, transport, await t.tokenFor(email), EVENTS, { org: demo.acme });
    await untilListening(t, 2);

    await renameAcme(`Before ${transport}`);
    expect((await removed.next()).data.organizationEvents.type).toBe('organization.updated');

    const removal = await t.gql('mutation($id: ID!) { removeMember(input: { memberId: $id }) { __typename } }', { id: memberId }, { as: ALICE });
    expect(expectData(removal).removeMember.__typename).toMatch(/Payload$/);
    await renameAcme(`After ${transport}`);

    // Its own removal is the first event it is no longer allowed: refused, and the end.
    const last = await removed.next();
    expect(last.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(last.data ?? null).toBeNull();
    await removed.ended;
    expect(removed.pending()).toBe(0);

    // The owner still receives both.
    expect((await watcher.next()).data.organizationEvents.type).toBe('organization.updated');
    expect((await watcher.next()).data.organizationEvents.type).toBe('member.removed');
    expect((await watcher.next()).data.organizationEvents.type).toBe('organization.updated');
    await untilListening(t, 1);
    await watcher.close();
    await untilListening(t, 0);
  });
});
