import { isSpanContextValid, trace } from '@opentelemetry/api';
import { tracingOn } from './tracing-state.js';

/** The trace the running code is part of, when traces are recorded: access lines carry it, to find a slow request's trace. */
export function currentTraceId(): string | undefined {
  if (!tracingOn()) return undefined;
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
