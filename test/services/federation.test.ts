import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices } from '@theguild/federation-composition';
import type { TransportGetSubgraphExecutor } from '@graphql-mesh/transport-common';
import { parse, print, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/node-server.js';
import type { TestApp } from '../helpers/app.js';
import { ALICE, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { closeServer, listen } from '../helpers/raw-http.js';

// The app as an Apollo Federation v2 subgraph behind a real gateway (Hive Gateway's runtime): the
// supergraph is composed from the SDL the app serves at `_service { sdl }`, the gateway forwards the
// caller's Authorization header, and `_entities` answers under node(id:)'s authorization.

let t: TestApp;
let demo: Demo;
let subgraph: Server;
let gatewayServer: Server;
let gateway: ReturnType<typeof createGatewayRuntime>;

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] }) };
}

/**
 * The gateway's HTTP transport to a subgraph: POST the query with the gateway's fetch (whose hooks
 * add the propagated headers). @graphql-mesh/transport-http, the gateway's own, is not installed.
 */
const httpExecutor: TransportGetSubgraphExecutor =
  ({ transportEntry, fetch: gatewayFetch }) =>
  async ({ document, variables, operationName, context, info }): Promise<any> => {
    const response = await gatewayFetch!(
      transportEntry.location!,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: print(document), variables, operationName }) },
      context,
      info,
    );
    return (await response.json()) as ExecutionResult;
  };

const ENTITIES = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { id name } } }';

beforeAll(async () => {
  ({ t, demo } = await createDemoApp());
  subgraph = await listen(createHttpServer(t.app));
  const { data } = await post(urlOf(subgraph), '{ _service { sdl } }', {});
  const composed = composeServices([{ name: 'orgraph', typeDefs: parse(data._service.sdl), url: urlOf(subgraph) }]);
  if (!composed.supergraphSdl) throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  gateway = createGatewayRuntime({
    supergraph: composed.supergraphSdl,
    logging: false,
    propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }) },
    transports: { http: { getSubgraphExecutor: httpExecutor } },
  });
  gatewayServer = await listen(createServer(gateway));
});

afterAll(async () => {
  await closeServer(gatewayServer);
  await gateway?.dispose();
  await closeServer(subgraph);
  await t.close();
});

describe('federation subgraph', () => {
  it('serves a subgraph SDL with @link and the four entities keyed by their global id', async () => {
    const { data } = await post(urlOf(subgraph), '{ _service { sdl } }', {});
    expect(data._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])');
    for (const type of ['Organization', 'Member', 'User', 'Stack'])
      expect(data._service.sdl).toMatch(new RegExp(`type ${type} implements Node @key\\(fields: "id"\\)`));
  });

  it('answers a query through the gateway with the caller’s token', async () => {
    const query = 'query($id: ID!) { organization(id: $id) { name members(first: 10) { totalCount edges { node { role user { email } } } } } }';
    const answer = await post(urlOf(gatewayServer), query, { id: demo.acme }, await t.tokenFor(ALICE));
    expect(answer.errors).toBeUndefined();
    expect(answer.data.organization.name).toBe('Acme');
    expect(answer.data.organization.members.edges.map((e: { node: { user: { email: string } } }) => e.node.user.email)).toContain(ALICE);
  });

  it('refuses the same query through the gateway to an outsider, as the subgraph does', async () => {
    const answer = await post(urlOf(gatewayServer), 'query($id: ID!) { organization(id: $id) { name } }', { id: demo.acme }, await t.tokenFor(CAROL));
    expect(answer.data?.organization ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('resolves an entity reference for a member, and nothing for an outsider or another type’s id', async () => {
    const representations = [{ __typename: 'Organization', id: demo.acme }];
    const member = await post(urlOf(subgraph), ENTITIES, { representations }, await t.tokenFor(ALICE));
    expect(member.data._entities).toEqual([{ id: demo.acme, name: 'Acme' }]);

    const outsider = await post(urlOf(subgraph), ENTITIES, { representations }, await t.tokenFor(CAROL));
    expect(outsider.data._entities).toEqual([null]);
    expect(outsider.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);

    const anonymous = await post(urlOf(subgraph), ENTITIES, { representations });
    expect(anonymous.data._entities).toEqual([null]);

    const mislabelled = await post(
      urlOf(subgraph),
      ENTITIES,
      { representations: [{ __typename: 'Organization', id: demo.members[ALICE] }] },
      await t.tokenFor(ALICE),
    );
    expect(mislabelled.data._entities).toEqual([null]);
  });
});
