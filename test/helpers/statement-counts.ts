import { expectData, type TestApp } from './app.js';

// The "fixed number of SQL statements" tests: run a query, count what it sent, and show the
// statements when a count is off.

/** Runs `query` as `viewer` and counts the SQL statements it sent; throws on GraphQL errors. */
export async function measure(t: TestApp, query: string, viewer: string) {
  const { result, count, statements } = await t.counter.during(() => t.gql(query, {}, { as: viewer }));
  return { data: expectData<any>(result), count, statements };
}

/** A run's statements, one a line and shortened, for the message of a count that is off. */
export const listing = (run: { count: number; statements: string[] }) =>
  `${run.count} statements:\n${run.statements.map((s) => `  ${s.replace(/\s+/g, ' ').slice(0, 200)}`).join('\n')}`;
