import path from 'node:path';
import { z } from 'zod';

/** Environment parsed and validated once; the rest of the code reads this typed object. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
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
  STACK_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  DOWNLOAD_LINK_TTL_SECONDS: z.coerce.number().int().positive().max(3600).default(60),
  BUILD_ID: z.string().default('dev'),
  PRINCIPAL_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  MAX_QUERY_COST: z.coerce.number().int().positive().default(50_000),
  MAX_NODE_IDS: z.coerce.number().int().positive().max(10_000).default(100),
});

export type Database = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface Config {
  port: number;
  host: string;
  database: Database;
  dataDir: string;
  seedDemoData: boolean;
  /** ttlSeconds: tokens of `npm run token`; clientTtlSeconds: service-client tokens from POST /oauth/token. */
  tokens: { issuer: string; audience: string; ttlSeconds: number; clientTtlSeconds: number; signingKey?: string };
  oidc?: { issuer: string; jwksUrl: string; audience: string };
  invitationTtlDays: number;
  /** maxQueryCost: see src/schema/shared/query-cost.ts; maxNodeIds: most ids of nodes(ids:). */
  limits: { maxBodyBytes: number; maxQueryDepth: number; maxBulkInvitations: number; maxQueryCost: number; maxNodeIds: number };
  /** Lower-cased emails of the platform admins, who manage global resources (public regions, applications, users). */
  platformAdmins: ReadonlySet<string>;
  /** Days a deleted stack can still be restored. */
  stackRetentionDays: number;
  /** Lifetime of signed download links (legal documents). */
  downloadLinkTtlSeconds: number;
  /** Build identifier reported by serverInfo (e.g. a commit). */
  buildId: string;
  /** How long a token's identity is remembered as its user (0: looked up on every request). */
  principalCacheSeconds: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_JWKS_URL, e.OIDC_AUDIENCE];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new Error('Invalid environment: OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE go together');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    seedDemoData: e.SEED_DEMO_DATA === 'true',
    tokens: { issuer: e.TOKEN_ISSUER, audience: e.TOKEN_AUDIENCE, ttlSeconds: e.TOKEN_TTL_SECONDS, clientTtlSeconds: e.CLIENT_TOKEN_TTL_SECONDS, signingKey: e.SIGNING_KEY },
    oidc: e.OIDC_ISSUER ? { issuer: e.OIDC_ISSUER, jwksUrl: e.OIDC_JWKS_URL!, audience: e.OIDC_AUDIENCE! } : undefined,
    invitationTtlDays: e.INVITATION_TTL_DAYS,
    limits: {
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxQueryDepth: e.MAX_QUERY_DEPTH,
      maxBulkInvitations: e.MAX_BULK_INVITATIONS,
      maxQueryCost: e.MAX_QUERY_COST,
      maxNodeIds: e.MAX_NODE_IDS,
    },
    platformAdmins: new Set(
      e.PLATFORM_ADMINS.split(',')
        .map((email) => email.trim().toLowerCase())
        .filter(Boolean),
    ),
    stackRetentionDays: e.STACK_RETENTION_DAYS,
    downloadLinkTtlSeconds: e.DOWNLOAD_LINK_TTL_SECONDS,
    buildId: e.BUILD_ID,
    principalCacheSeconds: e.PRINCIPAL_CACHE_SECONDS,
  };
}
