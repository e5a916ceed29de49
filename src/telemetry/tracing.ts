import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { PrismaInstrumentation, registerInstrumentations } from '@prisma/instrumentation';
import type { Config } from '../config.js';
import { setTracingOn } from './tracing-state.js';

export type TracingSettings = NonNullable<Config['tracing']>;

export interface Tracing {
  /** Sends the spans ended so far (tests; shutdown does it too). */
  forceFlush(): Promise<void>;
  /** Sends what is left, then stops recording and lets go of the process-wide registration. */
  shutdown(): Promise<void>;
}

/**
 * Records spans and sends them in batches to an OTLP/HTTP collector (JSON): the process-wide
 * tracer provider (with AsyncLocalStorage context and W3C traceparent propagation), Prisma's
 * instrumentation for its statements, and the flag the SQL reader reads (tracing-state.ts).
 * The app adds its spans with requestSpans and operationSpans (tracing-plugins.ts). Called once,
 * before the database is opened; never when no endpoint is configured: then there is no provider,
 * no exporter, and OpenTelemetry's API hands out no-op spans.
 * The exporter reads OpenTelemetry's other variables itself (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, …).
 */
export function startTracing({ url, serviceName }: TracingSettings): Tracing {
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  provider.register();
  const prisma = new PrismaInstrumentation();
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [prisma] });
  setTracingOn(true);
  return {
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      setTracingOn(false);
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
