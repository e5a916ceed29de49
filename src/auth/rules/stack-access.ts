import type { Role, StackRole } from '../../db/generated/prisma/enums.js';
import { ForbiddenError } from '../../errors.js';
import type { Standing } from '../access.js';
import { outranksMemberAccess } from './escalation.js';

// Stack access (Formance's per-stack user roles) under invariant 2: nobody touches a member
// ranked above them in the organization or holding a stack role above their own, and nobody
// grants a stack role above their own.

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

/** Setting or removing a member's access to a stack; `role` is the role to give, absent for a removal. */
export interface StackAccessChange {
  /** The caller's own rank on the stack (stackRank). */
  callerStackRole: StackRole | null;
  member: { userId: string; role: Role };
  memberStackRole: StackRole | null;
  role?: StackRole;
}

export function managesStackAccess(standing: Standing, change: StackAccessChange): ForbiddenError | null {
  if (change.callerStackRole === null)
    return new ForbiddenError('Only a stack admin, editor or viewer (or an organization admin) may manage access to the stack');
  const rank = STACK_ROLE_RANK[change.callerStackRole];
  const aboveTarget = outranksMemberAccess(standing, change.member);
  if (aboveTarget) return aboveTarget;
  if (change.memberStackRole && STACK_ROLE_RANK[change.memberStackRole] > rank)
    return new ForbiddenError('Nobody may change the stack access of someone whose stack role is above their own');
  if (change.role && STACK_ROLE_RANK[change.role] > rank)
    return new ForbiddenError(`Nobody may grant a stack role above their own (${change.callerStackRole})`);
  return null;
}

/** Stack roles the caller may give on a stack, from its own stack rank. */
export function grantableStackRoles(callerStackRole: StackRole | null): StackRole[] {
  if (callerStackRole === null) return [];
  const rank = STACK_ROLE_RANK[callerStackRole];
  return STACK_ROLES.filter((role) => STACK_ROLE_RANK[role] <= rank);
}
