import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from '@prisma/driver-adapter-utils';

// Reports how many rows each of Prisma's statements returned, inside transactions too, so tests
// can prove that what a request reads follows its page sizes and not the size of a table.

type RowsListener = (sql: string, count: number) => void;

function observeQueries<T extends { queryRaw(query: SqlQuery): Promise<SqlResultSet> }>(target: T, onRows: RowsListener): T {
  const queryRaw = target.queryRaw.bind(target);
  return Object.assign(Object.create(target) as T, {
    async queryRaw(query: SqlQuery) {
      const result = await queryRaw(query);
      onRows(query.sql, result.rows.length);
      return result;
    },
  });
}

function observeConnection(adapter: SqlDriverAdapter, onRows: RowsListener): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  return Object.assign(observeQueries(adapter, onRows), {
    startTransaction: async (...args: Parameters<SqlDriverAdapter['startTransaction']>): Promise<Transaction> =>
      observeQueries(await startTransaction(...args), onRows),
  });
}

/** The same factory, its connections reporting the rows of every query to `onRows`. */
export function observeRows(factory: SqlMigrationAwareDriverAdapterFactory, onRows: RowsListener): SqlMigrationAwareDriverAdapterFactory {
  const connect = factory.connect.bind(factory);
  return Object.assign(Object.create(factory) as SqlMigrationAwareDriverAdapterFactory, {
    connect: async () => observeConnection(await connect(), onRows),
  });
}
