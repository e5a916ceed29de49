import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import ipaddr from 'ipaddr.js';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayEvents } from '../../src/events/replay.js';
import { startEvents } from '../../src/events/runtime.js';
import { createLogger } from '../../src/log/logger.js';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { gid, rawId } from '../helpers/ids.js';
import { mutate } from '../helpers/mutations.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { Receiver } from './receiver.js';
import { createEndpoint, DELETE, DELIVERIES, eventually, REDELIVER, UPDATE } from './support.js';

// Deliveries end to end: the events runtime relays each committed change to the webhook consumer,
// which POSTs it to a receiver on 127.0.0.1 that checks the signature with the standardwebhooks
// library. Retries are shortened by the settings (1 s, then 2 s at most, 4 retries).

const ENV = {
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  WEBHOOK_RETRY_LIMIT: '4',
  WEBHOOK_RETRY_DELAY_SECONDS: '1',
  WEBHOOK_RETRY_DELAY_MAX_SECONDS: '2',
  WEBHOOK_TIMEOUT_MS: '1000',
};

let t: TestApp;
let receiver: Receiver;
beforeAll(async () => {
  t = await createTestApp(ENV, { events: true });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await t.close();
  await receiver.close().catch(() => {});
});

/** A fresh organization, and a service client of it (another principal than the endpoint's creator) that renames it. */
async function organizationWithClient(): Promise<{ org: TestOrg; rename: (name: string) => Promise<void>; clientId: string }> {
  const org = await newOrg(t, { owner: 'OWNER' });
  const token = await clientToken(t, org.orgId, ['organization:read', 'organization:write']);
  const rename = async (name: string) => {
    const result = await mutate(
      t,
      `mutation($input: UpdateOrganizationInput!) { result: updateOrganization(input: $input) { __typename } }`,
      { organizationId: org.org, name },
      { token },
    );
    expect(result.__typename).toBe('UpdateOrganizationPayload');
  };
  const client = await t.prisma.client.findFirstOrThrow({ where: { organizationId: org.orgId } });
  return { org, rename, clientId: client.id };
}

async function deliveriesOf(endpointId: string, as: string) {
  return expectData<any>(await t.gql(DELIVERIES, { id: endpointId, first: 10 }, { as })).node.deliveries.edges.map((edge: any) => edge.node);
}

const row = (endpointId: string) => t.prisma.webhookDelivery.findFirst({ where: { endpointId: rawId(endpointId) }, orderBy: { createdAt: 'desc' } });

