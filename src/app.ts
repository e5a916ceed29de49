import { randomUUID } from 'node:crypto';
import { resolveTxt as resolveTxtWithDns } from 'node:dns/promises';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type pg from 'pg';
import { authenticate } from './auth/authenticate.js';
import { createTokenCache } from './auth/token-cache.js';
import type { SigningKey } from './auth/keys.js';
import type { UserPrincipal } from './auth/principal.js';
import { createTokenVerifier, type VerifiedIdentity } from './auth/tokens.js';
import type { Config } from './config.js';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './db/unavailable.js';
import type { EventBus } from './events/event-bus.js';
import { createContext, type Context, type ServiceSettings, type TxtResolver } from './context.js';
import type { PrismaClient } from './db/client.js';
import type { SqlReader } from './db/sql-reader.js';
import { accessLog } from './http/access-log.js';
import { clientAddress, UNKNOWN_ADDRESS } from './http/client-address.js';
import { corsPolicy } from './http/cors.js';
import { csrfPrevention } from './http/csrf.js';
import { graphiqlRoute } from './http/graphiql/page.js';
import { healthResponse } from './http/health.js';
import { invitationAcceptPage } from './http/invitation-accept-page.js';
import { jwksResponse } from './http/jwks.js';
import { legalDocumentDownloadResponse } from './http/legal-document-download.js';
import { oidcRouteResponse } from './http/oidc-routes.js';
import { TOKEN_PATH, tokenEndpointResponse } from './http/oauth-token.js';
import { provisionFirstSightOfTrustedIssuer } from './services/jit-provisioning.js';
import { principalRateLimit } from './http/principal-rate-limit.js';
import { limiterFactory, limiterStore } from './http/rate-limiters.js';
import { requestGuard } from './http/request-guard.js';
import { restRoutes } from './http/rest.js';
import { domainRateLimit } from './http/scim-rate-limit.js';
import { scimRoutes } from './http/scim-routes.js';
import { samlRouteResponse } from './http/saml-routes.js';
import { tokenEndpointLimits } from './http/token-rate-limits.js';
import { trustedDocuments } from './http/trusted-documents.js';
import { currentRequest } from './log/request-scope.js';
import { errorLog } from './log/error-log.js';
import { createLogger, type Logger } from './log/logger.js';
import { schema } from './schema/index.js';
import { compiledExecution } from './schema/shared/compiled-execution.js';
import { costLimit } from './schema/shared/query-cost.js';
import { maskError } from './schema/shared/mask-errors.js';
import { oneErrorPerObject } from './schema/shared/one-error-per-object.js';
import { metricsPlugins } from './telemetry/metrics.js';
import { operationSpans, requestSpans } from './telemetry/tracing-plugins.js';

export interface AppDeps {
  prisma: PrismaClient;
  /** The read path's SQL reader, on the same database as `prisma`. */
  sql: SqlReader;
  /** PostgreSQL's pool, on PostgreSQL: the rate limits count there, shared by every replica (else in memory). */
  pool?: pg.Pool;
  /** What the app reads of the config itself, and what it hands the services as ctx.settings. */
  config: Pick<
    Config,
    | 'tokens'
    | 'oidc'
    | 'limits'
    | 'principalCacheSeconds'
    | 'log'
    | 'trustProxyHops'
    | 'rateLimits'
    | 'corsOrigins'
    | 'trustedDocuments'
    | 'metricsToken'
    | 'tracing'
    | 'graphiql'
    | 'publicUrl'
    | 'saml'
    | Extract<keyof ServiceSettings, keyof Config>
  >;
  signingKey: SigningKey;
  /** DNS TXT lookups for domain verification; tests replace it. */
  resolveTxt?: TxtResolver;
  /** Where access lines and errors go; by default a logger made from config.log, writing to standard output. */
  logger?: Logger;
  /** Committed events of every server on the database (src/events/runtime.ts); without it, subscriptions answer UNAVAILABLE. */
  events?: EventBus;
  /** True once the server is shutting down: /ready answers 503 (see src/http/drain.ts). */
  isStopping?: () => boolean;
  /** Aborted when the server begins to shut down: open subscriptions (SSE and WebSocket) complete. */
  stopping?: AbortSignal;
}

