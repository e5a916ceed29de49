import path from 'node:path';
import { z } from 'zod';
import { type CorsOrigins, CorsOriginsSetting } from './http/cors-origins.js';
import { TrustedDocumentsSetting } from './http/trusted-documents-manifest.js';

/** The environment variables, validated, with their defaults. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url({ error: 'Invalid URL: expected postgres://user:password@host:5432/database' }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  DATABASE_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  DATA_DIR: z.string().default('./data'),
  SEED_DEMO_DATA: z.enum(['true', 'false']).default('true'),
  TOKEN_ISSUER: z.string().default('orgraph'),
  TOKEN_AUDIENCE: z.string().default('orgraph'),
  TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  CLIENT_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().max(86_400).default(300),
  SIGNING_KEY: z.string().optional(),
  OIDC_ISSUER: z.string().optional(),
  OIDC_JWKS_URL: z.string().url().optional(),
  OIDC_AUDIENCE: z.string().optional(),
  INVITATION_TTL_DAYS: z.coerce.number().int().positive().default(7),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_000_000),
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(12),
  MAX_BULK_INVITATIONS: z.coerce.number().int().positive().default(100),
  PLATFORM_ADMINS: z.string().default(''),
  // Organization domains (src/services/consumer-domains.ts): consumer email providers' domains the operator accepts anyway.
  CONSUMER_DOMAINS_ALLOWED: z.string().default(''),
  STACK_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  DOWNLOAD_LINK_TTL_SECONDS: z.coerce.number().int().positive().max(3600).default(60),
  BUILD_ID: z.string().default('dev'),
  PRINCIPAL_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  MAX_QUERY_COST: z.coerce.number().int().positive().default(50_000),
  MAX_NODE_IDS: z.coerce.number().int().positive().max(10_000).default(100),
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().positive().max(720).default(24),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  NODE_ENV: z.string().optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  RATE_LIMIT_STORE: z.enum(['database', 'memory']).default('database'),
  TOKEN_REQUESTS_PER_ADDRESS: z.coerce.number().int().min(0).default(600),
  TOKEN_FAILURES_PER_CLIENT_ADDRESS: z.coerce.number().int().min(0).default(10),
  TOKEN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).default(100),
  TOKEN_FAILURES_PER_CLIENT: z.coerce.number().int().min(0).default(100),
  TOKEN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  GRAPHQL_REQUESTS_PER_PRINCIPAL: z.coerce.number().int().min(0).default(0),
  SCIM_REQUESTS_PER_DOMAIN: z.coerce.number().int().min(0).default(0),
  CORS_ORIGINS: CorsOriginsSetting,
  TRUSTED_DOCUMENTS: TrustedDocumentsSetting,
  TRUSTED_DOCUMENTS_ONLY: z.enum(['true', 'false']).optional(),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('orgraph'),
  GRAPHIQL: z.enum(['true', 'false']).default('true'),
  GRAPHIQL_TOKEN: z.string().min(1).optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  QUEUE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a PostgreSQL schema name: lower-case letters, digits and _')
    .default('pgboss'),
  QUEUE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(3),
  QUEUE_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  EVENTS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  // Invitation email (src/mail, src/events/consumers/invitation-email.ts).
  SMTP_URL: z
    .string()
    .url()
    .refine((url) => /^smtps?:\/\//.test(url), 'expected smtp://user:password@host:587 or smtps://user:password@host:465')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Orgraph <no-reply@orgraph.localhost>'),
  INVITATION_ACCEPT_URL: z.string().url().optional(),
  // The server's address as browsers and identity providers reach it (SSO redirect URIs, SCIM base, sign-in URLs).
  PUBLIC_URL: z
    .string()
    .url()
    .refine((url) => /^https?:\/\//.test(url), 'expected http(s)://host[:port][/path]')
    .optional(),
  MAIL_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(12),
  MAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  WEBHOOK_SECRET_KEY: z.string().min(32, 'at least 32 characters').optional(),
  WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).optional(),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).default('false'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(12),
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(10),
  WEBHOOK_RETRY_DELAY_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  // SAML sign-in (src/auth/sso/saml-*.ts, src/http/saml-routes.ts).
  SAML_REQUEST_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
  SAML_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  SAML_STARTS_PER_ADDRESS: z.coerce.number().int().min(0).default(30),
  // Sign-in through an organization's OIDC provider (src/http/oidc-routes.ts).
  SSO_SECRET_KEY: z.string().min(32, 'at least 32 characters').optional(),
  SSO_ALLOW_LOOPBACK: z.enum(['true', 'false']).optional(),
  // Absent (not empty) falls back to CORS_ORIGINS; CorsOriginsSetting alone would default to none.
  SSO_RETURN_TO_ORIGINS: z.union([z.undefined(), CorsOriginsSetting]),
});

/** The environment, with the rules that span variables. */
const CheckedEnvSchema = EnvSchema.refine((e) => !e.GRAPHIQL_TOKEN || e.NODE_ENV === 'development', {
  message: 'for development only (NODE_ENV=development): GraphiQL hands the token to whoever opens the page',
  path: ['GRAPHIQL_TOKEN'],
});

