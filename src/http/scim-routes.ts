import { randomUUID } from 'node:crypto';
import type { Context, ServiceDeps, ServiceSettings } from '../context.js';
import { createContext } from '../context.js';
import type { PrismaClient } from '../db/client.js';
import type { SqlReader } from '../db/sql-reader.js';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.js';
import { ConflictError, ValidationError } from '../errors.js';
import { currentRequest } from '../log/request-scope.js';
import { authenticateScim } from '../scim/authenticate.js';
import { dispatch } from '../scim/dispatch.js';
import { badRequest, errorBody, ScimError } from '../scim/errors.js';
import { recordScimLog } from '../scim/log.js';
import { SCIM_BASE_PATH, type ScimDomain, scimBaseUrl } from '../scim/request.js';

// /scim/v2: SCIM 2.0 (RFC 7643, 7644) for identity providers that sync a domain's people and
// groups (src/scim). One base URL for every organization; the domain's bearer token selects the
// domain, and with it the organization. Every answer is application/scim+json, errors in SCIM's
// error schema; every request whose token identified a domain goes into that domain's SCIM log.

const CONTENT_TYPE = 'application/scim+json;charset=utf-8';
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

export interface ScimRouteDeps {
  db: { prisma: PrismaClient; sql: SqlReader };
  settings: ServiceSettings;
  serviceDeps: ServiceDeps;
  publicUrl: string;
  maxBodyBytes: number;
  /** Counts a request of the domain: null when allowed, else the seconds until it would be (SCIM_REQUESTS_PER_DOMAIN). */
  admitDomain: (domainId: string) => Promise<number | null>;
  /** Where unexpected failures (and a log row that could not be written) are reported. */
  reportError: (error: unknown) => void;
}

/** Answers requests under /scim/v2; undefined for any other path. */
export function scimRoutes(deps: ScimRouteDeps) {
  const baseUrl = scimBaseUrl(deps.publicUrl);
  return async (request: Request, url: URL): Promise<Response | undefined> => {
    if (url.pathname !== SCIM_BASE_PATH && !url.pathname.startsWith(`${SCIM_BASE_PATH}/`)) return undefined;
    let domain: ScimDomain | null = null;
    let requestBody: unknown = null;
    let status: number;
    let body: unknown;
    let retryAfter: number | undefined;
    try {
      const authentication = await authenticateScim(deps.db.prisma, request.headers.get('authorization'));
      domain = authentication.domain;
      if (!authentication.domain || !authentication.accepted) throw new ScimError(401, authentication.reason);
      const wait = await deps.admitDomain(authentication.domain.id);
      if (wait) throw new ScimError(429, `Too many SCIM requests for ${authentication.domain.domain}: retry after ${wait} seconds`, undefined, wait);
      requestBody = await readBody(request, deps.maxBodyBytes);
      const ctx: Context = createContext(deps.db, null, currentRequest()?.id ?? randomUUID(), deps.settings, deps.serviceDeps);
      const segments = url.pathname.slice(SCIM_BASE_PATH.length).split('/').filter(Boolean).map(decodeSegment);
      ({ status, body } = await dispatch({ ctx, domain: authentication.domain, baseUrl }, { method: request.method, segments, url, body: requestBody }));
    } catch (error) {
      const failure = asScimError(error);
      // Unexpected failures are logged with their stack, an unreachable database as its one warning.
      if (failure.status === 500 || failure.status === 503) deps.reportError(error);
      status = failure.status;
      body = errorBody(failure);
      retryAfter = failure.retryAfterSeconds;
    }
    if (domain) {
      const path = url.pathname + url.search;
      // The answer stands when its log row cannot be written (reported once: not again during an outage).
      const logged = recordScimLog(deps.db.prisma, { domainId: domain.id, method: request.method, path, status, requestBody, responseBody: body });
      await logged.catch((error: unknown) => status !== 503 && deps.reportError(error));
    }
    return scimResponse(status, body, retryAfter);
  };
}

function scimResponse(status: number, body: unknown, retryAfterSeconds: number | undefined): Response {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="scim"';
  if (retryAfterSeconds) headers['retry-after'] = String(retryAfterSeconds);
  const location = (body as { meta?: { location?: string } } | undefined)?.meta?.location;
  if (status === 201 && location) headers.location = location;
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
}

/** The JSON body of a POST, PUT or PATCH (null for other methods); 413 above the size limit, 400 invalidSyntax when it is not JSON. */
async function readBody(request: Request, maxBytes: number): Promise<unknown> {
  if (!METHODS_WITH_BODY.has(request.method)) return null;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw badRequest('invalidSyntax', 'The request body is not JSON');
  }
}

/** A path segment, decoded; a malformed escape names no resource (404). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ScimError(404, 'No such SCIM resource');
  }
}

const tooLarge = (maxBytes: number) => new ScimError(413, `The request body exceeds ${maxBytes} bytes`);

/** Any failure as a SCIM error: the database out of reach is 503, a conflict 409, anything unexpected 500 (without details). */
function asScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  if (isDatabaseUnavailable(error)) return new ScimError(503, 'The service is temporarily unavailable: retry shortly', undefined, RETRY_AFTER_SECONDS);
  if (error instanceof ConflictError) return new ScimError(409, error.message, 'uniqueness');
  if (error instanceof ValidationError) return badRequest('invalidValue', error.message);
  return new ScimError(500, 'Unexpected error: see the server log under this response’s x-request-id');
}
