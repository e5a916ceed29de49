import { createCounter, createHistogram, type FillLabelsFnParams, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import { maskError } from '../schema/shared/mask-errors.js';
import { boundedLabel } from './bounded-label.js';

/** Distinct operation names that get a label of their own; later ones count as `other`. */
export const MAX_OPERATION_NAMES = 200;

const OPERATION_LABELS = ['operationName', 'operationType'] as const;

/**
 * GraphQL operations counted and timed by yoga's Prometheus plugin, in `registry`: requests and
 * their durations by operation, errors by operation, phase and code. Only these: the plugin's
 * other metrics (per phase, per resolver, deprecated fields) walk every document or every field
 * and cost CPU on each request.
 */
export function graphqlMetrics(registry: Registry): Plugin {
  const operationName = boundedLabel(MAX_OPERATION_NAMES, /^[_A-Za-z][_0-9A-Za-z]{0,99}$/);
  const operationLabels = (params: FillLabelsFnParams) => ({
    // The plugin names an unnamed operation 'Anonymous': no caller's name, so it does not count against the cap.
    operationName: !params.operationName || params.operationName === 'Anonymous' ? 'Anonymous' : operationName(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  return usePrometheus({
    registry,
    endpoint: false, // served by metricsEndpoint, behind its token
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: { name: 'graphql_envelop_request', help: 'GraphQL operations executed', labelNames: OPERATION_LABELS },
        fillLabelsFn: operationLabels,
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: { name: 'graphql_envelop_request_duration', help: 'Seconds from parse to the end of execution', labelNames: OPERATION_LABELS },
        fillLabelsFn: operationLabels,
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'GraphQL errors answered, by operation, phase (parse, validate, context, execute) and extensions.code',
          labelNames: [...OPERATION_LABELS, 'phase', 'code'],
        },
        fillLabelsFn: (params) => ({ ...operationLabels(params), phase: params.errorPhase ?? 'execute', code: errorCode(params) }),
      }),
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      graphql_yoga_http_duration: false, // http_request_duration_seconds counts every route instead
    },
  });
}

const CODE = /^[A-Z][A-Z0-9_]{0,49}$/;

/**
 * The code the client gets: a refused document by its phase; an execution error as masked for
 * the answer (the plugin sees the error before masking, when a FORBIDDEN is still a thrown DomainError).
 */
function errorCode({ error, errorPhase }: FillLabelsFnParams): string {
  if (errorPhase === 'parse') return 'GRAPHQL_PARSE_FAILED';
  if (errorPhase === 'validate') return 'GRAPHQL_VALIDATION_FAILED';
  const code = (maskError(error, '') as { extensions?: { code?: unknown } }).extensions?.code;
  return typeof code === 'string' && CODE.test(code) ? code : 'other';
}
