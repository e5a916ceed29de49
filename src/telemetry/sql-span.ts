import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingOn } from './tracing-state.js';

const tracer = trace.getTracer('orgraph');

/**
 * One span per statement of the read path, which runs on the driver beside Prisma (whose own
 * statements its instrumentation traces). Its statement text carries no values: they are bound
 * as parameters. Tracing off: the statement runs as is.
 */
export function inSqlSpan(text: string, run: () => Promise<unknown[][]>): Promise<unknown[][]> {
  if (!tracingOn()) return run();
  return tracer.startActiveSpan('sql.read', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.query.text': text } }, async (span) => {
    try {
      const rows = await run();
      span.setAttribute('db.response.returned_rows', rows.length);
      return rows;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
