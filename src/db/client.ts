import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Database, PoolSettings } from '../config.js';
import { PrismaClient as GeneratedClient } from './generated/prisma/client.js';
import { observeRows } from './row-observing-adapter.js';
import { PRISMA_OMIT } from './unasked-columns.js';
import { pgliteReader, pgReader, type SqlObserver, type SqlReader } from './sql-reader.js';

/** The client the application uses: Prisma's, leaving out the unasked columns (unasked-columns.ts) by default. */
export type PrismaClient = GeneratedClient<never, typeof PRISMA_OMIT>;

/** A connected database: Prisma, the read path's SQL reader, and the adapter factory the schema engine uses for migrations. */
export interface DatabaseHandle {
  prisma: PrismaClient;
  sql: SqlReader;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** PostgreSQL's connection pool (none on PGlite): the rate limits count there too (src/http/rate-limiters.ts). */
  pool?: pg.Pool;
  /** Where the events runtime (src/events/runtime.ts) connects: its queue and its LISTEN. */
  events: { kind: 'postgres'; url: string } | { kind: 'pglite'; pglite: PGlite };
  describe: string;
  close(): Promise<void>;
}

/** Hooks on every statement, Prisma's and the SQL reader's; tests count statements and rows with them. */
export interface OpenOptions extends SqlObserver {
  /** PGlite only: start from this dump of a data directory (tests start from one migrated database). */
  loadDataDir?: Blob;
}

/** The pool when the caller names none (tests, scripts): the settings' defaults. */
const DEFAULT_POOL: PoolSettings = { size: 10, connectTimeoutMs: 5_000, queryTimeoutMs: 5_000, transactionTimeoutMs: 30_000 };

export async function openDatabase(database: Database, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (database.kind === 'postgres') {
    // One pool for Prisma and the reader, so both share the connection limit.
    const { size, connectTimeoutMs, queryTimeoutMs, transactionTimeoutMs } = database.pool ?? DEFAULT_POOL;
    const pool = new pg.Pool({
      connectionString: database.url,
      max: size,
      connectionTimeoutMillis: connectTimeoutMs,
      // The client's own deadline holds when the server hangs and cannot cancel anything itself.
      // 0: none (migrations, which may rewrite big tables).
      query_timeout: queryTimeoutMs || undefined,
      statement_timeout: queryTimeoutMs,
      // A server-side end for a transaction whose client went away (or hangs) holding locks.
      idle_in_transaction_session_timeout: transactionTimeoutMs,
    });
    const adapterFactory = new PrismaPg(pool);
    const prisma = makeClient(adapterFactory, options, transactionTimeoutMs);
    return {
      prisma,
      sql: pgReader(pool, options),
      adapterFactory,
      pool,
      events: { kind: 'postgres', url: database.url },
      describe: `PostgreSQL at ${redactUrl(database.url)}`,
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  if (!database.dataDir.startsWith('memory://')) await mkdir(database.dataDir, { recursive: true });
  // Small shared buffers: the embedded database lives in this process's memory (measured: 318
  // against 427 MiB idle with PostgreSQL's default 128MB), and one process does not need more.
  const pglite = new PGlite(database.dataDir, { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'], loadDataDir: options.loadDataDir });
  await pglite.waitReady;
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = makeClient(adapterFactory, options, (database.pool ?? DEFAULT_POOL).transactionTimeoutMs);
  const where = database.dataDir.startsWith('memory://') ? 'in memory' : `under ${database.dataDir}`;
  return {
    prisma,
    sql: pgliteReader(pglite, options),
    adapterFactory,
    events: { kind: 'pglite', pglite },
    describe: `embedded PGlite ${where}`,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

function makeClient(factory: SqlMigrationAwareDriverAdapterFactory, { onQuery, onRows }: OpenOptions, transactionTimeoutMs: number): PrismaClient {
  const adapter = onRows ? observeRows(factory, onRows) : factory;
  // The wait for a connection counts too: PGlite has one, so concurrent writes queue for it.
  const transactionOptions = { maxWait: transactionTimeoutMs, timeout: transactionTimeoutMs };
  if (!onQuery) return new GeneratedClient({ adapter, omit: PRISMA_OMIT, transactionOptions });
  const client = new GeneratedClient({ adapter, omit: PRISMA_OMIT, transactionOptions, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => onQuery(event.query));
  // Typed as the client without events: nothing but this listener subscribes to them.
  return client as unknown as PrismaClient;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}
