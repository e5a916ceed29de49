// Whether spans are being recorded and exported (src/telemetry/tracing.ts). The read path asks
// before each statement: with tracing off it skips even OpenTelemetry's no-op span. Kept apart
// from tracing.ts so that asking does not load the SDK.
let recording = false;

export const tracingOn = (): boolean => recording;

export function setTracingOn(on: boolean): void {
  recording = on;
}
