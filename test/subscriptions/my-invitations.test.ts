import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { expectData } from '../helpers/app.js';
import { CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { untilListening } from './listening.js';
import { serve, type Served } from './serve.js';
import { subscribe, type Transport } from './subscriber.js';

const MINE = 'subscription { myInvitations { type nodeType nodeId invitation { id email role status organization { name } } } }';

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

const invite = async (email: string) =>
  expectData(
    await t.gql(
      'mutation($org: ID!, $email: String!) { inviteMember(input: { organizationId: $org, email: $email, role: MEMBER }) { __typename ... on InviteMemberPayload { invitation { id } } } }',
      { org: demo.globex, email },
      { as: CAROL },
    ),
  ).inviteMember.invitation.id as string;

describe.each<Transport>(['sse', 'ws'])('myInvitations over %s', (transport) => {
  it('sends the invitations addressed to me, single, bulk and resent, and no one else’s', async () => {
    const me = `invitee-${transport}@example.test`;
    const mine = await subscribe(served, transport, await t.tokenFor(me), MINE);
    await untilListening(t, 1);

    await invite(`someone-else-${transport}@example.test`);
    const single = await invite(me.toUpperCase());
    const first = await mine.next();
    expect(first.errors).toBeUndefined();
    expect(first.data.myInvitations).toEqual({
      type: 'invitation.created',
      nodeType: 'Invitation',
      nodeId: single,
      invitation: { id: single, email: me, role: 'MEMBER', status: 'PENDING', organization: { name: 'Globex' } },
    });

    await t.gql('mutation($id: ID!) { resendInvitation(input: { invitationId: $id }) { __typename } }', { id: single }, { as: CAROL });
    expect((await mine.next()).data.myInvitations).toMatchObject({ type: 'invitation.resent', nodeId: single });

    const other = `bulk-${transport}@example.test`;
    const bulkMe = `bulk-me-${transport}@example.test`;
    const bulkSubscriber = await subscribe(served, transport, await t.tokenFor(bulkMe), MINE);
    await untilListening(t, 2);
    const bulk = await t.gql(
      'mutation($org: ID!, $a: String!, $b: String!) { inviteMembers(input: { organizationId: $org, invitations: [{ email: $a, role: GUEST }, { email: $b, role: GUEST }] }) { __typename } }',
      { org: demo.globex, a: other, b: bulkMe },
      { as: CAROL },
    );
    expect(bulk.errors).toBeUndefined();
    const fromBulk = await bulkSubscriber.next();
    expect(fromBulk.data.myInvitations).toMatchObject({
      type: 'invitation.bulk_created',
      nodeType: 'Invitation',
      invitation: { email: bulkMe, role: 'GUEST' },
    });
    expect(mine.pending()).toBe(0);
    expect(bulkSubscriber.pending()).toBe(0);
    await mine.close();
    await bulkSubscriber.close();
    await untilListening(t, 0);
  });
});
