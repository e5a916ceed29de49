import { createHash, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Plugin } from 'graphql-yoga';
import type pg from 'pg';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { graphqlMetrics } from './graphql-metrics.js';
import { registerPoolGauges } from './pool-gauges.js';
import { METRICS_PATH, methodOf, routeOf } from './route.js';

export interface MetricsOptions {
  /** The bearer token a scraper must send to read /metrics. */
  token: string;
  /** PostgreSQL's pool, whose connections are reported (none on PGlite). */
  pool?: pg.Pool;
}

/**
 * Prometheus metrics at /metrics, for the holder of the token: HTTP requests by route and
 * status, GraphQL operations and errors (graphql-metrics.ts), the database pool, and the process
 * (prom-client's defaults: CPU, memory, event-loop lag, GC). A registry of this app's own, so
 * that several apps in one process (tests) each count their own requests.
 */
export function metricsPlugins({ token, pool }: MetricsOptions): Plugin[] {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (pool) registerPoolGauges(registry, pool);
  return [httpMetrics(registry, token), graphqlMetrics(registry)];
}

function httpMetrics(registry: Registry, token: string): Plugin {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route and status, and the seconds until their response was ready',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const started = new WeakMap<Request, { at: number; route: string }>();
  const authorized = bearerCheck(token);
  return {
    onRequest({ request, url, endResponse }) {
      const route = routeOf(url.pathname);
      started.set(request, { at: performance.now(), route });
      if (route !== METRICS_PATH) return;
      if (!authorized(request.headers.get('authorization'))) {
        endResponse(new Response('A bearer token (METRICS_TOKEN) is required\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } }));
        return;
      }
      return registry
        .metrics()
        .then((text) => endResponse(new Response(text, { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } })));
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (!start) return;
      duration.observe({ method: methodOf(request.method), route: start.route, status: String(response.status) }, (performance.now() - start.at) / 1000);
    },
  };
}

/** Compares digests, so that the time taken tells nothing of the token. */
function bearerCheck(token: string): (authorization: string | null) => boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(`Bearer ${token}`);
  return (authorization) => authorization !== null && timingSafeEqual(digest(authorization), expected);
}
