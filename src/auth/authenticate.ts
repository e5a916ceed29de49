import type { PrismaClient } from '../db/client.js';
import { UnauthenticatedError } from '../errors.js';
import { resolveClientPrincipal } from './client-principal.js';
import { remember, type TokenCache } from './token-cache.js';
import { type FirstSightHook, resolveUserPrincipal, type Principal } from './principal.js';
import { isClientToken, type TokenVerifier } from './tokens.js';

/**
 * The principal of a request: anonymous without an Authorization header; a bad, expired or
 * foreign token is an error, never a silent downgrade to anonymous. A service client's token
 * is checked against the client as it is now: deleted, or its secret rotated, means rejected.
 * Tokens seen lately are remembered (token-cache.ts).
 */
export async function authenticate(
  request: Request,
  verify: TokenVerifier,
  prisma: PrismaClient,
  tokens: TokenCache | null,
  onFirstSight?: FirstSightHook,
): Promise<Principal | null> {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
  const raw = match[1]!;
  const known = tokens?.get(raw);
  if (known) return 'user' in known ? known.user : resolveClientPrincipal(prisma, known.client);
  const token = await verify(raw);
  if (isClientToken(token)) {
    remember(tokens, raw, token.expiresAt, { client: token });
    return resolveClientPrincipal(prisma, token);
  }
  const user = await resolveUserPrincipal(prisma, token, onFirstSight);
  remember(tokens, raw, token.expiresAt, { user });
  return user;
}
