import { ALL_SCOPES, isScope, roleRank, type Scope } from '../auth/scopes.js';
import type { Role } from '../db/generated/prisma/enums.js';
import { ForbiddenError } from '../errors.js';
import type { Actor } from './member-rules.js';

// The no-escalation rules (invariant 2) for policies and groups, as pure functions: the services
// enforce them and the `viewerCan` fields report them, so the two never disagree.
//
// One rule covers every path: whoever changes anything about who holds a set of scopes (creates,
// edits, deletes, attaches or detaches a policy; adds or removes a group member; deletes a group)
// must hold every one of those scopes. Built-in policies are the roles: nobody changes them and
// nobody attaches them (updateMember changes a role).

/** A policy as the rules see it. */
export interface PolicyFacts {
  organizationId: string | null;
  scopes: readonly string[];
}

/** The scopes of `scopes` the actor does not hold (strings outside the catalog grant nothing and are ignored). */
export function scopesNotHeld(actor: Actor, scopes: Iterable<string>): Scope[] {
  const missing = new Set<Scope>();
  for (const scope of scopes) if (isScope(scope) && !actor.standing.scopes.has(scope)) missing.add(scope);
  return sortScopes(missing);
}

/** Catalog order, without duplicates: how scopes are stored and shown. */
export function sortScopes(scopes: Iterable<string>): Scope[] {
  const set = new Set(scopes);
  return ALL_SCOPES.filter((scope) => set.has(scope));
}

/** Why the actor may not hand out these scopes (to a policy, a member, a group), or null when it may. */
export function cannotGrantScopes(actor: Actor, scopes: Iterable<string>): ForbiddenError | null {
  const missing = scopesNotHeld(actor, scopes);
  if (missing.length === 0) return null;
  return new ForbiddenError(`Nobody may grant scopes they do not hold: ${missing.join(', ')}`);
}

export const BUILT_IN_POLICY_MESSAGE = 'Built-in policies are the roles: they cannot be changed, deleted or attached (change the member’s role instead)';

/**
 * Why the actor may not change, delete, attach or detach this policy, or null when it may: it
 * needs policy:write, the policy must be custom, and the actor must hold all its scopes.
 */
export function cannotChangePolicy(actor: Actor, policy: PolicyFacts): ForbiddenError | null {
  if (policy.organizationId === null) return new ForbiddenError(BUILT_IN_POLICY_MESSAGE);
  if (!actor.standing.scopes.has('policy:write')) return new ForbiddenError('This needs the policy:write scope in the organization');
  return cannotGrantScopes(actor, policy.scopes);
}

/**
 * Why the actor may not change who is in a group, or delete it, or null when it may: it needs
 * group:write and every scope the group's policies grant.
 */
export function cannotManageGroup(actor: Actor, groupPolicies: readonly PolicyFacts[]): ForbiddenError | null {
  if (!actor.standing.scopes.has('group:write')) return new ForbiddenError('This needs the group:write scope in the organization');
  return cannotGrantScopes(
    actor,
    groupPolicies.flatMap((policy) => policy.scopes),
  );
}

/** Why the actor may not change a member's policies or groups: nobody changes a member ranked above them. */
export function cannotChangeMemberAccess(actor: Actor, target: { role: Role }): ForbiddenError | null {
  if (roleRank(target.role) > actor.standing.rank) return new ForbiddenError('Nobody may change the access of a member ranked above them');
  return null;
}
