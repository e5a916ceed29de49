import type { Scope } from '../auth/scopes.js';
import type { Context } from '../context.js';
import { UnauthenticatedError } from '../errors.js';
import type { Actor } from './member-rules.js';

/** The signed-in user, or UNAUTHENTICATED. */
export function requireUser(ctx: Context): { userId: string; email: string } {
  if (!ctx.principal) throw new UnauthenticatedError();
  return ctx.principal;
}

/** The caller as an actor in the organization, holding `scope` there (else NOT_FOUND or FORBIDDEN). */
export async function actorWithScope(ctx: Context, organizationId: string, scope: Scope): Promise<Actor> {
  const { userId } = requireUser(ctx);
  const standing = await ctx.access.require(organizationId, scope);
  return { userId, standing };
}
