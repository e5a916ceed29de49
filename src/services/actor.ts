import { requireScope, standingOf } from '../auth/access.js';
import type { Scope } from '../auth/scopes.js';
import type { Context } from '../context.js';
import { UnauthenticatedError } from '../errors.js';
import type { Actor } from './member-rules.js';
import { lockOrganization, type Tx } from './transaction.js';

/** The signed-in user, or UNAUTHENTICATED. */
export function requireUser(ctx: Context): { userId: string; email: string } {
  if (!ctx.principal) throw new UnauthenticatedError();
  return ctx.principal;
}

/** The caller as an actor in the organization, holding `scope` there (else NOT_FOUND or FORBIDDEN). */
export async function actorWithScope(ctx: Context, organizationId: string, scope: Scope): Promise<Actor> {
  const { userId } = requireUser(ctx);
  return { userId, standing: await ctx.access.require(organizationId, scope) };
}

/**
 * Locks the organization, then reads the caller's standing inside the transaction: rank checks
 * must see the caller's role as it is now, not as it was before a concurrent change.
 */
export async function lockAsActor(tx: Tx, ctx: Context, organizationId: string, scope: Scope): Promise<Actor> {
  const { userId } = requireUser(ctx);
  await lockOrganization(tx, organizationId);
  const row = await tx.member.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { id: true, role: true, status: true } });
  return { userId, standing: requireScope(standingOf(row), scope) };
}
