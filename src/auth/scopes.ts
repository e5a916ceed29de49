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
  'stack:read': 'List the organization’s stacks, their modules and user access.',
  'stack:write': 'Create, change, upgrade, disable, delete and restore stacks and their modules; give stack access (never above the caller’s own).',
  'region:read': 'List the regions the organization can use: public ones and its private ones.',
  'region:write': 'Create and delete the organization’s private regions.',
  'application:read': 'List the applications enabled for the organization.',
  'application:write': 'Enable and disable applications for the organization.',
  'feature:read': 'List the organization’s feature flags.',
  'feature:write': 'Add and remove the organization’s feature flags.',
  'sso:read': 'Read the organization’s SSO provider (never its secrets), discovered groups and domains.',
  'sso:write': 'Configure SSO, map discovered groups, add, verify and configure domains, regenerate SCIM tokens.',
  'integration:read': 'List the organization’s integrations.',
  'integration:write': 'Disconnect integrations and change their environment mapping.',
  'legal_document:read': 'List and download the organization’s legal documents.',
  'legal_document:write': 'Request legal documents for the organization.',
  'license:read': 'See the organization’s license and deployments.',
  'license:write': 'Assign and unassign the organization’s license.',
  'webhook:read': 'List the organization’s webhook endpoints (never their secrets) and their delivery logs.',
  'webhook:write': 'Create, change, rotate the secret of and delete webhook endpoints; redeliver webhook deliveries.',
} as const;

export type Scope = keyof typeof SCOPE_CATALOG;

export const ALL_SCOPES = Object.keys(SCOPE_CATALOG) as Scope[];

/** Longest text an input takes as a scope name: more than any name of the catalog. */
export const SCOPE_NAME_MAX = 100;

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPE_CATALOG, value);
}

const GUEST_SCOPES: Scope[] = ['organization:read', 'member:read'];
const MEMBER_SCOPES: Scope[] = [
  ...GUEST_SCOPES,
  'invitation:read',
  'group:read',
  'policy:read',
  'stack:read',
  'region:read',
  'application:read',
  'feature:read',
  'license:read',
];
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
  'stack:write',
  'region:write',
  'application:write',
  'feature:write',
  'sso:read',
  'sso:write',
  'integration:read',
  'integration:write',
  'legal_document:read',
  'legal_document:write',
  'webhook:read',
  'webhook:write',
];
// Deleting the organization and changing what it pays for stay with its owners.
const OWNER_SCOPES: Scope[] = [...ADMIN_SCOPES, 'organization:delete', 'license:write'];

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

/**
 * The built-in scopes of an application's client in the one organization its token was issued
 * for: reading the organization and its members (with their users and effective application
 * scopes, so the application can decide access in its own API). Nothing else: it changes nothing.
 */
export const APPLICATION_CLIENT_SCOPES: ReadonlySet<Scope> = new Set<Scope>(['organization:read', 'member:read']);
