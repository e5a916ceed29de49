import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { expectMutationDenied, expectReadDenied, NODE_ID } from '../helpers/denied.js';
import { gid, rawId } from '../helpers/ids.js';
import { expectAuditedMutation, mutate, runMutation } from '../helpers/mutations.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { listing } from '../helpers/statement-counts.js';
import { CREATE, createEndpoint, DELETE, DELIVERIES, ENDPOINT_FIELDS, REDELIVER, ROTATE, snapshot, UPDATE } from './support.js';

// Webhook endpoints through GraphQL, without the events runtime: the secret shown once, the URL
// and filter rules, the changes and their audit entries, who may do what, and the delivery log.

let t: TestApp;
let o: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER' });
  other = await newOrg(t, { owner: 'OWNER' });
});
afterAll(() => t.close());

const create = (input: Record<string, unknown>, as = o.email.owner!) => createEndpoint(t, as, { organizationId: o.org, ...input });

describe('creating and the secret', () => {
  it('shows a Standard Webhooks secret once, keeps only its last characters readable, and stores it encrypted', async () => {
    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE,
      { organizationId: o.org, url: 'https://hooks.example.com/in', description: 'CRM', eventTypes: ['member.*', 'invitation.created'] },
      o.email.admin!,
      { payload: 'CreateWebhookEndpointPayload', action: 'webhook.create', organizationId: o.orgId, targetType: 'WebhookEndpoint' },
    );
    const secret: string = result.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(result.webhookEndpoint).toMatchObject({
      url: 'https://hooks.example.com/in',
      description: 'CRM',
      eventTypes: ['member.*', 'invitation.created'],
      enabled: true,
      secretLastChars: secret.slice(-4),
      viewerCan: { update: true, rotateSecret: true, delete: true, redeliver: true },
    });
    // Nowhere readable again: not by the API, not in the audit entry, not in the row as written.
    const read = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { ${ENDPOINT_FIELDS} } } }`,
      { id: result.webhookEndpoint.id },
      { as: o.email.owner },
    );
    expect(JSON.stringify(expectData(read))).not.toContain(secret.slice(6, 20));
    expect(JSON.stringify(entry)).not.toContain(secret.slice(6, 20));
    const row = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: rawId(result.webhookEndpoint.id) }, omit: { secretCiphertext: false } });
    expect(row.secretCiphertext).not.toContain(secret.slice(6, 20));
    expect(row.secretCiphertext.split('.')).toHaveLength(3);
  });

  it('rotates the secret: a new one, shown once, with new last characters', async () => {
    const { id, secret } = await create({ url: 'https://rotate.example.com/in' });
    const { result, entry } = await expectAuditedMutation(t, ROTATE, { webhookEndpointId: id }, o.email.owner!, {
      payload: 'RotateWebhookEndpointSecretPayload',
      action: 'webhook.rotate_secret',
      organizationId: o.orgId,
      targetType: 'WebhookEndpoint',
      targetId: rawId(id),
    });
    expect(result.secret).toMatch(/^whsec_/);
    expect(result.secret).not.toBe(secret);
    expect(result.webhookEndpoint.secretLastChars).toBe(result.secret.slice(-4));
    expect(entry.changes).toEqual({ secretLastChars: { from: secret.slice(-4), to: result.secret.slice(-4) } });
  });
});

describe('URL rules (SSRF) when saving', () => {
  const refused = [
    'http://hooks.example.com/in', // http, not loopback
    'http://127.0.0.1:8080/in', // loopback over http, without WEBHOOK_ALLOW_LOOPBACK
    'https://localhost/in',
    'https://LocalHost./in',
    'https://api.localhost/in',
    'https://127.0.0.1/in',
    'https://[::1]/in',
    'https://10.1.2.3/in',
    'https://192.168.0.10/in',
    'https://172.16.5.4/in',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/in',
    'https://[fd00::1]/in',
    'https://[fe80::1]/in',
    'https://[::ffff:10.0.0.1]/in',
    'https://0.0.0.0/in',
    'https://224.0.0.1/in',
    'https://0x7f.1/in', // 127.0.0.1 written another way
    'ftp://hooks.example.com/in',
    'https://user:pass@hooks.example.com/in',
    'not a url',
  ];
  for (const url of refused) {
    it(`refuses ${url}`, async () => {
      const before = await snapshot(t);
      const result = await mutate(t, CREATE, { organizationId: o.org, url }, o.email.owner);
      expect(result).toMatchObject({ __typename: 'ValidationError', fields: [{ path: ['input', 'url'] }] });
      expect(await snapshot(t)).toEqual(before);
    });
  }

  it('accepts https to a public name or address, and refuses the same rules on update', async () => {
    const { id } = await create({ url: 'https://93.184.215.14/in' });
    const result = await mutate(t, UPDATE, { webhookEndpointId: id, url: 'https://10.0.0.1/in' }, o.email.owner);
    expect(result).toMatchObject({ __typename: 'ValidationError', fields: [{ path: ['input', 'url'] }] });
  });

  it('accepts loopback over http and private networks only when the settings allow them', async () => {
    const open = await createTestApp({ WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    try {
      const org = await newOrg(open, { owner: 'OWNER' });
      for (const url of ['http://127.0.0.1:8080/in', 'http://localhost:8080/in', 'https://10.1.2.3/in', 'https://[fd00::1]/in']) {
        await createEndpoint(open, org.email.owner, { organizationId: org.org, url });
      }
      // http stays loopback-only, and an unspecified address is refused whatever the settings.
      for (const url of ['http://10.1.2.3/in', 'https://0.0.0.0/in']) {
        expect(await mutate(open, CREATE, { organizationId: org.org, url }, org.email.owner)).toMatchObject({ __typename: 'ValidationError' });
      }
    } finally {
      await open.close();
    }
  });
});

describe('event type filters', () => {
  it('takes exact types and prefixes, refusing names of no event type', async () => {
    const { endpoint } = await create({ url: 'https://filters.example.com/in', eventTypes: ['member.added', 'stack.*', 'member.added'] });
    expect(endpoint.eventTypes).toEqual(['member.added', 'stack.*']);
    const result = await mutate(
      t,
      CREATE,
      { organizationId: o.org, url: 'https://filters.example.com/in', eventTypes: ['member.add', 'nope.*'] },
      o.email.owner,
    );
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ path: ['input', 'eventTypes', '0'] }, { path: ['input', 'eventTypes', '1'] }],
    });
  });
});

describe('updating and deleting', () => {
  it('updates URL, description, filter and enabled flag, the audit entry naming what changed', async () => {
    const { id } = await create({ url: 'https://update.example.com/in', eventTypes: ['member.*'] });
    const { result, entry } = await expectAuditedMutation(
      t,
      UPDATE,
      { webhookEndpointId: id, url: 'https://update.example.com/v2', eventTypes: ['stack.*'], enabled: false },
      o.email.admin!,
      { payload: 'UpdateWebhookEndpointPayload', action: 'webhook.update', organizationId: o.orgId, targetType: 'WebhookEndpoint', targetId: rawId(id) },
    );
    expect(result.webhookEndpoint).toMatchObject({ url: 'https://update.example.com/v2', eventTypes: ['stack.*'], enabled: false });
    expect(entry.changes).toEqual({
      url: { from: 'https://update.example.com/in', to: 'https://update.example.com/v2' },
      eventTypes: { from: ['member.*'], to: ['stack.*'] },
      enabled: { from: true, to: false },
    });
  });

  it('deletes an endpoint with its delivery log', async () => {
    const { id } = await create({ url: 'https://delete.example.com/in' });
    await t.prisma.webhookDelivery.create({
      data: { organizationId: o.orgId, endpointId: rawId(id), eventId: 'e-delete', eventType: 'member.added', payload: '{}' },
    });
    const { result } = await expectAuditedMutation(t, DELETE, { webhookEndpointId: id }, o.email.owner!, {
      payload: 'DeleteWebhookEndpointPayload',
      action: 'webhook.delete',
      organizationId: o.orgId,
      targetType: 'WebhookEndpoint',
      targetId: rawId(id),
    });
    expect(result).toMatchObject({ deletedWebhookEndpointId: id, organizationId: o.org });
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: rawId(id) } })).toBe(0);
  });

  it('redelivery is refused (CONFLICT) while the endpoint is disabled', async () => {
    const { id } = await create({ url: 'https://disabled.example.com/in', enabled: false });
    const delivery = await t.prisma.webhookDelivery.create({
      data: { organizationId: o.orgId, endpointId: rawId(id), eventId: 'e-disabled', eventType: 'member.added', payload: '{}', status: 'FAILED', attempts: 5 },
    });
    const before = await snapshot(t);
    const result = await mutate(t, REDELIVER, { webhookDeliveryId: gid('WebhookDelivery', delivery.id) }, o.email.owner);
    expect(result).toMatchObject({ __typename: 'ConflictError' });
    expect(await snapshot(t)).toEqual(before);
  });
});

describe('who may', () => {
  it('refuses every mutation to another organization’s owner (NOT_FOUND), a member without webhook:write (FORBIDDEN) and anonymous callers', async () => {
    const { id } = await create({ url: 'https://denied.example.com/in' });
    const delivery = await t.prisma.webhookDelivery.create({
      data: { organizationId: o.orgId, endpointId: rawId(id), eventId: 'e-denied', eventType: 'member.added', payload: '{}', status: 'FAILED' },
    });
    const who = { outsider: other.email.owner!, member: o.email.member! };
    const cases: [string, Record<string, unknown>][] = [
      [UPDATE, { webhookEndpointId: id, description: 'x' }],
      [ROTATE, { webhookEndpointId: id }],
      [DELETE, { webhookEndpointId: id }],
      [REDELIVER, { webhookDeliveryId: gid('WebhookDelivery', delivery.id) }],
    ];
    for (const [document, input] of cases) {
      const notFound = await expectMutationDenied(t, snapshot, document, input, who);
      expect(notFound.resource).toMatch(/Webhook (endpoint|delivery)/);
    }
    // Creating in an organization the caller cannot see: NOT_FOUND; without the scope: FORBIDDEN.
    const notFound = await expectMutationDenied(t, snapshot, CREATE, { organizationId: o.org, url: 'https://denied.example.com/new' }, who);
    expect(notFound.resource).toBe('Organization');
  });

  it('refuses a service client without webhook:write, and one of another organization', async () => {
    const { id } = await create({ url: 'https://clients.example.com/in' });
    const reader = { token: await clientToken(t, o.orgId, ['organization:read', 'webhook:read']) };
    const foreign = { token: await clientToken(t, other.orgId, ['organization:read', 'webhook:read', 'webhook:write']) };
    for (const [as, expected] of [
      [reader, 'ForbiddenError'],
      [foreign, 'NotFoundError'],
    ] as const) {
      const before = await snapshot(t);
      expect((await runMutation(t, ROTATE, { webhookEndpointId: id }, as)).result).toMatchObject({ __typename: expected });
      expect((await runMutation(t, CREATE, { organizationId: o.org, url: 'https://clients.example.com/new' }, as)).result).toMatchObject({
        __typename: expected,
      });
      expect(await snapshot(t)).toEqual(before);
    }
    const writer = { token: await clientToken(t, o.orgId, ['organization:read', 'webhook:read', 'webhook:write']) };
    expect((await runMutation(t, ROTATE, { webhookEndpointId: id }, writer)).result).toMatchObject({ __typename: 'RotateWebhookEndpointSecretPayload' });
  });

  it('hides endpoints from outsiders (NOT_FOUND) and refuses them to members without webhook:read', async () => {
    const { id } = await create({ url: 'https://hidden.example.com/in' });
    await expectReadDenied(
      t,
      {
        object: [`query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { url secretLastChars } } }`, { id }],
        objectField: 'node',
        node: [NODE_ID, { id }],
        list: [`query($id: ID!) { organization(id: $id) { webhookEndpoints { edges { node { id } } } } }`, { id: o.org }],
        listField: 'webhookEndpoints',
      },
      { outsider: other.email.owner!, member: o.email.member! },
    );
  });
});

describe('the delivery log', () => {
  it('lists deliveries newest first, filtered by status, in a fixed number of statements whatever the log size', async () => {
    const org = await newOrg(t, { owner: 'OWNER' });
    const endpoints = [];
    for (const n of [1, 2, 3]) endpoints.push(await createEndpoint(t, org.email.owner, { organizationId: org.org, url: `https://log${n}.example.com/in` }));
    const base = Date.now() - 3_600_000;
    for (const [n, endpoint] of endpoints.entries()) {
      await t.prisma.webhookDelivery.createMany({
        data: Array.from({ length: 30 * (n + 1) }, (_, i) => ({
          organizationId: org.orgId,
          endpointId: rawId(endpoint.id),
          eventId: `e${n}-${i}`,
          eventType: 'member.added',
          payload: JSON.stringify({ i }),
          status: i % 3 === 0 ? ('FAILED' as const) : ('SUCCEEDED' as const),
          createdAt: new Date(base + i * 1000),
        })),
      });
    }
    const page = await t.gql(DELIVERIES, { id: endpoints[0]!.id, status: 'FAILED', first: 3 }, { as: org.email.owner });
    const deliveries = expectData<any>(page).node.deliveries;
    expect(deliveries.totalCount).toBe(10);
    expect(deliveries.edges.map((edge: any) => edge.node.eventId)).toEqual(['e0-27', 'e0-24', 'e0-21']);
    expect(deliveries.edges[0].node.payload).toEqual({ i: 27 });

    const query = `query($id: ID!) { organization(id: $id) { webhookEndpoints(first: 10) { edges { node { id deliveries(first: 2) { edges { node { id status } } } } } } } }`;
    const rowsRead: number[] = [];
    const { result, count, rows, statements } = await t.counter.during(() => t.gql(query, { id: org.org }, { as: org.email.owner }));
    const data = expectData<any>(result);
    for (const edge of data.organization.webhookEndpoints.edges) rowsRead.push(edge.node.deliveries.edges.length);
    expect(rowsRead).toEqual([2, 2, 2]);
    // Authentication and standing, the organization, the endpoints' page, the deliveries' page of every endpoint at once.
    expect(count, listing({ count, statements })).toBeLessThanOrEqual(5);
    expect(statements.filter((s) => s.includes('"WebhookDelivery"'))).toHaveLength(1);
    // Rows follow the pages (3 endpoints, 2 deliveries each, plus one look-ahead row per page), not the 180 deliveries.
    expect(rows).toBeLessThanOrEqual(20);
  });
});
