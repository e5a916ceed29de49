import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inSqlSpan } from '../telemetry/sql-span.js';
import type { Prisma } from './generated/prisma/client.js';

// The read path's hand-written statements (pages of connections, the caller's standing) run on
// the driver itself, beside Prisma: rows come back as arrays of column values and are shaped
// once, which costs a fraction of Prisma's per-row work (measured: 2.4 against 5.7 ms of CPU
// for 1,000 rows). Writes and everything else stay with Prisma.

/** Reads rows with one SQL statement; each row is the array of its column values, in select-list order. */
export interface SqlReader {
  rows(query: Prisma.Sql): Promise<unknown[][]>;
}

/** Sees every statement the reader runs and how many rows it returned (tests count both). */
export interface SqlObserver {
  onQuery?: (sql: string) => void;
  onRows?: (sql: string, count: number) => void;
}

const TIMESTAMP = 1114;

/**
 * Prisma stores UTC in `timestamp(3)` (no time zone): read it back as UTC, whatever the machine's
 * zone. PostgreSQL writes `2025-01-31 12:00:00.123` (DateStyle ISO), which V8 reads with a `Z`.
 */
function utcTimestamp(text: string): Date {
  return new Date(`${text}Z`);
}

function observed(observer: SqlObserver, read: (text: string, values: unknown[]) => Promise<unknown[][]>): SqlReader {
  return {
    async rows(query) {
      observer.onQuery?.(query.text);
      const rows = await inSqlSpan(query.text, () => read(query.text, query.values));
      observer.onRows?.(query.text, rows.length);
      return rows;
    },
  };
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP ? utcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// The read path has few statement texts (one per field, selection and window shape), run over
// and over: each gets a name, so that every connection parses and plans it once and then only
// binds it (measured: a fifth of the database CPU of the organization page). Texts past
// the first PREPARED_TEXTS run unnamed, so that no stream of odd selections grows every
// connection's set of prepared statements without bound.
const PREPARED_TEXTS = 500;

function statementNamer(): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (name === undefined && names.size < PREPARED_TEXTS) names.set(text, (name = `orgraph_read_${names.size}`));
    return name;
  };
}

/** A reader on the pool Prisma's PostgreSQL adapter uses. */
export function pgReader(pool: pg.Pool, observer: SqlObserver = {}): SqlReader {
  const nameOf = statementNamer();
  return observed(observer, async (text, values) => (await pool.query<unknown[]>({ name: nameOf(text), text, values, rowMode: 'array', types: pgTypes })).rows);
}

/** A reader on the embedded database. */
export function pgliteReader(db: PGlite, observer: SqlObserver = {}): SqlReader {
  const parsers = { [TIMESTAMP]: utcTimestamp };
  return observed(observer, async (text, values) => (await db.query<unknown[]>(text, values, { rowMode: 'array', parsers })).rows);
}
