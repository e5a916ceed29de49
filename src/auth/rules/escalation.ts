import type { Role } from '../../db/generated/prisma/enums.js';
import { ForbiddenError, InvariantViolationError } from '../../errors.js';
import type { Standing } from '../access.js';
import { isApplicationScopeName, sortAllScopes } from '../application-scope-names.js';
import { ALL_SCOPES, isScope, roleRank, type Scope } from '../scopes.js';

// The no-escalation rules (invariant 2) and the last-owner rule (invariant 1), as pure
// functions of the caller's standing: permissions.ts names them per action, services enforce them
// under the organization lock and `viewerCan` fields report them, so the answers never disagree.

/** A member as the rules see it. */
export interface MemberFacts {
  userId: string;
  role: Role;
}

/** A member whose removal or demotion the last-owner rule weighs. */
export interface OwnedMemberFacts extends MemberFacts {
  /** The member is the organization's only active owner. */
  lastActiveOwner: boolean;
}

/** A policy as the rules see it. */
export interface PolicyFacts {
  organizationId: string | null;
  scopes: readonly string[];
}

export const BUILT_IN_POLICY_MESSAGE = 'Built-in policies are the roles: they cannot be changed, deleted or attached (change the member’s role instead)';
export const LAST_OWNER_MESSAGE = 'An organization must keep at least one owner: make someone else an owner first';

/** Catalog order, without duplicates: how scopes are stored and shown. */
export function sortScopes(scopes: Iterable<string>): Scope[] {
  const set = new Set(scopes);
  return ALL_SCOPES.filter((scope) => set.has(scope));
}

/**
 * The scopes of `scopes` the caller does not hold: built-in ones, and application scopes
 * (`app:<alias>/<label>`) outside its effective application scopes. Other strings grant nothing
 * and are ignored.
 */
export function scopesNotHeld(standing: Standing, scopes: Iterable<string>): string[] {
  const missing = new Set<string>();
  for (const scope of scopes) {
    if (isScope(scope) ? !standing.scopes.has(scope) : isApplicationScopeName(scope) && !standing.applicationScopes.has(scope)) missing.add(scope);
  }
  return sortAllScopes(missing);
}

/** Nobody hands out (to a policy, a member, a group, a client) scopes they do not hold. */
export function grantsOnlyHeldScopes(standing: Standing, scopes: Iterable<string>): ForbiddenError | null {
  const missing = scopesNotHeld(standing, scopes);
  return missing.length === 0 ? null : new ForbiddenError(`Nobody may grant scopes they do not hold: ${missing.join(', ')}`);
}

/** Nobody gives a role (to a member, an invitee) above their own. */
export function grantsRoleWithinRank(standing: Standing, role: Role): ForbiddenError | null {
  if (roleRank(role) <= standing.rank) return null;
  return new ForbiddenError(
    role === 'OWNER' ? 'Only an owner may make an owner' : `Nobody may grant a role above their own (${standing.role ?? 'service client'})`,
  );
}

/** Nobody changes a member ranked above them. */
export function outranksMember(standing: Standing, member: MemberFacts): ForbiddenError | null {
  return roleRank(member.role) > standing.rank ? new ForbiddenError('Nobody may change a member ranked above them') : null;
}

/** Nobody changes the policies or groups of a member ranked above them. */
export function outranksMemberAccess(standing: Standing, member: MemberFacts): ForbiddenError | null {
  return roleRank(member.role) > standing.rank ? new ForbiddenError('Nobody may change the access of a member ranked above them') : null;
}

/**
 * Setting a member's role: within rank, never raising one's own, never above one's own, and
 * never demoting the last active owner (when the target says whether it is).
 */
export function changesRoleWithinRank(
  standing: Standing,
  target: { member: MemberFacts & { lastActiveOwner?: boolean }; role: Role },
): ForbiddenError | InvariantViolationError | null {
  const denied = outranksMember(standing, target.member);
  if (denied) return denied;
  if (target.member.userId === standing.member?.userId && roleRank(target.role) > roleRank(target.member.role))
    return new ForbiddenError('Nobody may raise their own role');
  if (target.member.lastActiveOwner && target.role !== 'OWNER') return new InvariantViolationError(LAST_OWNER_MESSAGE);
  return grantsRoleWithinRank(standing, target.role);
}

/** Removing a member: within rank, and never the last active owner. */
export function removesWithinRank(standing: Standing, member: OwnedMemberFacts): ForbiddenError | InvariantViolationError | null {
  return outranksMember(standing, member) ?? (member.lastActiveOwner ? new InvariantViolationError(LAST_OWNER_MESSAGE) : null);
}

/** Leaving an organization: never as its last active owner. */
export function leavesAnOwner(_standing: Standing, caller: { lastActiveOwner: boolean }): InvariantViolationError | null {
  return caller.lastActiveOwner ? new InvariantViolationError(LAST_OWNER_MESSAGE) : null;
}

/** Changing, deleting, attaching or detaching a policy: custom policies only, and only with all their scopes held. */
export function changesPolicy(standing: Standing, policy: PolicyFacts): ForbiddenError | null {
  if (policy.organizationId === null) return new ForbiddenError(BUILT_IN_POLICY_MESSAGE);
  return grantsOnlyHeldScopes(standing, policy.scopes);
}

/** Attaching or detaching a policy to a member: the policy rule and the member's rank. */
export function changesMemberPolicy(standing: Standing, target: { policy: PolicyFacts; member: MemberFacts }): ForbiddenError | null {
  return changesPolicy(standing, target.policy) ?? outranksMemberAccess(standing, target.member);
}

/** Changing who is in a group, or deleting it: every scope its policies grant must be held. */
export function managesGroup(standing: Standing, groupPolicies: readonly PolicyFacts[]): ForbiddenError | null {
  return grantsOnlyHeldScopes(
    standing,
    groupPolicies.flatMap((policy) => policy.scopes),
  );
}

/** Adding or removing a member of a group: the group rule and the member's rank. */
export function managesGroupMember(standing: Standing, target: { groupPolicies: readonly PolicyFacts[]; member: MemberFacts }): ForbiddenError | null {
  return managesGroup(standing, target.groupPolicies) ?? outranksMemberAccess(standing, target.member);
}

/**
 * Updating, rotating or deleting a service client: every scope of the client must be held (the
 * new secret of a rotation would otherwise hand the caller scopes it lacks).
 */
export function managesClient(standing: Standing, client: { scopes: readonly string[] }): ForbiddenError | null {
  const missing = scopesNotHeld(standing, client.scopes);
  return missing.length > 0 ? new ForbiddenError(`Nobody may manage a client with scopes they do not hold: ${missing.join(', ')}`) : null;
}
