import type { Role } from '../db/generated/prisma/enums.js';

/** The scope catalog: every permission a field or mutation can require, with what it allows. */
export const SCOPE_CATALOG = {
  'organization:read': 'See the organization: its name, description and settings.',
  'organization:write': 'Change the organization’s name, description and active flag.',
  'organization:delete': 'Delete the organization and everything in it.',
  'member:read': 'List the organization’s members and their users.',
  'member:write': 'Add, update and remove members (never above the caller’s own rank).',
  'invitation:read': 'List the organization’s invitations.',
  'invitation:write': 'Invite people, resend and cancel invitations (never above the caller’s own rank).',
  'group:read': 'List groups, their members and policies.',
  'group:write': 'Create, change and delete groups and their memberships.',
  'policy:read': 'List policies and their scopes.',
  'policy:write': 'Create, change, delete and attach policies (only with scopes the caller holds).',
  'client:read': 'List the organization’s service clients.',
  'client:write': 'Create, change, rotate and delete service clients (only with scopes the caller holds).',
  'audit_log:read': 'Read the organization’s audit log.',
} as const;

export type Scope = keyof typeof SCOPE_CATALOG;

export const ALL_SCOPES = Object.keys(SCOPE_CATALOG) as Scope[];

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPE_CATALOG, value);
}

const GUEST_SCOPES: Scope[] = ['organization:read', 'member:read'];
const MEMBER_SCOPES: Scope[] = [...GUEST_SCOPES, 'invitation:read', 'group:read', 'policy:read'];
const ADMIN_SCOPES: Scope[] = [
  ...MEMBER_SCOPES,
  'organization:write',
  'member:write',
  'invitation:write',
  'group:write',
  'policy:write',
  'client:read',
  'client:write',
  'audit_log:read',
];
const OWNER_SCOPES: Scope[] = [...ADMIN_SCOPES, 'organization:delete'];

/**
 * Each role is a built-in policy: a fixed set of scopes. The migrations store the same sets as
 * the built-in Policy rows (a test keeps the two equal); authorization reads them from here.
 */
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
