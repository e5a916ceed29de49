import { createApp, type App } from '../../src/app.js';
import { loadSigningKey, type SigningKey } from '../../src/auth/keys.js';
import { generateSigningKeyJwk } from '../../src/auth/keys.js';
import { mintUserToken } from '../../src/auth/tokens.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { TxtResolver } from '../../src/context.js';
import type { PrismaClient } from '../../src/db/client.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import type { ConsumerFactory } from '../../src/events/consumer.js';
import { type EventsRuntime, startEvents } from '../../src/events/runtime.js';
import { createTestDatabase, type StatementCounter, type TestDatabase } from './database.js';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface RequestOptions {
  /** Email of the user to act as; omitted: anonymous. */
  as?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  app: App;
  prisma: PrismaClient;
  config: Config;
  signingKey: SigningKey;
  counter: StatementCounter;
  database: TestDatabase;
  /** The events runtime, when the test asked for it. */
  events?: EventsRuntime;
  /** POSTs a GraphQL operation through the real HTTP surface (app.fetch). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  tokenFor(email: string): Promise<string>;
  close(): Promise<void>;
}

/** The platform admin of every test app (PLATFORM_ADMINS), unless a test sets its own. */
export const PLATFORM_ADMIN = 'root@platform.test';

export interface TestAppOptions {
  /** DNS TXT lookups for domain verification; by default none resolves. */
  resolveTxt?: TxtResolver;
  /** A database of the test's own (a server it stops and starts), instead of a copy of the run's template. */
  database?: TestDatabase;
  /** Where the app logs; by default standard output, unexpected errors only (LOG_LEVEL=error unless `env` says otherwise). */
  logger?: Logger;
  /**
   * Starts the events runtime (src/events/runtime.ts: job queue, outbox relay, LISTEN) on the test's
   * database, with every consumer or the ones given; `close()` stops it.
   */
  events?: boolean | { consumers: ConsumerFactory[] };
}

export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({ PLATFORM_ADMINS: PLATFORM_ADMIN, LOG_LEVEL: 'error', ...env, DATA_DIR: '/nonexistent' });
  const signingKey = await loadSigningKey({ signingKey: env.SIGNING_KEY ?? (await generateSigningKeyJwk()), dataDir: config.dataDir });
  const resolveTxt =
    options.resolveTxt ?? (async (hostname: string) => Promise.reject(Object.assign(new Error(`queryTxt ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })));
  const logger = options.logger ?? createLogger(config.log);
  const events = options.events
    ? await startEvents({ db: database.db, config, signingKey, logger, consumers: options.events === true ? undefined : options.events.consumers })
    : undefined;
  const app = createApp({
    prisma: database.db.prisma,
    sql: database.db.sql,
    pool: database.db.pool,
    config,
    signingKey,
    resolveTxt,
    logger,
    events: events?.bus,
  });
  const tokens = new Map<string, string>();
  const tokenFor = async (email: string) => {
    if (!tokens.has(email)) tokens.set(email, await mintUserToken(signingKey, config.tokens, { email }));
    return tokens.get(email)!;
  };
  return {
    app,
    prisma: database.db.prisma,
    config,
    signingKey,
    counter: database.counter,
    database,
    tokenFor,
    async gql(query, variables, options = {}) {
      const token = options.token ?? (options.as ? await tokenFor(options.as) : undefined);
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return { ...body, status: response.status };
    },
    events,
    async close() {
      await events?.stop(1_000);
      await app.dispose();
      await database.drop();
    },
  };
}

/** Throws with the response's errors when there are any, so a failing test shows why. */
export function expectData<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** The codes of a response's top-level errors. */
export function errorCodes(response: GraphQLResponse): (string | undefined)[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}
