import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { expectData } from '../helpers/app.js';
import { addUserTo, ALICE, BOB, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { untilListening } from './listening.js';
import { serve, type Served } from './serve.js';
import { subscribe, type Transport } from './subscriber.js';
import { renameOrganization } from '../helpers/rename-organization.js';

const EVENTS = `subscription($org: ID!, $types: [String!]) {
  organizationEvents(organizationId: $org, types: $types) {
    eventId type occurredAt nodeType nodeId organizationId
    node { id ... on Group { name } ... on Organization { name } }
    auditLogEntry { action changes actorId }
  }
}`;

const ADMIN = 'erin@acme.test';
const GUEST = 'gus@acme.test';

let t: TestApp;
let demo: Demo;
let served: Served;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp({}, { events: true }));
  await addUserTo(t, demo.acme, ADMIN, 'ADMIN');
  await addUserTo(t, demo.acme, GUEST, 'GUEST');
  served = await serve(t);
});
afterAll(async () => {
  await served.shutdown();
  await t.close();
});

const createGroup = async (name: string) =>
  expectData(
    await t.gql(
      `mutation($org: ID!, $name: String!) { createGroup(input: { organizationId: $org, name: $name }) { __typename ... on CreateGroupPayload { group { id } } } }`,
      { org: demo.acme, name },
      { as: ADMIN },
    ),
  );
const rename = (name: string) => renameOrganization(t, demo.acme, name, ADMIN);

describe.each<Transport>(['sse', 'ws'])('organizationEvents over %s', (transport) => {
  it('sends the changes another principal commits, in order, with what a cache needs', async () => {
    const owner = await subscribe(served, transport, await t.tokenFor(ALICE), EVENTS, { org: demo.acme });
    await untilListening(t, 1);
    const group = await createGroup(`Group ${transport}`);
    await rename(`Acme ${transport}`);
    await createGroup(`Second ${transport}`);

    const first = await owner.next();
    const second = await owner.next();
    const third = await owner.next();
    expect([first, second, third].map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect([first, second, third].map((r) => r.data.organizationEvents.type)).toEqual(['group.created', 'organization.updated', 'group.created']);
    const event = first.data.organizationEvents;
    expect(event).toMatchObject({
      nodeType: 'Group',
      nodeId: (group as any).createGroup.group.id,
      organizationId: demo.acme,
      node: { id: (group as any).createGroup.group.id, name: `Group ${transport}` },
      auditLogEntry: { action: 'group.create' },
    });
    expect(event.eventId).toEqual(expect.any(String));
    expect(new Date(event.occurredAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(second.data.organizationEvents.node).toEqual({ id: demo.acme, name: `Acme ${transport}` });
    await owner.close();
    await untilListening(t, 0);
  });

  it('filters by type and by prefix', async () => {
    const groupsOnly = await subscribe(served, transport, await t.tokenFor(ALICE), EVENTS, { org: demo.acme, types: ['group.*'] });
    const renames = await subscribe(served, transport, await t.tokenFor(ALICE), EVENTS, { org: demo.acme, types: ['organization.updated'] });
    await untilListening(t, 2);
    await rename(`Acme filtered ${transport}`);
    await createGroup(`Filtered ${transport}`);
    expect((await groupsOnly.next()).data.organizationEvents.type).toBe('group.created');
    expect((await renames.next()).data.organizationEvents.type).toBe('organization.updated');
    // Nothing else came: the next change of either kind is the next result.
    await rename(`Acme filtered again ${transport}`);
    expect((await renames.next()).data.organizationEvents.type).toBe('organization.updated');
    expect(groupsOnly.pending()).toBe(0);
    await groupsOnly.close();
    await renames.close();
    await untilListening(t, 0);
  });

  it('sends who did what (auditLogEntry) only with audit_log:read', async () => {
    const member = await subscribe(served, transport, await t.tokenFor(BOB), EVENTS, { org: demo.acme, types: ['group.created'] });
    await untilListening(t, 1);
    await createGroup(`Seen by a member ${transport}`);
    const result = await member.next();
    expect(result.errors).toBeUndefined();
    expect(result.data.organizationEvents).toMatchObject({ type: 'group.created', auditLogEntry: null, node: { name: `Seen by a member ${transport}` } });
    await member.close();
    await untilListening(t, 0);
  });

  it('refuses an outsider with NOT_FOUND, a member without the domain’s read scope with FORBIDDEN, an unknown type with BAD_USER_INPUT', async () => {
    const outsider = await subscribe(served, transport, await t.tokenFor(CAROL), EVENTS, { org: demo.acme });
    expect((await outsider.next()).errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const guest = await subscribe(served, transport, await t.tokenFor(GUEST), EVENTS, { org: demo.acme, types: ['stack.*'] });
    expect((await guest.next()).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const typo = await subscribe(served, transport, await t.tokenFor(ALICE), EVENTS, { org: demo.acme, types: ['group.craeted'] });
    expect((await typo.next()).errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const anonymous = await subscribe(served, transport, undefined, EVENTS, { org: demo.acme });
    expect((await anonymous.next()).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    await Promise.all([outsider, guest, typo, anonymous].map((s) => s.ended));
    expect(t.events!.bus.listenerCount).toBe(0);
  });

  it('does not send a guest the events of domains it may not read', async () => {
    const guest = await subscribe(served, transport, await t.tokenFor(GUEST), EVENTS, { org: demo.acme });
    await untilListening(t, 1);
    await createGroup(`Hidden from guests ${transport}`);
    await rename(`Acme seen by guests ${transport}`);
    const result = await guest.next();
    expect(result.data.organizationEvents.type).toBe('organization.updated');
    await guest.close();
    await untilListening(t, 0);
  });
});

describe('the cost of an event', () => {
  // The standing statement (src/auth/standing-statement.ts) is the one that names "s_scopes".
  const standings = (statements: string[]) => statements.filter((sql) => sql.includes('"s_scopes"')).length;
  const ROUNDS = 3;

  it('is one standing statement per subscriber and event (authorization read again, nothing else for the envelope)', async () => {
    const renames = async () => {
      for (let round = 0; round < ROUNDS; round++) await rename(`Counted ${round}`);
    };
    const alone = await t.counter.during(renames);
    const subscribers = await Promise.all(
      [BOB, ALICE].map(async (who) =>
        subscribe(served, 'sse', await t.tokenFor(who), 'subscription($org: ID!) { organizationEvents(organizationId: $org) { type nodeId } }', {
          org: demo.acme,
        }),
      ),
    );
    await untilListening(t, 2);
    const heard = await t.counter.during(async () => {
      await renames();
      for (const subscriber of subscribers)
        for (let round = 0; round < ROUNDS; round++) expect((await subscriber.next()).data.organizationEvents.type).toBe('organization.updated');
    });
    expect(standings(heard.statements) - standings(alone.statements)).toBe(ROUNDS * subscribers.length);
    await Promise.all(subscribers.map((s) => s.close()));
    await untilListening(t, 0);
  });
});
