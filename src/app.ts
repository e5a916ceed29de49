import { randomUUID } from 'node:crypto';
import { resolveTxt as resolveTxtWithDns } from 'node:dns/promises';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { PothosValidationError } from '@pothos/core';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { authenticate } from './auth/authenticate.js';
import { createTokenCache } from './auth/token-cache.js';
import type { SigningKey } from './auth/keys.js';
import { createTokenVerifier } from './auth/tokens.js';
import type { Config } from './config.js';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './db/unavailable.js';
import { createContext, type Context, type ServiceSettings, type TxtResolver } from './context.js';
import type { PrismaClient } from './db/client.js';
import type { SqlReader } from './db/sql-reader.js';
import { DomainError } from './errors.js';
import { corsPolicy } from './http/cors.js';
import { csrfPrevention } from './http/csrf.js';
import { healthResponse } from './http/health.js';
import { jwksResponse } from './http/jwks.js';
import { legalDocumentDownloadResponse } from './http/legal-document-download.js';
import { TOKEN_PATH, tokenEndpointResponse } from './http/oauth-token.js';
import { requestGuard } from './http/request-guard.js';
import { schema } from './schema/index.js';
import { compiledExecution } from './schema/shared/compiled-execution.js';
import { costLimit } from './schema/shared/query-cost.js';
import { maskError } from './schema/shared/mask-errors.js';
import { oneErrorPerObject } from './schema/shared/one-error-per-object.js';

export interface AppDeps {
  prisma: PrismaClient;
  /** The read path's SQL reader, on the same database as `prisma`. */
  sql: SqlReader;
  /** What the app reads of the config itself, and what it hands the services as ctx.settings. */
  config: Pick<Config, 'tokens' | 'oidc' | 'limits' | 'principalCacheSeconds' | 'corsOrigins' | Extract<keyof ServiceSettings, keyof Config>>;
  signingKey: SigningKey;
  /** DNS TXT lookups for domain verification; tests replace it. */
  resolveTxt?: TxtResolver;
}

/** A domain error or a bad global id, possibly wrapped by graphql-js in GraphQLErrors (originalError). */
/** The innermost error of envelop's GraphQLError wrappers. */
function causeOf(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && (current as { originalError?: unknown }).originalError) current = (current as { originalError?: unknown }).originalError;
  return current;
}

function isExpected(error: unknown): boolean {
  const cause = causeOf(error);
  // A document the parser or a limit refused (the client's mistake, answered as such).
  const refusedDocument = cause instanceof Error && cause.name === 'GraphQLError' && cause.message.startsWith('Syntax Error:');
  return cause instanceof DomainError || cause instanceof PothosValidationError || refusedDocument;
}

/** Yoga's logger, minus expected domain errors (NOT_FOUND, FORBIDDEN, …): those are answers, not faults. */
const quietAboutExpectedErrors = {
  debug: () => {},
  info: (...args: unknown[]) => console.info(...args),
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => {
    if (args.some(isExpected)) return;
    // An outage is one line per failed request, not a stack trace each (the client got its 503).
    const outage = args.map(causeOf).find(isDatabaseUnavailable);
    if (outage) console.warn('database unavailable:', (outage as Error).message.split('\n').at(-1));
    else console.error(...args);
  },
};

export type App = YogaServerInstance<Record<string, never>, Context>;

/**
 * The HTTP application: GraphQL (and GraphiQL) at /graphql, the client-credentials token endpoint
 * at POST /oauth/token, the public keys at /.well-known/jwks.json, /health and /ready. Tests call app.fetch.
 */
export function createApp({ prisma, sql, config, signingKey, resolveTxt = resolveTxtWithDns }: AppDeps): App {
  const verify = createTokenVerifier(signingKey, config.tokens, config.oidc);
  const tokens = createTokenCache(config.principalCacheSeconds);
  // The services' part of the config (ctx.settings); two limits and the token issuer come up to its top.
  const { invitationTtlDays, platformAdmins, stackRetentionDays, downloadLinkTtlSeconds, buildId, limits } = config;
  const settings: ServiceSettings = {
    invitationTtlDays,
    platformAdmins,
    stackRetentionDays,
    downloadLinkTtlSeconds,
    buildId,
    maxBulkInvitations: limits.maxBulkInvitations,
    maxNodeIds: limits.maxNodeIds,
    tokenIssuer: config.tokens.issuer,
  };
  const deps = { signingKey, resolveTxt };
  const requestIds = new WeakMap<Request, string>();

  /** The routes beside GraphQL; undefined for /graphql. */
  const routeResponse = async (request: Request, url: URL): Promise<Response | undefined> =>
    (await healthResponse(url.pathname, prisma)) ??
    jwksResponse(request, url.pathname, signingKey) ??
    (await tokenEndpointResponse(request, url.pathname, { prisma, signingKey, tokens: config.tokens })) ??
    (await legalDocumentDownloadResponse(request, url, { prisma, signingKey, issuer: config.tokens.issuer }));

  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Our own /health and /ready (src/http/health.ts) answer instead of yoga's built-in check.
    healthCheckEndpoint: '/_yoga/health',
    landingPage: false,
    cors: corsPolicy(config.corsOrigins),
    logging: quietAboutExpectedErrors,
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    context: async ({ request }) => {
      // A rejected token ends the request as a GraphQL error (401), not as an unexpected failure.
      const principal = await authenticate(request, verify, prisma, tokens).catch((error: unknown) => {
        throw maskError(error, 'Authentication failed');
      });
      return createContext({ prisma, sql }, principal, requestIds.get(request) ?? randomUUID(), settings, deps);
    },
    plugins: [
      {
        async onRequest({ request, url, endResponse }) {
          requestIds.set(request, request.headers.get('x-request-id')?.slice(0, 100) || randomUUID());
          const response = await routeResponse(request, url).catch((error: unknown) => {
            if (isDatabaseUnavailable(error)) return unavailableResponse();
            throw error;
          });
          if (response) endResponse(response);
        },
        onResponse({ request, response }) {
          const id = requestIds.get(request);
          if (id) response.headers.set('x-request-id', id);
        },
      },
      requestGuard(config.limits.maxBodyBytes, [TOKEN_PATH]),
      csrfPrevention(),
      costLimit(config.limits.maxQueryCost),
      compiledExecution(),
      oneErrorPerObject(),
      EnvelopArmorPlugin({
        maxDepth: { n: config.limits.maxQueryDepth },
        maxAliases: { n: 30 },
        maxTokens: { n: 5000 },
        // armor's cost counts fields, not page sizes, and rejects the ordinary nested query
        // (20 organizations × 20 members): page sizes are capped at 100 by the connections instead.
        costLimit: { enabled: false },
        // Explorers in GraphiQL benefit from "did you mean" hints; the schema is public anyway.
        blockFieldSuggestion: { enabled: false },
      }),
    ],
  });
}

/** The token endpoint and downloads while the database cannot be reached: 503 with Retry-After (OAuth's temporarily_unavailable). */
function unavailableResponse(): Response {
  return new Response(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'The service is temporarily unavailable: retry shortly' }), {
    status: 503,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' },
  });
}
