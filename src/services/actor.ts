import { userOf, type UserPrincipal } from '../auth/principal.js';
import type { Context } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

/** The signed-in user; UNAUTHENTICATED for anonymous callers, FORBIDDEN for service clients. */
export function requireUser(ctx: Context): UserPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  const user = userOf(ctx.principal);
  if (!user) throw new ForbiddenError('Only a user can do this, not a service client');
  return user;
}
