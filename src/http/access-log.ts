import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin, YogaLogger } from 'graphql-yoga';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../log/logger.js';
import { currentRequest, runForRequest, type RequestRecord } from '../log/request-scope.js';
import { currentTraceId } from '../telemetry/trace-id.js';

/** The request id a caller may send (and gets back); ours when it sends none. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * One `request` line per HTTP request, whatever answered it (GraphQL, the token endpoint, a
 * download, /health, a refusal before any parsing) and however it ended (a thrown error is
 * logged through `errors`, then its 500 line). The line says who and what, never a header, body
 * or variable value: see accessLine. Each request runs in its RequestRecord (request-scope.ts),
 * which the hooks below fill in and the error log reads its id from.
 */
export function accessLog(logger: Logger, errors: YogaLogger): Plugin<{ principal?: Principal | null }> {
  return {
    instrumentation: {
      request: ({ request }, handle) => {
        const record: RequestRecord = {
          id: request.headers.get(REQUEST_ID_HEADER)?.slice(0, 100) || randomUUID(),
          method: request.method,
          // Relative when a test calls app.fetch('/path'): the server adapter reads it against localhost too.
          path: new URL(request.url, 'http://localhost').pathname.slice(0, 200),
          startedAt: performance.now(),
        };
        return runForRequest(record, async () => {
          try {
            await handle();
          } catch (error) {
            errors.error(error);
            record.status = 500; // what the server adapter answers for a thrown error
            throw error;
          } finally {
            logger.info(accessLine(record), 'request');
          }
        });
      },
    },
    // The operation's name from the parsed document (the client need not send operationName),
    // known even when validation then refuses the document.
    onParse({ context }) {
      return ({ result }) => {
        const record = currentRequest();
        if (!record) return;
        const operationName = context.params?.operationName ?? undefined;
        const document = result instanceof Error ? null : (result as DocumentNode | null);
        record.operation = (document && getOperationAST(document, operationName)?.name?.value) || operationName;
      };
    },
    // After authentication: the context holds the principal (null: anonymous).
    onContextBuilding() {
      return ({ context }) => {
        const record = currentRequest();
        if (record) record.principal = context.principal ?? null;
      };
    },
    // The result as the client gets it (errors masked), read rather than the serialized body.
    onResultProcess({ result }) {
      const record = currentRequest();
      const first = Array.isArray(result) ? result[0] : result;
      const code = (first as { errors?: readonly { extensions?: { code?: unknown } }[] } | undefined)?.errors?.[0]?.extensions?.code;
      if (record && typeof code === 'string') record.errorCode = code;
    },
    onResponse({ response }) {
      const record = currentRequest();
      if (!record) return;
      record.status = response.status;
      response.headers.set(REQUEST_ID_HEADER, record.id);
    },
  };
}

/** The fields of an access line; a principal by its kind and id, never its email. */
function accessLine(record: RequestRecord) {
  const { principal } = record;
  return {
    requestId: record.id,
    method: record.method,
    path: record.path,
    status: record.status,
    durationMs: Math.round((performance.now() - record.startedAt) * 10) / 10,
    outcome: record.errorCode ?? record.answeredCode ?? statusOutcome(record.status),
    operation: record.operation,
    principal: principal === undefined ? undefined : (principal?.kind ?? 'anonymous'),
    principalId: principal?.kind === 'user' ? principal.userId : principal?.clientId,
    traceId: currentTraceId(),
  };
}

/** OK below 400; otherwise the status's name, as a code: PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS, … */
function statusOutcome(status: number | undefined): string {
  if (status === undefined) return 'UNKNOWN';
  if (status < 400) return 'OK';
  return (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}