/** How the API waits for PostgreSQL: a database that hangs must fail requests fast, not pile them up. */
export interface PoolSettings {
  /** Connections per server process. */
  size: number;
  /** Longest wait for a new connection. */
  connectTimeoutMs: number;
  /** Longest wait for a statement's answer (also sent as the server's statement_timeout); 0: none. */
  queryTimeoutMs: number;
  /** Longest a write transaction may wait for its connection, and then last. */
  transactionTimeoutMs: number;
}

export type Database =
  | { kind: 'postgres'; url: string; pool?: PoolSettings }
  | { kind: 'pglite'; dataDir: string; pool?: Pick<PoolSettings, 'transactionTimeoutMs'> };

function databaseOf(url: string | undefined, dataDir: string, pool: PoolSettings): Database {
  return url ? { kind: 'postgres', url, pool } : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite'), pool };
}

function lowerCasedList(commaSeparated: string): ReadonlySet<string> {
  return new Set(
    commaSeparated
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** OpenTelemetry's variables: the traces' own URL as given, else `/v1/traces` under the general endpoint. */
function tracingOf(tracesUrl: string | undefined, baseUrl: string | undefined, serviceName: string) {
  const url = tracesUrl ?? (baseUrl && `${baseUrl.replace(/\/+$/, '')}/v1/traces`);
  return url ? { url, serviceName } : undefined;
}

function allOrNone(...values: (string | undefined)[]): boolean {
  return values.every(Boolean) || !values.some(Boolean);
}

/** The environment as the rest of the code reads it: named, grouped and converted. `Config` is its output. */
const ConfigSchema = CheckedEnvSchema.refine((e) => allOrNone(e.OIDC_ISSUER, e.OIDC_JWKS_URL, e.OIDC_AUDIENCE), {
  message: 'OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE go together',
  // Checked once every variable is valid, so a bad OIDC_JWKS_URL is reported alone.
  when: (payload) => payload.issues.length === 0,
}).transform((e, ctx) => {
  if (e.TRUSTED_DOCUMENTS_ONLY === 'true' && e.TRUSTED_DOCUMENTS.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['TRUSTED_DOCUMENTS_ONLY'], message: 'true needs TRUSTED_DOCUMENTS, the manifests of the documents to run' });
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: databaseOf(e.DATABASE_URL, dataDir, {
      size: e.DATABASE_POOL_SIZE,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
      transactionTimeoutMs: e.DATABASE_TRANSACTION_TIMEOUT_MS,
    }),
    dataDir,
    seedDemoData: e.SEED_DEMO_DATA === 'true',
    tokens: {
      issuer: e.TOKEN_ISSUER,
      audience: e.TOKEN_AUDIENCE,
      /** Lifetime of the tokens of `npm run token`. */
      ttlSeconds: e.TOKEN_TTL_SECONDS,
      /** Lifetime of service-client tokens from POST /oauth/token. */
      clientTtlSeconds: e.CLIENT_TOKEN_TTL_SECONDS,
      signingKey: e.SIGNING_KEY,
    },
    /** An external identity provider, whose tokens are accepted too. */
    oidc: e.OIDC_ISSUER && e.OIDC_JWKS_URL && e.OIDC_AUDIENCE ? { issuer: e.OIDC_ISSUER, jwksUrl: e.OIDC_JWKS_URL, audience: e.OIDC_AUDIENCE } : undefined,
    invitationTtlDays: e.INVITATION_TTL_DAYS,
    limits: {
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxQueryDepth: e.MAX_QUERY_DEPTH,
      maxBulkInvitations: e.MAX_BULK_INVITATIONS,
      /** See src/schema/shared/query-cost.ts. */
      maxQueryCost: e.MAX_QUERY_COST,
      /** Most ids `nodes(ids:)` takes. */
      maxNodeIds: e.MAX_NODE_IDS,
    },
    /** Lower-cased emails of the platform admins, who manage global resources (public regions, applications, users). */
    platformAdmins: lowerCasedList(e.PLATFORM_ADMINS),
    /** Domains of the consumer email providers' list that addDomain accepts anyway (an organization's own domain the list names). */
    consumerDomainsAllowed: lowerCasedList(e.CONSUMER_DOMAINS_ALLOWED),
    /** Days a deleted stack can still be restored. */
    stackRetentionDays: e.STACK_RETENTION_DAYS,
    /** Lifetime of signed download links (legal documents). */
    downloadLinkTtlSeconds: e.DOWNLOAD_LINK_TTL_SECONDS,
    /** Build identifier reported by serverInfo (e.g. a commit). */
    buildId: e.BUILD_ID,
    /** How long a create's idempotency key is remembered (and its result replayed). */
    idempotencyKeyTtlHours: e.IDEMPOTENCY_KEY_TTL_HOURS,
    /** How long a token's identity is remembered as its user (0: looked up on every request). */
    principalCacheSeconds: e.PRINCIPAL_CACHE_SECONDS,
    /** See src/log/logger.ts: JSON lines unless asked for (or developing), pretty lines. */
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json') },
    /** Proxies in front of the server, each appending to X-Forwarded-For (0: the header is ignored). */
    trustProxyHops: e.TRUST_PROXY_HOPS,
    /** See src/http/rate-limiters.ts; a limit of 0 is off. */
    rateLimits: {
      /** 'database': PostgreSQL's, shared by replicas (memory on PGlite, one process anyway). */
      store: e.RATE_LIMIT_STORE,
      /** POST /oauth/token requests per client address and minute, whatever their outcome. */
      tokenRequestsPerAddress: e.TOKEN_REQUESTS_PER_ADDRESS,
      /** Failed client authentications per window before POST /oauth/token answers 429 unread. */
      tokenFailures: {
        perClientAddress: e.TOKEN_FAILURES_PER_CLIENT_ADDRESS,
        perAddress: e.TOKEN_FAILURES_PER_ADDRESS,
        perClient: e.TOKEN_FAILURES_PER_CLIENT,
        windowSeconds: e.TOKEN_FAILURE_WINDOW_SECONDS,
      },
      /** GraphQL requests per principal (user, client, or anonymous address) and minute. */
      graphqlRequestsPerPrincipal: e.GRAPHQL_REQUESTS_PER_PRINCIPAL,
      /** SCIM requests per domain (its token) and minute; over it, 429 with Retry-After (src/http/scim-routes.ts). 0: off. */
      scimRequestsPerDomain: e.SCIM_REQUESTS_PER_DOMAIN,
    },
    /** Origins whose browser pages may call the API (CORS). */
    corsOrigins: e.CORS_ORIGINS,
    /** See src/http/trusted-documents.ts: given manifests, only their documents run, unless developing (or told otherwise). */
    trustedDocuments: { manifests: e.TRUSTED_DOCUMENTS, only: (e.TRUSTED_DOCUMENTS_ONLY ?? (e.NODE_ENV === 'development' ? 'false' : 'true')) === 'true' },
    /** See src/telemetry/metrics.ts: /metrics is served only with a token. */
    metricsToken: e.METRICS_TOKEN,
    /** See src/telemetry/tracing.ts: traces are recorded only when they have somewhere to go. */
    tracing: tracingOf(e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, e.OTEL_EXPORTER_OTLP_ENDPOINT, e.OTEL_SERVICE_NAME),
    /** GraphiQL at GET /graphql (src/http/graphiql); in development, with a bearer token in its Headers tab. */
    graphiql: { enabled: e.GRAPHIQL === 'true', token: e.GRAPHIQL_TOKEN },
    /** Longest a stopping server waits for the requests in flight (src/http/drain.ts). */
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    /** See src/events/runtime.ts: the job queue (pg-boss) and the outbox relay. */
    events: {
      /** PostgreSQL schema of the job queue's tables, created and upgraded by the queue itself at start. */
      queueSchema: e.QUEUE_SCHEMA,
      /** The queue's own connections on PostgreSQL (beside DATABASE_POOL_SIZE), plus one that LISTENs. */
      queuePoolSize: e.QUEUE_POOL_SIZE,
      /** Jobs of one kind (one queue) a server runs at once. */
      concurrency: e.QUEUE_CONCURRENCY,
      /** How often the outbox is swept for events whose notification was missed (a restart, a dropped LISTEN). */
      sweepIntervalMs: e.EVENTS_SWEEP_INTERVAL_MS,
    },
    /** The server's external base URL, without a trailing slash (src/auth/sso/urls.ts). */
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    /**
     * SAML sign-in: how long a sign-in may take at the identity provider, the clock difference tolerated with it, and
     * sign-ins a client address may start per minute (each stores a request; 0: no limit).
     */
    saml: { requestTtlSeconds: e.SAML_REQUEST_TTL_SECONDS, clockSkewSeconds: e.SAML_CLOCK_SKEW_SECONDS, startsPerAddress: e.SAML_STARTS_PER_ADDRESS },
    /** Invitation email: SMTP when given, else `.eml` files under DATA_DIR/mail (src/mail/transport.ts). */
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      localMailbox: path.join(dataDir, 'mail'),
      /** Where an invitation's accept link points; its signed token is appended as `?token=`. */
      invitationAcceptUrl: e.INVITATION_ACCEPT_URL ?? `http://localhost:${e.PORT}/invitations/accept`,
      /** Retries of a failed send, the first after MAIL_RETRY_DELAY_SECONDS, each later one twice as late. */
      retryLimit: e.MAIL_RETRY_LIMIT,
      retryDelaySeconds: e.MAIL_RETRY_DELAY_SECONDS,
    },
    /** See src/events/consumers/webhook-delivery.ts and src/events/webhook-url.ts. */
    webhooks: {
      /** Encrypts the stored signing secrets; without it, a key derived from the server's signing key does. */
      secretKey: e.WEBHOOK_SECRET_KEY,
      /** http:// URLs to loopback addresses (127.0.0.1, ::1, localhost), for development: on by default with NODE_ENV=development. */
      allowLoopback: (e.WEBHOOK_ALLOW_LOOPBACK ?? (e.NODE_ENV === 'development' ? 'true' : 'false')) === 'true',
      /** Private, link-local, unique-local, CGNAT and other non-public addresses (an internal network's services). */
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS === 'true',
      /** Longest wait for a receiver's answer, connection included. */
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      /** Retries after a failed attempt, and their exponential backoff (pg-boss retryDelay, retryDelayMax). */
      retry: { limit: e.WEBHOOK_RETRY_LIMIT, delaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS, delayMaxSeconds: e.WEBHOOK_RETRY_DELAY_MAX_SECONDS },
    },
    /** Sign-in through an organization's OIDC provider (src/http/oidc-routes.ts, src/auth/sso/oidc-*.ts). */
    sso: {
      /** Encrypts the stored OIDC client secrets and the pending sign-in cookie; without it, keys derived from the server's signing key do. */
      secretKey: e.SSO_SECRET_KEY,
      /** http:// issuers on loopback addresses (127.0.0.1, ::1, localhost), for development: on by default with NODE_ENV=development. */
      allowLoopback: (e.SSO_ALLOW_LOOPBACK ?? (e.NODE_ENV === 'development' ? 'true' : 'false')) === 'true',
      /** Origins of the pages a sign-in may return its token to (`return_to`); `*` allows none. */
      returnToOrigins: returnToOriginsOf(e.SSO_RETURN_TO_ORIGINS, e.CORS_ORIGINS),
    },
  };
});

/** Where a finished sign-in may send its token: the setting, else CORS_ORIGINS (never `*`: a token must go to known pages only). */
function returnToOriginsOf(setting: CorsOrigins | undefined, corsOrigins: CorsOrigins): readonly string[] {
  const origins = setting ?? corsOrigins;
  return origins === '*' ? [] : origins;
}

export type Config = z.output<typeof ConfigSchema>;

/** Parses and validates the environment once; the rest of the code reads the typed result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    // A variable's problem is prefixed with its name; the OIDC rule spans three and names them itself.
    const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}
