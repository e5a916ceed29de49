import type { Standing } from './access.js';
import { applicationScopePrefix } from './application-scope-names.js';
import { sortScopes } from './rules/escalation.js';
import type { ApplicationGrant } from './principal.js';

/**
 * The scopes a standing holds as the API lists them: built-in ones in catalog order, then
 * application scopes by name. Seen by an application (`viewer`, its client's grant), only that
 * application's scopes: what it needs to decide access in its own API, and nothing of the rest.
 */
export function effectiveScopes(standing: Standing, viewer: ApplicationGrant | null = null): string[] {
  const applicationScopes = [...standing.applicationScopes].sort();
  if (viewer) return applicationScopes.filter((scope) => scope.startsWith(applicationScopePrefix(viewer.alias)));
  return [...sortScopes(standing.scopes), ...applicationScopes];
}
