import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, type TestApp } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { ALICE, BOB, seedDemo, type Demo } from '../helpers/fixtures.js';

// What a Prometheus scraper reads at /metrics, with the token: requests and errors by operation
// and code, HTTP requests by route and status, the database pool, the process. Without the
// token nothing; without METRICS_TOKEN no /metrics at all.

const TOKEN = 'scrape-token-0123456789';
// A MEMBER may not read the organization's domains (sso:read).
const DOMAINS = 'query Domains($id: ID!) { organization(id: $id) { name domains { totalCount } } }';

let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: TOKEN });
  demo = await seedDemo(t);
});
afterAll(() => t.close());

async function scrape(authorization = `Bearer ${TOKEN}`): Promise<Response> {
  return t.app.fetch('http://test/metrics', { headers: { authorization } });
}

/** The value of the sample with exactly these labels (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort();
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = match[2]!.split(/,(?=[a-zA-Z_]+=")/).sort();
    if (JSON.stringify(got) === JSON.stringify(wanted)) return Number(match[3]);
  }
  return undefined;
}

describe('/metrics with METRICS_TOKEN', () => {
  it('counts operations, their durations and their errors by operation and code, and HTTP requests by route and status', async () => {
    const ok = await t.gql('query MyOrganizations { me { email } organizations { totalCount } }', {}, { as: ALICE });
    expect(ok.errors).toBeUndefined();
    await t.gql('query MyOrganizations { me { email } organizations { totalCount } }', {}, { as: ALICE });
    const invalid = await t.gql('query Broken { me { nosuchfield } }', {}, { as: ALICE });
    expect(errorCodes(invalid)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const forbidden = await t.gql(DOMAINS, { id: demo.acme }, { as: BOB });
    expect(errorCodes(forbidden)).toEqual(['FORBIDDEN']);
    expect((await t.app.fetch('http://test/health')).status).toBe(200);

    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();

    expect(sample(text, 'graphql_envelop_request', { operationName: 'MyOrganizations', operationType: 'query' })).toBe(2);
    expect(sample(text, 'graphql_envelop_request', { operationName: 'Domains', operationType: 'query' })).toBe(1);
    expect(sample(text, 'graphql_envelop_request_duration_count', { operationName: 'MyOrganizations', operationType: 'query' })).toBe(2);
    expect(sample(text, 'graphql_envelop_request_duration_sum', { operationName: 'MyOrganizations', operationType: 'query' })).toBeGreaterThan(0);
    expect(
      sample(text, 'graphql_envelop_error_result', { operationName: 'Broken', operationType: 'query', phase: 'validate', code: 'GRAPHQL_VALIDATION_FAILED' }),
    ).toBe(1);
    expect(sample(text, 'graphql_envelop_error_result', { operationName: 'Domains', operationType: 'query', phase: 'execute', code: 'FORBIDDEN' })).toBe(1);
    expect(text).not.toMatch(/graphql_envelop_error_result\{[^}]*operationName="MyOrganizations"/);

    expect(sample(text, 'http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' })).toBe(4);
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/health', status: '200' })).toBe(1);
    // The process: prom-client's defaults.
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it.runIf(testDatabaseKind() === 'postgres')('reports the PostgreSQL pool: connections by state, waiting requests, the maximum', async () => {
    await t.gql('{ me { email } }', {}, { as: ALICE });
    const text = await (await scrape()).text();
    const idle = sample(text, 'orgraph_db_pool_connections', { state: 'idle' });
    const busy = sample(text, 'orgraph_db_pool_connections', { state: 'busy' });
    expect(idle).toBeGreaterThanOrEqual(1); // the request's connections went back to the pool
    expect(busy).toBe(0);
    expect(text).toMatch(/^orgraph_db_pool_waiting_requests 0$/m);
    expect(text).toMatch(/^orgraph_db_pool_max_connections 10$/m);
  });

  it.runIf(testDatabaseKind() === 'pglite')('has no pool gauges on the embedded database (no pool)', async () => {
    expect(await (await scrape()).text()).not.toContain('orgraph_db_pool');
  });

  it('bounds the operation names it labels: past the cap, new names count as "other"', async () => {
    const { MAX_OPERATION_NAMES } = await import('../../src/telemetry/graphql-metrics.js');
    const names = Array.from({ length: MAX_OPERATION_NAMES + 5 }, (_, i) => `Made${i}`);
    for (const name of names) await t.gql(`query ${name} { serverInfo { build } }`);
    const text = await (await scrape()).text();
    // Every name labelled by any metric: the cap, and "other" (Anonymous is no caller's name).
    const labelled = new Set([...text.matchAll(/operationName="([^"]+)"/g)].map((m) => m[1]).filter((name) => name !== 'Anonymous'));
    expect(labelled.size).toBe(MAX_OPERATION_NAMES + 1);
    expect(sample(text, 'graphql_envelop_request', { operationName: 'other', operationType: 'query' })).toBeGreaterThanOrEqual(5);
    expect(labelled.has(names.at(-1))).toBe(false);
  });

  it('refuses a scrape without the token, or with another, with 401 and no metrics', async () => {
    for (const authorization of ['', 'Bearer wrong-token-0123456789', `Basic ${TOKEN}`, TOKEN]) {
      const response = await scrape(authorization);
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.text()).not.toContain('graphql_envelop');
    }
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('does not exist: 404, whatever the caller sends', async () => {
    const plain = await createTestApp({}, { database: t.database });
    const response = await plain.app.fetch('http://test/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('graphql_envelop');
    await plain.app.dispose();
  });

  it('refuses a token shorter than 16 characters at startup', async () => {
    const { loadConfig } = await import('../../src/config.js');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: at least 16 characters/);
  });
});
