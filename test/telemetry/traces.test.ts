import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTracing, type Tracing } from '../../src/telemetry/tracing.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/captured-logs.js';
import { testDatabaseKind } from '../helpers/database.js';
import { ALICE, seedDemo } from '../helpers/fixtures.js';
import { type CollectedSpan, type OtlpCollector, spanTree, startOtlpCollector } from '../helpers/otlp-collector.js';

// With OTEL_EXPORTER_OTLP_ENDPOINT set, a request's spans arrive at the collector as one tree:
// the HTTP request, GraphQL's parse, validate and operation, and each SQL statement (the read
// path's and Prisma's), with the caller's traceparent honoured and the trace id in the access line.

/** The README's nested query ("A nested query, copy-paste ready"): the dashboard's. */
function readmeDashboardQuery(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const body = /-d '(\{"query":"\{ me .*\})'$/m.exec(readme);
  if (!body) throw new Error('README.md has no nested query');
  return (JSON.parse(body[1]!) as { query: string }).query;
}

const logs = captureLogs();
let collector: OtlpCollector;
let tracing: Tracing;
let t: TestApp;
beforeAll(async () => {
  collector = await startOtlpCollector();
  const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_SERVICE_NAME: 'orgraph-test' });
  tracing = startTracing(config.tracing!);
  t = await createTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint }, { logger: logs.logger });
  await seedDemo(t);
  await tracing.forceFlush();
});
afterAll(async () => {
  await t.close();
  await tracing.shutdown();
  await collector.close();
});
beforeEach(async () => {
  await tracing.forceFlush(); // what an earlier test left
  collector.spans.splice(0);
  logs.clear();
});

/** Runs the dashboard query as alice, then waits for its spans at the collector. */
async function traceDashboard(headers: Record<string, string> = {}): Promise<CollectedSpan[]> {
  const response = await t.gql(readmeDashboardQuery(), {}, { as: ALICE, headers });
  expect(response.errors).toBeUndefined();
  expect(response.data.organizations.totalCount).toBeGreaterThan(0);
  await tracing.forceFlush();
  return collector.spans;
}

/** What a span was about, for the printed tree: a statement's start, Prisma's model and method. */
function about(span: CollectedSpan): string {
  const text = span.attributes['db.query.text'];
  if (typeof text === 'string') return `  ${text.replace(/\s+/g, ' ').slice(0, 90)}…`;
  const { model, method } = span.attributes;
  return model || method ? `  ${[model, method].filter(Boolean).join('.')}` : '';
}

describe('a traced request', () => {
  it('arrives as one tree: the HTTP request, parse, validate, the operation, and its SQL statements', async () => {
    const spans = await traceDashboard();
    const root = spans.find((span) => span.name === 'POST /graphql');
    expect(root).toBeDefined();
    expect(root!.parentSpanId).toBeUndefined();
    expect(root!.kind).toBe(2); // SERVER
    expect(root!.service).toBe('orgraph-test');
    expect(root!.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });

    const trace = spans.filter((span) => span.traceId === root!.traceId);
    expect(trace).toHaveLength(spans.length); // nothing else ran
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    for (const span of trace) if (span !== root) expect(byId.has(span.parentSpanId!), `parent of ${span.name}`).toBe(true);
    const childrenOf = (parent: CollectedSpan) => trace.filter((span) => span.parentSpanId === parent.spanId);

    const names = childrenOf(root!).map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['graphql.parse', 'graphql.validate', 'query.anonymous']));
    const operation = childrenOf(root!).find((span) => span.name === 'query.anonymous')!;
    expect(operation.attributes).toMatchObject({ 'graphql.execute.operationType': 'query' });
    // The read path: one span per statement, under the operation, with the statement's text and rows.
    const reads = childrenOf(operation).filter((span) => span.name === 'sql.read');
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const read of reads) {
      expect(read.attributes['db.query.text']).toMatch(/^(WITH|SELECT)\b/i);
      expect(read.attributes['db.response.returned_rows']).toEqual(expect.any(Number));
    }
    // Prisma's statements (authentication's user lookup, outside the operation) come with its instrumentation's spans.
    expect(trace.some((span) => span.name.startsWith('prisma:'))).toBe(true);

    console.log(`the dashboard query's trace on ${testDatabaseKind()}:\n${spanTree(trace, root!, about).join('\n')}`);
  });

  it("continues the caller's trace (W3C traceparent) and writes the trace id into the access line", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const spans = await traceDashboard({ traceparent: `00-${traceId}-${callerSpan}-01` });
    const root = spans.find((span) => span.name === 'POST /graphql')!;
    expect(root).toMatchObject({ traceId, parentSpanId: callerSpan });
    expect(spans.every((span) => span.traceId === traceId)).toBe(true);
    expect(logs.accessLines()).toEqual([expect.objectContaining({ path: '/graphql', status: 200, traceId })]);
  });

  it('traces the other routes too, by route rather than path', async () => {
    expect((await t.app.fetch('http://test/legal-documents/abc/download')).status).toBeGreaterThanOrEqual(400);
    await tracing.forceFlush();
    expect(collector.spans.map((span) => span.name)).toContain('GET /legal-documents/:id/download');
  });
});
