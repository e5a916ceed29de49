import type { PrismaClient } from '../db/client.js';
import { UnauthenticatedError } from '../errors.js';
import { resolveClientPrincipal } from './client-credentials.js';
import { identityKey, type PrincipalCache } from './principal-cache.js';
import { resolveUserPrincipal, type Principal } from './principal.js';
import { isClientToken, type TokenVerifier } from './tokens.js';

/**
 * The principal of a request: anonymous without an Authorization header; a bad, expired or
 * foreign token is an error, never a silent downgrade to anonymous. A service client's token
 * is checked against the client as it is now: deleted, or its secret rotated, means rejected.
 * A user token's user comes from `users` while it remembers the identity.
 */
export async function authenticate(request: Request, verify: TokenVerifier, prisma: PrismaClient, users: PrincipalCache | null): Promise<Principal | null> {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
  const token = await verify(match[1]!);
  if (isClientToken(token)) return resolveClientPrincipal(prisma, token);
  const key = identityKey(token);
  const known = users?.get(key);
  if (known) return known;
  const principal = await resolveUserPrincipal(prisma, token);
  users?.set(key, principal);
  return principal;
}
