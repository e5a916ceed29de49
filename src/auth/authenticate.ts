import type { PrismaClient } from '../db/client.js';
import { UnauthenticatedError } from '../errors.js';
import { resolveClientPrincipal } from './client-credentials.js';
import { resolveUserPrincipal, type Principal } from './principal.js';
import { isClientToken, type TokenVerifier } from './tokens.js';

/**
 * The principal of a request: anonymous without an Authorization header; a bad, expired or
 * foreign token is an error, never a silent downgrade to anonymous. A service client's token
 * is checked against the client as it is now: deleted, or its secret rotated, means rejected.
 */
export async function authenticate(request: Request, verify: TokenVerifier, prisma: PrismaClient): Promise<Principal | null> {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
  const token = await verify(match[1]!);
  return isClientToken(token) ? resolveClientPrincipal(prisma, token) : resolveUserPrincipal(prisma, token);
}
