import type { Prisma } from '../db/generated/prisma/client.js';
import type { Principal } from './principal.js';
import { visibleOrganizations } from './visibility.js';

// Tenant filters for policies and groups, in the style of visibility.ts: what a principal
// cannot see is simply not found.

/**
 * Custom policies of organizations the principal can see, and the built-in ones (the roles,
 * shared by every organization) for any authenticated principal.
 */
export function visiblePolicies(principal: Principal | null): Prisma.PolicyWhereInput {
  const own: Prisma.PolicyWhereInput = { organization: visibleOrganizations(principal) };
  return principal ? { OR: [{ organizationId: null }, own] } : own;
}

/** Custom policies of organizations the principal can see (never a built-in one). */
export function visibleCustomPolicies(principal: Principal | null): Prisma.PolicyWhereInput {
  return { organization: visibleOrganizations(principal) };
}

/** Groups of organizations the principal can see. */
export function visibleGroups(principal: Principal | null): Prisma.GroupWhereInput {
  return { organization: visibleOrganizations(principal) };
}
