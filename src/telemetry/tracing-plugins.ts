import { useOpenTelemetry } from '@envelop/opentelemetry';
import { context, propagation, type Span, SpanKind, SpanStatusCode, type TextMapGetter, trace } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import { methodOf, routeOf } from './route.js';

const tracer = trace.getTracer('orgraph');

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * The request's spans, for a server started with tracing (tracing.ts): the HTTP request as the
 * root (or as the child of the caller's W3C traceparent), with GraphQL's parse and validate
 * inside. The first plugin, so that everything else (the access line too) runs within its span.
 */
export function requestSpans(): Plugin {
  const spans = new WeakMap<Request, Span>();
  const inSpan = (name: string, wrapped: () => void) =>
    tracer.startActiveSpan(name, (span) => {
      try {
        wrapped();
      } finally {
        span.end();
      }
    });
  return {
    instrumentation: {
      request: async ({ request }, handle) => {
        const path = new URL(request.url, 'http://localhost').pathname;
        const route = routeOf(path);
        const method = methodOf(request.method);
        const parent = propagation.extract(context.active(), request.headers, headerGetter);
        const attributes = { 'http.request.method': method, 'http.route': route, 'url.path': path.slice(0, 200) };
        const span = tracer.startSpan(`${method} ${route}`, { kind: SpanKind.SERVER, attributes }, parent);
        spans.set(request, span);
        try {
          await context.with(trace.setSpan(parent, span), handle);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'unexpected error' });
          throw error;
        } finally {
          span.end();
        }
      },
      parse: (_, wrapped) => inSpan('graphql.parse', wrapped),
      validate: (_, wrapped) => inSpan('graphql.validate', wrapped),
    },
    onResponse({ request, response }) {
      const span = spans.get(request);
      span?.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    },
  };
}

/**
 * The operation's span (`query.OrgPage`) from envelop's OpenTelemetry plugin, with its name,
 * type and document (never variables, results or per-resolver spans: values stay out of traces,
 * and a span per field would cost more than the field). It must come after compiledExecution:
 * it wraps the execute function the latter sets, so that the read path's statements
 * (sql-span.ts) and Prisma's become its children.
 */
export function operationSpans(): Plugin {
  const plugin = useOpenTelemetry(
    { resolvers: false, variables: false, result: false, document: true },
    trace.getTracerProvider(),
    SpanKind.INTERNAL,
    {},
    'orgraph',
  );
  // Typed with the span it keeps on its own context key, which yoga's context type does not list.
  return plugin as Plugin;
}
