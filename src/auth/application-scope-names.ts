import { ALL_SCOPES } from './scopes.js';

// How an application's scope is named wherever scopes are listed (policies, effective scopes,
// tokens): `app:<alias>/<label>`, e.g. `app:ledger/ledger:read`. The built-in catalog never
// starts with `app:`, an alias never holds `/` and a label never holds `/`, so the name can
// neither collide with a built-in scope nor be read two ways.

const PREFIX = 'app:';

/** Longest name of an application scope: the prefix, an alias (50), `/`, a label (100). */
export const APPLICATION_SCOPE_NAME_MAX = PREFIX.length + 50 + 1 + 100;

/** The name of the scope `label` of the application `alias`. */
export function applicationScopeName(alias: string, label: string): string {
  return `${PREFIX}${alias}/${label}`;
}

/** What names every scope of the application `alias` start with. */
export function applicationScopePrefix(alias: string): string {
  return `${PREFIX}${alias}/`;
}

/** The application alias and scope label a name stands for, or null when it is not shaped as an application scope. */
export function parseApplicationScopeName(name: string): { alias: string; label: string } | null {
  if (!name.startsWith(PREFIX)) return null;
  const slash = name.indexOf('/', PREFIX.length);
  if (slash <= PREFIX.length || slash === name.length - 1) return null;
  return { alias: name.slice(PREFIX.length, slash), label: name.slice(slash + 1) };
}

/** Whether the name is shaped as an application scope (whether such a scope exists is another question). */
export function isApplicationScopeName(name: string): boolean {
  return parseApplicationScopeName(name) !== null;
}

/**
 * Scopes in the order they are stored and shown: the built-in catalog's order first, then
 * application scopes by name; without duplicates, and without anything that is neither.
 */
export function sortAllScopes(scopes: Iterable<string>): string[] {
  const set = new Set(scopes);
  const builtIn: string[] = ALL_SCOPES.filter((scope) => set.has(scope));
  return [...builtIn, ...[...set].filter(isApplicationScopeName).sort()];
}