describe('a delivery', () => {
  it('is POSTed once per matching enabled endpoint, signed per Standard Webhooks, and logged SUCCEEDED', async () => {
    const { org, rename, clientId } = await organizationWithClient();
    const owner = org.email.owner!;
    const all = await createEndpoint(t, owner, { organizationId: org.org, url: receiver.url('/all') });
    const organizations = await createEndpoint(t, owner, { organizationId: org.org, url: receiver.url('/organizations'), eventTypes: ['organization.*'] });
    const members = await createEndpoint(t, owner, { organizationId: org.org, url: receiver.url('/members'), eventTypes: ['member.*'] });
    const disabled = await createEndpoint(t, owner, { organizationId: org.org, url: receiver.url('/disabled'), enabled: false });
    // By name: resolved, checked, and connected to through the address that was checked.
    const byName = await createEndpoint(t, owner, {
      organizationId: org.org,
      url: `http://localhost:${receiver.port}/by-name`,
      eventTypes: ['organization.updated'],
    });

    await rename('Renamed by a service');
    await eventually(
      () =>
        receiver.at('/organizations').length === 1 &&
        receiver.at('/by-name').length === 1 &&
        receiver.at('/all').some((r) => r.body.includes('organization.updated')),
    );
    await t.events!.relay.idle();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.at('/members')).toEqual([]);
    expect(receiver.at('/disabled')).toEqual([]);

    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.orgId, action: 'organization.update' } });
    const [received] = receiver.at('/organizations');
    expect(received!.headers['webhook-id']).toBe(entry.id);
    expect(received!.headers['content-type']).toBe('application/json');
    const payload = new Webhook(organizations.secret).verify(received!.body, received!.headers as Record<string, string>);
    expect(payload).toEqual({
      id: entry.id,
      type: 'organization.updated',
      timestamp: entry.createdAt.toISOString(),
      data: {
        organizationId: org.org,
        actor: { type: 'CLIENT', id: gid('Client', clientId) },
        target: { type: 'Organization', id: org.org },
        changes: { name: { from: expect.any(String), to: 'Renamed by a service' } },
      },
    });
    // Another endpoint's secret does not verify it.
    expect(() => new Webhook(all.secret).verify(received!.body, received!.headers as Record<string, string>)).toThrow();

    const [logged] = await deliveriesOf(organizations.id, owner);
    expect(logged).toMatchObject({
      eventId: entry.id,
      eventType: 'organization.updated',
      status: 'SUCCEEDED',
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(logged.payload).toEqual(payload);
    const [named] = receiver.at('/by-name');
    expect(new Webhook(byName.secret).verify(named!.body, named!.headers as Record<string, string>)).toEqual(payload);
    expect(await deliveriesOf(members.id, owner)).toEqual([]);
    expect(await deliveriesOf(disabled.id, owner)).toEqual([]);
  });

  it('is retried with backoff after an error status, a timeout and a closed receiver, then succeeds when the receiver is back', async () => {
    const { org, rename } = await organizationWithClient();
    const endpoint = await createEndpoint(t, org.email.owner!, { organizationId: org.org, url: receiver.url('/flaky'), eventTypes: ['organization.updated'] });
    receiver.answers.set('/flaky', 500);
    await rename('Flaky 1');

    await eventually(() => receiver.at('/flaky').length === 1);
    await eventually(async () => (await row(endpoint.id))?.attempts === 1);
    expect(await row(endpoint.id)).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect((await row(endpoint.id))!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1000);

    receiver.answers.set('/flaky', 'hang');
    await eventually(() => receiver.at('/flaky').length === 2);
    await eventually(async () => (await row(endpoint.id))?.attempts === 2);
    expect(await row(endpoint.id)).toMatchObject({ status: 'PENDING', attempts: 2, lastStatusCode: null, lastError: 'no answer within 1000 ms' });

    // The receiver goes away: the next attempt finds nobody listening.
    await receiver.close();
    await eventually(async () => (await row(endpoint.id))?.attempts === 3, 20_000);
    expect(await row(endpoint.id)).toMatchObject({ status: 'PENDING', attempts: 3, lastStatusCode: null, lastError: expect.stringMatching(/ECONNREFUSED/) });

    receiver.answers.set('/flaky', 200);
    await receiver.listen();
    await eventually(async () => (await row(endpoint.id))?.status === 'SUCCEEDED', 20_000);
    expect(await row(endpoint.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 4, lastStatusCode: 200, lastError: null, nextAttemptAt: null });

    // Each attempt carried the same webhook-id and a valid signature; the waits grew (backoff: 1 s, then 2 s at least).
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    for (const attempt of attempts) new Webhook(endpoint.secret).verify(attempt.body, attempt.headers as Record<string, string>);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('ends FAILED after the last retry, and a redelivery starts a new series with the same webhook-id', async () => {
    const { org, rename } = await organizationWithClient();
    const owner = org.email.owner!;
    const endpoint = await createEndpoint(t, owner, { organizationId: org.org, url: receiver.url('/down'), eventTypes: ['organization.updated'] });
    receiver.answers.set('/down', 503);
    await rename('Down');
    await eventually(async () => (await row(endpoint.id))?.status === 'FAILED', 40_000);
    expect(await row(endpoint.id)).toMatchObject({ status: 'FAILED', attempts: 5, lastStatusCode: 503, nextAttemptAt: null });
    expect(receiver.at('/down')).toHaveLength(5);
    const gaps = receiver
      .at('/down')
      .map((attempt, i, all) => (i ? attempt.at - all[i - 1]!.at : 0))
      .slice(1);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);

    receiver.answers.set('/down', 202);
    const delivery = (await row(endpoint.id))!;
    const result = await mutate(t, REDELIVER, { webhookDeliveryId: gid('WebhookDelivery', delivery.id) }, owner);
    expect(result.webhookDelivery).toMatchObject({ status: 'PENDING', attempts: 0 });
    await eventually(async () => (await row(endpoint.id))?.status === 'SUCCEEDED', 20_000);
    expect(await row(endpoint.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 1, lastStatusCode: 202 });
    const all = receiver.at('/down');
    expect(all).toHaveLength(6);
    expect(all[5]!.headers['webhook-id']).toBe(all[0]!.headers['webhook-id']);
    new Webhook(endpoint.secret).verify(all[5]!.body, all[5]!.headers as Record<string, string>);
    expect(await t.prisma.auditLog.count({ where: { action: 'webhook.delivery.redeliver', targetId: delivery.id } })).toBe(1);
  });

  it('is sent again, with its webhook-id, when its event is replayed', async () => {
    const { org, rename } = await organizationWithClient();
    const endpoint = await createEndpoint(t, org.email.owner!, {
      organizationId: org.org,
      url: receiver.url('/replayed'),
      eventTypes: ['organization.updated'],
    });
    await rename('Replayed');
    await eventually(async () => (await row(endpoint.id))?.status === 'SUCCEEDED');
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.orgId, action: 'organization.update' } });
    expect(await replayEvents(t.prisma, { since: entry.createdAt, organizationId: org.orgId })).toBe(1);
    await eventually(() => receiver.at('/replayed').length === 2);
    const [first, second] = receiver.at('/replayed');
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(new Webhook(endpoint.secret).verify(second!.body, second!.headers as Record<string, string>)).toMatchObject({ id: entry.id });
    // The same delivery, a new series of attempts.
    await eventually(async () => (await row(endpoint.id))?.status === 'SUCCEEDED');
    expect(await t.prisma.webhookDelivery.findMany({ where: { endpointId: rawId(endpoint.id) } })).toMatchObject([{ eventId: entry.id, attempts: 1 }]);
  });

  it('stops when its endpoint is disabled or deleted', async () => {
    const { org, rename } = await organizationWithClient();
    const owner = org.email.owner!;
    const disabled = await createEndpoint(t, owner, { organizationId: org.org, url: receiver.url('/to-disable'), eventTypes: ['organization.updated'] });
    const deleted = await createEndpoint(t, owner, { organizationId: org.org, url: receiver.url('/to-delete'), eventTypes: ['organization.updated'] });
    receiver.answers.set('/to-disable', 500);
    receiver.answers.set('/to-delete', 500);
    await rename('Soon disabled');
    await eventually(() => receiver.at('/to-disable').length === 1 && receiver.at('/to-delete').length === 1);
    expect((await mutate(t, UPDATE, { webhookEndpointId: disabled.id, enabled: false }, owner)).__typename).toBe('UpdateWebhookEndpointPayload');
    expect((await mutate(t, DELETE, { webhookEndpointId: deleted.id }, owner)).__typename).toBe('DeleteWebhookEndpointPayload');
    await eventually(async () => (await row(disabled.id))?.status === 'FAILED', 20_000);
    expect(await row(disabled.id)).toMatchObject({ status: 'FAILED', lastError: 'the endpoint is disabled', nextAttemptAt: null });
    // The next retries came and went without a request.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(receiver.at('/to-disable')).toHaveLength(1);
    expect(receiver.at('/to-delete')).toHaveLength(1);
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: rawId(deleted.id) } })).toBe(0);
  });
});

