import { testDatabaseKind } from './database.js';

/**
 * The title of a test that fires requests at once. PGlite has a single connection, so there the
 * requests run one after another and the test is no race; its title says so. On PostgreSQL they
 * do race.
 */
export function raceTitle(title: string): string {
  return testDatabaseKind() === 'pglite' ? `${title} (sequential on PGlite)` : title;
}
