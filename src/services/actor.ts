import { clientStandingIn } from '../auth/access.js';
import { requireStanding, type OrganizationActionName } from '../auth/permissions.js';
import { standingFromRecord, standingsOf } from '../auth/standing-statement.js';
import { textArray } from '../db/sql-fragments.js';
import { userOf, type UserPrincipal } from '../auth/principal.js';
import type { Context } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Actor } from './member-rules.js';
import { lockOrganization, type Tx } from './transaction.js';

/** The signed-in user; UNAUTHENTICATED for anonymous callers, FORBIDDEN for service clients. */
export function requireUser(ctx: Context): UserPrincipal {
  if (!ctx.principal) throw new UnauthenticatedError();
  const user = userOf(ctx.principal);
  if (!user) throw new ForbiddenError('Only a user can do this, not a service client');
  return user;
}

/** The caller as an actor in the organization, holding `scope` there (else NOT_FOUND or FORBIDDEN). */
export async function actorWithScope(ctx: Context, organizationId: string, action: OrganizationActionName): Promise<Actor> {
  if (!ctx.principal) throw new UnauthenticatedError();
  return { userId: userOf(ctx.principal)?.userId ?? null, standing: await ctx.access.require(organizationId, action) };
}

/**
 * Locks the organization, then reads the caller's standing inside the transaction: rank and
 * scope checks must see the caller as it is now, not as it was before a concurrent change.
 */
export async function lockAsActor(tx: Tx, ctx: Context, organizationId: string, action: OrganizationActionName): Promise<Actor> {
  const principal = ctx.principal;
  if (!principal) throw new UnauthenticatedError();
  await lockOrganization(tx, organizationId);
  if (principal.kind === 'client') {
    return { userId: null, standing: requireStanding(clientStandingIn(principal, organizationId), action) };
  }
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>(standingsOf(principal.userId, textArray([organizationId])));
  return { userId: principal.userId, standing: requireStanding(row ? standingFromRecord(row) : null, action) };
}
