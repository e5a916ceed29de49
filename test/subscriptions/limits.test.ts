import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { documentId, writeManifest } from '../frontend/support.js';
import { ALICE, createDemoApp } from '../helpers/fixtures.js';
import type { TestApp } from '../helpers/app.js';
import { untilListening } from './listening.js';
import { serve, type Served } from './serve.js';
import { subscribe, type Transport } from './subscriber.js';

// Subscriptions go through the same pipeline as queries: the cost limit and graphql-armor's
// limits over both transports, and trusted documents over WebSocket as over HTTP.

const CHEAP = 'subscription Cheap($org: ID!) { organizationEvents(organizationId: $org) { type } }';
const COSTLY = `subscription Costly($org: ID!) {
  organizationEvents(organizationId: $org) { node { ... on Organization { members(first: 100) { edges { node { id role } } } } } }
}`;

const RENAME = 'mutation Rename($org: ID!) { updateOrganization(input: { organizationId: $org, name: "Trusted" }) { __typename } }';

const apps: { t: TestApp; served: Served }[] = [];
let dir: string;
let acme: string;

async function served(env: Record<string, string>) {
  const { t, demo } = await createDemoApp(env, { events: true });
  acme = demo.acme;
  const entry = { t, served: await serve(t) };
  apps.push(entry);
  return entry;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'orgraph-subscription-documents-'));
});
afterAll(async () => {
  for (const { t, served } of apps) {
    await served.shutdown();
    await t.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('limits', () => {
  it.each<Transport>(['sse', 'ws'])('a subscription above MAX_QUERY_COST is refused over %s, one below it runs', async (transport) => {
    const { t, served: server } = apps[0] ?? (await served({ MAX_QUERY_COST: '50', MAX_QUERY_DEPTH: '7' }));
    const costly = await subscribe(server, transport, await t.tokenFor(ALICE), COSTLY, { org: acme });
    expect((await costly.next()).errors?.map((e) => e.extensions?.code)).toEqual(['COST_LIMIT_EXCEEDED']);
    const deep = await subscribe(server, transport, await t.tokenFor(ALICE), COSTLY.replace('id role', 'id user { memberships { edges { node { id } } } }'), {
      org: acme,
    });
    expect((await deep.next()).errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const cheap = await subscribe(server, transport, await t.tokenFor(ALICE), CHEAP, { org: acme });
    await untilListening(t, 1);
    await cheap.close();
    await untilListening(t, 0);
  });

  it('over WebSocket, TRUSTED_DOCUMENTS_ONLY runs a manifest’s document by id and refuses other texts', async () => {
    const manifest = writeManifest(dir, 'web.json', [CHEAP, RENAME]);
    const { t, served: server } = await served({ TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: 'true' });
    const token = await t.tokenFor(ALICE);
    const byText = await subscribe(server, 'ws', token, CHEAP.replace('type', 'type eventId'), { org: acme });
    expect((await byText.next()).errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);
    const unknown = await subscribe(server, 'ws', token, '', { org: acme }, { documentId: documentId('subscription { x }') });
    expect((await unknown.next()).errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    const byId = await subscribe(server, 'ws', token, '', { org: acme }, { documentId: documentId(CHEAP) });
    await untilListening(t, 1);
    // The change goes through a trusted document too: nothing else runs on this server.
    const renamed = await t.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ documentId: documentId(RENAME), variables: { org: acme } }),
    });
    expect(renamed.status).toBe(200);
    expect((await byId.next()).data.organizationEvents.type).toBe('organization.updated');
    await byId.close();
    await untilListening(t, 0);
  });
});

/** One operation over a WebSocket opened from `localAddress` (loopback addresses stand for different clients). */
async function wsQueryFrom(server: Served, localAddress: string, query: string): Promise<string[]> {
  class FromAddress extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  }
  const client = createClient({ url: server.wsUrl, webSocketImpl: FromAddress, retryAttempts: 0 });
  try {
    const codes: string[] = [];
    for await (const result of client.iterate({ query })) codes.push(...(result.errors ?? []).map((e) => String(e.extensions?.code)));
    return codes;
  } catch (errors) {
    return (errors as { extensions?: { code?: string } }[]).map((e) => String(e.extensions?.code));
  } finally {
    await client.dispose();
  }
}

describe('GRAPHQL_REQUESTS_PER_PRINCIPAL over WebSocket', () => {
  it('counts anonymous callers by the address of their socket', async () => {
    const { served: server } = await served({ GRAPHQL_REQUESTS_PER_PRINCIPAL: '2' });
    const PUBLIC = '{ scopes { name } }';
    expect([await wsQueryFrom(server, '127.0.0.2', PUBLIC), await wsQueryFrom(server, '127.0.0.2', PUBLIC)]).toEqual([[], []]);
    expect(await wsQueryFrom(server, '127.0.0.2', PUBLIC)).toEqual(['RATE_LIMITED']);
    expect(await wsQueryFrom(server, '127.0.0.3', PUBLIC)).toEqual([]);
  });
});
