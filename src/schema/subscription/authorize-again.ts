import { contextCacheSymbol } from '@pothos/core';
import { AccessControl } from '../../auth/access.js';
import type { Context } from '../../context.js';

/**
 * Makes a subscription's context answer as a new request would, before each event: the caller
 * authenticated again (a deleted service client or a rotated secret is refused), its standings read
 * afresh from the database (a removed member has none), and Pothos's per-request caches (scope
 * answers, loaders) emptied. A subscription's events are handled one at a time, so the context is
 * never shared by two events at once.
 */
export async function authorizeAgain(ctx: Context): Promise<void> {
  const principal = await ctx.authenticateAgain();
  ctx.principal = principal;
  ctx.access = new AccessControl(ctx.sql, principal);
  (ctx as unknown as Record<symbol, unknown>)[contextCacheSymbol] = {};
}