describe('addresses refused at delivery (SSRF)', () => {
  it('refuses a name that resolves to a loopback or private address, once, without a request and without retries', async () => {
    // This machine's own name: accepted when saved (a name, not an address), but it resolves to
    // an address of this machine, as a rebinding attacker's name would.
    const name = hostname().toLowerCase();
    const [resolved] = await lookup(name, { all: true });
    expect(ipaddr.process(resolved!.address).range()).not.toBe('unicast');

    const strict = await createTestApp({ ...ENV, WEBHOOK_ALLOW_LOOPBACK: 'false' }, { events: true });
    try {
      const org = await newOrg(strict, { owner: 'OWNER' });
      const endpoint = await createEndpoint(strict, org.email.owner!, {
        organizationId: org.org,
        url: `https://${name}:${receiver.port}/rebound`,
        eventTypes: ['webhook.*'],
      });
      // The endpoint's own rotation is an event it is subscribed to.
      await mutate(
        strict,
        `mutation($input: WebhookEndpointIdInput!) { result: rotateWebhookEndpointSecret(input: $input) { __typename } }`,
        { webhookEndpointId: endpoint.id },
        org.email.owner!,
      );
      const failed = async () => strict.prisma.webhookDelivery.findFirst({ where: { endpointId: rawId(endpoint.id), status: 'FAILED' } });
      await eventually(async () => (await failed()) !== null, 20_000);
      expect(await failed()).toMatchObject({
        attempts: 1,
        lastStatusCode: null,
        lastError: expect.stringMatching(/^address refused: .* resolves to /),
        nextAttemptAt: null,
      });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(await strict.prisma.webhookDelivery.findFirst({ where: { endpointId: rawId(endpoint.id) } })).toMatchObject({ attempts: 1 });
      expect(receiver.at('/rebound')).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two servers on one PostgreSQL', () => {
  it('deliver each event once between them', async () => {
    const other = await startEvents({
      db: t.database.db,
      config: t.config,
      signingKey: t.signingKey,
      logger: createLogger({ level: 'error', format: 'json' }),
    });
    try {
      const { org, rename } = await organizationWithClient();
      const endpoint = await createEndpoint(t, org.email.owner!, {
        organizationId: org.org,
        url: receiver.url('/shared'),
        eventTypes: ['organization.updated'],
      });
      await Promise.all(Array.from({ length: 10 }, (_, n) => rename(`Shared ${n}`)));
      await eventually(async () => (await t.prisma.webhookDelivery.count({ where: { endpointId: rawId(endpoint.id), status: 'SUCCEEDED' } })) === 10, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const ids = receiver.at('/shared').map((request) => request.headers['webhook-id']);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
      expect(await t.prisma.webhookDelivery.findMany({ where: { endpointId: rawId(endpoint.id) }, select: { attempts: true } })).toEqual(
        Array.from({ length: 10 }, () => ({ attempts: 1 })),
      );
    } finally {
      await other.stop(1_000);
    }
  });
});