export type App = YogaServerInstance<Record<string, never>, Context>;

/**
 * The HTTP application: GraphQL (and GraphiQL) at /graphql, its REST face under /rest, the client-credentials token endpoint
 * at POST /oauth/token, the public keys at /.well-known/jwks.json, /health and /ready. Tests call app.fetch.
 */
export function createApp({
  prisma,
  sql,
  pool,
  config,
  signingKey,
  resolveTxt = resolveTxtWithDns,
  logger = createLogger(config.log),
  isStopping = () => false,
  events,
  stopping,
}: AppDeps): App {
  const errors = errorLog(logger);
  const verify = createTokenVerifier(signingKey, config.tokens, config.oidc);
  const tokens = createTokenCache(config.principalCacheSeconds);
  // The services' part of the config (ctx.settings); two limits and the token issuer come up to its top.
  const { invitationTtlDays, platformAdmins, stackRetentionDays, downloadLinkTtlSeconds, buildId, idempotencyKeyTtlHours, limits, webhooks, sso, publicUrl } =
    config;
  const settings: ServiceSettings = {
    invitationTtlDays,
    consumerDomainsAllowed: config.consumerDomainsAllowed,
    idempotencyKeyTtlHours,
    platformAdmins,
    stackRetentionDays,
    downloadLinkTtlSeconds,
    buildId,
    maxBulkInvitations: limits.maxBulkInvitations,
    maxNodeIds: limits.maxNodeIds,
    tokenIssuer: config.tokens.issuer,
    webhooks,
    sso,
    publicUrl,
  };
  const deps = { signingKey, resolveTxt, events, stopping };
  const addresses = new WeakMap<Request, string>();
  const addressOf = (request: Request) => addresses.get(request) ?? UNKNOWN_ADDRESS;
  const newLimiter = limiterFactory(limiterStore(config.rateLimits.store, pool));
  const tokenLimits = tokenEndpointLimits(config.rateLimits, newLimiter);
  const admitPrincipal = principalRateLimit(config.rateLimits.graphqlRequestsPerPrincipal, newLimiter);
  const scimResponse = scimRoutes({
    db: { prisma, sql },
    settings,
    serviceDeps: deps,
    publicUrl,
    maxBodyBytes: limits.maxBodyBytes,
    admitDomain: domainRateLimit(config.rateLimits.scimRequestsPerDomain, newLimiter),
    reportError: errors.error,
  });

  const graphiqlResponse = graphiqlRoute(config.graphiql);
  const samlDeps = {
    prisma,
    signingKey,
    tokens: config.tokens,
    publicUrl: config.publicUrl,
    saml: config.saml,
    // The same pages as OIDC's return_to (SSO_RETURN_TO_ORIGINS, else CORS_ORIGINS) and the server's own.
    returnToOrigins: [new URL(config.publicUrl).origin, ...config.sso.returnToOrigins],
    maxBodyBytes: config.limits.maxBodyBytes,
    startLimiter: newLimiter('saml-starts', config.saml.startsPerAddress, 60),
  };
  // The server's own changes at an SSO sign-in (JIT provisioning) run in a context without a principal.
  const systemContext = () => createContext({ prisma, sql }, null, currentRequest()?.id ?? randomUUID(), settings, deps);
  const provisionOnFirstSight = (user: UserPrincipal, identity: VerifiedIdentity) => provisionFirstSightOfTrustedIssuer(systemContext(), user, identity.issuer);

  /** The routes beside GraphQL; undefined for /graphql (but GraphiQL's page). */
  const routeResponse = async (request: Request, url: URL): Promise<Response | undefined> =>
    (await graphiqlResponse(request, url)) ??
    (await healthResponse(url.pathname, prisma, isStopping)) ??
    jwksResponse(request, url.pathname, signingKey) ??
    (await tokenEndpointResponse(request, url.pathname, {
      prisma,
      signingKey,
      tokens: config.tokens,
      limits: tokenLimits,
      address: addressOf(request),
    })) ??
    (await legalDocumentDownloadResponse(request, url, { prisma, signingKey, issuer: config.tokens.issuer })) ??
    (await scimResponse(request, url)) ??
    (await samlRouteResponse(request, url, { ...samlDeps, address: addressOf(request), systemContext })) ??
    (await oidcRouteResponse(request, url, { prisma, signingKey, tokens: config.tokens, sso, publicUrl, systemContext })) ??
    invitationAcceptPage(request, url);

  const yoga: App = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Our own /health and /ready (src/http/health.ts) answer instead of yoga's built-in check.
    healthCheckEndpoint: '/_yoga/health',
    landingPage: false,
    // GraphiQL's page is ours (src/http/graphiql): yoga's loads everything from a CDN.
    graphiql: false,
    cors: corsPolicy(config.corsOrigins),
    logging: errors,
    maskedErrors: { maskError: (error, message) => maskError(error, message, config.publicUrl) },
    // Over WebSocket (src/http/websocket.ts) the request is made for each operation, and the
    // upgrade request's socket is in `req`: the address comes from there.
    context: async ({ request, ...serverContext }) => {
      const address = addresses.get(request) ?? clientAddress(serverContext, request.headers, config.trustProxyHops);
      // A rejected token (401) or a caller over its rate limit (429) ends the request as a GraphQL
      // error, not as an unexpected failure.
      const authenticateAgain = () => authenticate(request, verify, prisma, tokens, provisionOnFirstSight);
      const principal = await authenticateAgain()
        .then(async (caller) => {
          await admitPrincipal(caller, address);
          return caller;
        })
        .catch((error: unknown) => {
          errors.error(error);
          throw maskError(error, 'Authentication failed', config.publicUrl);
        });
      return createContext({ prisma, sql }, principal, currentRequest()?.id ?? randomUUID(), settings, deps, authenticateAgain);
    },
    plugins: [
      // Spans only for a server that exports them (src/telemetry/tracing.ts), metrics only for one with a token to read them.
      ...(config.tracing ? [requestSpans()] : []),
      accessLog(logger, errors),
      ...(config.metricsToken ? metricsPlugins({ token: config.metricsToken, pool }) : []),
      {
        async onRequest({ request, url, serverContext, endResponse }) {
          addresses.set(request, clientAddress(serverContext, request.headers, config.trustProxyHops));
          // A failure of a route beside GraphQL is logged once and answered without its stack
          // (node's server adapter would put the stack in the body).
          const response = await routeResponse(request, url).catch((error: unknown) => {
            errors.error(error);
            return isDatabaseUnavailable(error) ? unavailableResponse() : internalErrorResponse();
          });
          if (response) endResponse(response);
        },
      },
      requestGuard(config.limits.maxBodyBytes, [TOKEN_PATH]),
      // /rest (after the request guard): the same pipeline as /graphql, under SOFA's routes.
      restRoutes(() => yoga, config.limits.maxBodyBytes),
      csrfPrevention(),
      trustedDocuments(config.trustedDocuments, logger),
      costLimit(config.limits.maxQueryCost),
      compiledExecution(),
      ...(config.tracing ? [operationSpans()] : []),
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
  return yoga;
}

/** A route beside GraphQL failed unexpectedly: 500 without details (the log has them, under the request id). */
function internalErrorResponse(): Response {
  return new Response(JSON.stringify({ error: 'server_error', error_description: 'Unexpected error: see the server log under this response’s x-request-id' }), {
    status: 500,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store' },
  });
}

/** The token endpoint and downloads while the database cannot be reached: 503 with Retry-After (OAuth's temporarily_unavailable). */
function unavailableResponse(): Response {
  return new Response(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'The service is temporarily unavailable: retry shortly' }), {
    status: 503,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' },
  });
}
