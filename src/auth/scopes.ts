import type { Role } from '../db/generated/prisma/enums.js';

/** The scope catalog: every permission a field or mutation can require, with what it allows. */
export const SCOPE_CATALOG = {
  'organization:read': 'See the organization: its name, description and settings.',
  'organization:write': 'Change the organization’s name, description and active flag.',
  'organization:delete': 'Delete the organization and everything in it.',
  'member:read': 'List the organization’s members and their users.',
  'member:write': 'Add, update and remove members (never above the caller’s own role).',
  'invitation:read': 'List the organization’s invitations.',
  'invitation:write': 'Invite people, resend and cancel invitations (never above the caller’s own role).',
} as const;

export type Scope = keyof typeof SCOPE_CATALOG;

const GUEST_SCOPES: Scope[] = ['organization:read', 'member:read'];
const MEMBER_SCOPES: Scope[] = [...GUEST_SCOPES, 'invitation:read'];
const ADMIN_SCOPES: Scope[] = [...MEMBER_SCOPES, 'organization:write', 'member:write', 'invitation:write'];
const OWNER_SCOPES: Scope[] = [...ADMIN_SCOPES, 'organization:delete'];

/** Each role is a built-in policy: a fixed set of scopes. */
export const ROLE_SCOPES: Record<Role, ReadonlySet<Scope>> = {
  OWNER: new Set(OWNER_SCOPES),
  ADMIN: new Set(ADMIN_SCOPES),
  MEMBER: new Set(MEMBER_SCOPES),
  GUEST: new Set(GUEST_SCOPES),
};

const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, MEMBER: 2, GUEST: 1 };

/** How powerful a role is; invariant 2 compares ranks. */
export function roleRank(role: Role): number {
  return RANK[role];
}
