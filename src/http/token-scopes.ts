import { oauthError } from './oauth-responses.js';

// The `scope` parameter of a token request (RFC 6749 §3.3): a subset of what the client may have.

/** The requested scopes (all of `own` when `scope` is absent); any outside `own` is invalid_scope. */
export function grantedScopes(requested: string | undefined, own: readonly string[]): string[] | Response {
  if (requested === undefined) return own.length > 0 ? [...own] : oauthError('invalid_scope', 'The client has no scopes');
  const asked = [...new Set(requested.split(' ').filter(Boolean))];
  const unknown = asked.filter((scope) => !own.includes(scope));
  if (asked.length === 0) return oauthError('invalid_scope', 'scope must name at least one scope');
  if (unknown.length > 0) return oauthError('invalid_scope', `The client does not have: ${unknown.join(' ')}`);
  return asked;
}
