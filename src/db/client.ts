import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Database } from '../config.js';
import { PrismaClient } from './generated/prisma/client.js';

export type { PrismaClient };

/** A connected database: the Prisma client and the adapter factory the schema engine uses for migrations. */
export interface DatabaseHandle {
  prisma: PrismaClient;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  describe: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Called with every SQL statement Prisma sends; tests count statements with it. */
  onQuery?: (sql: string) => void;
}

export async function openDatabase(database: Database, options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (database.kind === 'postgres') {
    const adapterFactory = new PrismaPg({ connectionString: database.url });
    const prisma = makeClient(adapterFactory, options);
    return { prisma, adapterFactory, describe: `PostgreSQL at ${redactUrl(database.url)}`, close: () => prisma.$disconnect() };
  }
  if (!database.dataDir.startsWith('memory://')) await mkdir(database.dataDir, { recursive: true });
  const pglite = new PGlite(database.dataDir);
  await pglite.waitReady;
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = makeClient(adapterFactory, options);
  const where = database.dataDir.startsWith('memory://') ? 'in memory' : `under ${database.dataDir}`;
  return {
    prisma,
    adapterFactory,
    describe: `embedded PGlite ${where}`,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

function makeClient(adapter: SqlMigrationAwareDriverAdapterFactory, options: OpenOptions): PrismaClient {
  if (!options.onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => options.onQuery!(event.query));
  return client;
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
