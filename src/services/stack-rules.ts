import type { Standing } from '../auth/access.js';
import type { Role, StackRole, StackStatus } from '../db/generated/prisma/enums.js';
import { ConflictError, ForbiddenError, ValidationError, type DomainError } from '../errors.js';
import type { Actor } from './member-rules.js';
import { cannotChangeMemberAccess } from './permission-rules.js';
import { compareVersions } from './region-versions.js';

// The rules of stacks, as pure functions: the services enforce them and Stack.viewerCan reports
// them, so the two never disagree. Each returns the error that refuses the action, or null.

/** What the rules need to know about a stack. */
export interface StackFacts {
  status: StackStatus;
  version: string;
  stargateEnabled: boolean;
  deletedAt: Date | null;
}

const DAY_MS = 86_400_000;

/** The last moment a deleted stack can be restored; null while it is not deleted. */
export function restorableUntil(deletedAt: Date | null, retentionDays: number): Date | null {
  return deletedAt ? new Date(deletedAt.getTime() + retentionDays * DAY_MS) : null;
}

/** Deleted stacks older than this are gone for good: hidden from every read. */
export function purgeCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

function needsWrite(standing: Standing): ForbiddenError | null {
  return standing.scopes.has('stack:write') ? null : new ForbiddenError('This needs the stack:write scope in the organization');
}

/** Why the actor may not change the stack at all: stack:write, and a deleted stack refuses every change but a restore. */
export function cannotChangeStack(standing: Standing, stack: StackFacts): DomainError | null {
  return needsWrite(standing) ?? (stack.deletedAt ? new ConflictError('The stack is deleted: restore it first') : null);
}

/** Why the actor may not restore the stack: it must be deleted and still within the retention period. */
export function cannotRestoreStack(standing: Standing, stack: StackFacts, now: Date, retentionDays: number): DomainError | null {
  const denied = needsWrite(standing);
  if (denied) return denied;
  const until = restorableUntil(stack.deletedAt, retentionDays);
  if (!until) return new ConflictError('The stack is not deleted');
  if (until <= now) return new ConflictError(`The retention period ended at ${until.toISOString()}: the stack is gone for good`);
  return null;
}

/** Why the actor may not set the stack's status (enableStack, disableStack). */
export function cannotSetStatus(standing: Standing, stack: StackFacts, status: StackStatus): DomainError | null {
  const denied = cannotChangeStack(standing, stack);
  if (denied) return denied;
  return stack.status === status ? new ConflictError(`The stack is already ${status === 'ACTIVE' ? 'enabled' : 'disabled'}`) : null;
}

/** Why the actor may not turn Stargate on or off. */
export function cannotSetStargate(standing: Standing, stack: StackFacts, enabled: boolean): DomainError | null {
  const denied = cannotChangeStack(standing, stack);
  if (denied) return denied;
  return stack.stargateEnabled === enabled ? new ConflictError(`Stargate is already ${enabled ? 'enabled' : 'disabled'} on the stack`) : null;
}

/** Versions the region offers that are newer than the stack's, oldest first. */
export function upgradeTargets(currentVersion: string, regionVersions: readonly string[]): string[] {
  return regionVersions.filter((version) => compareVersions(version, currentVersion) > 0);
}

/** Why the stack may not be upgraded to `version`: only to a version its region offers, and only upwards. */
export function cannotUpgrade(standing: Standing, stack: StackFacts, regionVersions: readonly string[], version: string): DomainError | null {
  const denied = cannotChangeStack(standing, stack);
  if (denied) return denied;
  const invalid = (message: string) => new ValidationError(`input.version: ${message}`, [{ path: ['input', 'version'], message }]);
  if (!regionVersions.includes(version)) return invalid(`the stack's region does not offer "${version}" (it offers ${regionVersions.join(', ') || 'none'})`);
  if (compareVersions(version, stack.version) <= 0) return invalid(`must be newer than the stack's version ${stack.version}`);
  return null;
}

const STACK_ROLE_RANK: Record<StackRole, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3 };

/** Stack roles from most to least powerful. */
export const STACK_ROLES: readonly StackRole[] = ['ADMIN', 'EDITOR', 'VIEWER'];

/**
 * The caller's own rank on a stack: organization owners and admins, and service clients holding
 * stack:write, count as stack ADMIN; anyone else has the role of their own access to the stack (or none).
 */
export function stackRank(standing: Standing, ownAccess: StackRole | null): StackRole | null {
  if (standing.role === 'OWNER' || standing.role === 'ADMIN') return 'ADMIN';
  if (standing.role === null && standing.scopes.has('stack:write')) return 'ADMIN';
  return ownAccess;
}

/** The actor on one stack: its standing in the organization and its own stack rank. */
export interface StackActor extends Actor {
  stackRole: StackRole | null;
}

/** A member whose access to a stack is set or removed: its organization role and current stack role. */
export interface StackAccessTarget {
  role: Role;
  stackRole: StackRole | null;
}

/**
 * Why the actor may not set or remove the target's access to the stack, or null when it may
 * (invariant 2): stack:write on a live stack; nobody touches a member ranked above them in the
 * organization or holding a stack role above their own, and nobody grants a role above their own.
 * `role` is the role to give; omitted for a removal.
 */
export function cannotManageStackAccess(actor: StackActor, stack: StackFacts, target: StackAccessTarget, role?: StackRole): DomainError | null {
  const denied = cannotChangeStack(actor.standing, stack);
  if (denied) return denied;
  if (actor.stackRole === null) return new ForbiddenError('Only a stack admin, editor or viewer (or an organization admin) may manage access to the stack');
  const rank = STACK_ROLE_RANK[actor.stackRole];
  const aboveTarget = cannotChangeMemberAccess(actor, target);
  if (aboveTarget) return aboveTarget;
  if (target.stackRole && STACK_ROLE_RANK[target.stackRole] > rank) return new ForbiddenError('Nobody may change the stack access of someone whose stack role is above their own');
  if (role && STACK_ROLE_RANK[role] > rank) return new ForbiddenError(`Nobody may grant a stack role above their own (${actor.stackRole})`);
  return null;
}

/** Stack roles the actor may give on this stack to a member ranked at most its own (empty when it may manage none). */
export function grantableStackRoles(actor: StackActor, stack: StackFacts): StackRole[] {
  if (cannotChangeStack(actor.standing, stack) || actor.stackRole === null) return [];
  const rank = STACK_ROLE_RANK[actor.stackRole];
  return STACK_ROLES.filter((role) => STACK_ROLE_RANK[role] <= rank);
}
