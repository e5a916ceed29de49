import type { Standing } from '../auth/access.js';
import { roleRank } from '../auth/scopes.js';
import type { Role } from '../db/generated/prisma/enums.js';
import { ForbiddenError } from '../errors.js';

// The no-escalation rules (invariant 2), as pure functions: services enforce them and
// `viewerCan` fields report them, so the two never disagree.

export interface TargetMember {
  userId: string;
  role: Role;
}

export interface Actor {
  /** The acting user; null for a service client. */
  userId: string | null;
  standing: Standing;
}

/** Why the actor may not change or remove the target member, or null when it may. */
export function cannotManageMember(actor: Actor, target: TargetMember): ForbiddenError | null {
  if (!actor.standing.scopes.has('member:write')) return new ForbiddenError('This needs the member:write scope in the organization');
  if (roleRank(target.role) > actor.standing.rank) return new ForbiddenError('Nobody may change a member ranked above them');
  return null;
}

/** Why the actor may not give `role` to someone (a member, an invitee), or null when it may. */
export function cannotGrantRole(actor: Actor, role: Role): ForbiddenError | null {
  if (roleRank(role) > actor.standing.rank) {
    return new ForbiddenError(role === 'OWNER' ? 'Only an owner may make an owner' : `Nobody may grant a role above their own (${actor.standing.role ?? 'service client'})`);
  }
  return null;
}

/** Why the actor may not set the target's role to `role`, or null when it may. */
export function cannotChangeRole(actor: Actor, target: TargetMember, role: Role): ForbiddenError | null {
  const manage = cannotManageMember(actor, target);
  if (manage) return manage;
  if (target.userId === actor.userId && roleRank(role) > roleRank(target.role)) return new ForbiddenError('Nobody may raise their own role');
  return cannotGrantRole(actor, role);
}

/** Why the actor may not invite people with this role, or null when it may. */
export function cannotInvite(actor: Actor, role: Role): ForbiddenError | null {
  if (!actor.standing.scopes.has('invitation:write')) return new ForbiddenError('This needs the invitation:write scope in the organization');
  return cannotGrantRole(actor, role);
}
