// Each role's scopes, written out: the expectations of the tests that check the role table
// (src/auth/scopes.ts ROLE_SCOPES) and what each role may read must not come from that table.

const ADMIN = [
  'organization:read',
  'organization:write',
  'member:read',
  'member:write',
  'invitation:read',
  'invitation:write',
  'group:read',
  'group:write',
  'policy:read',
  'policy:write',
  'client:read',
  'client:write',
  'audit_log:read',
  'stack:read',
  'stack:write',
  'region:read',
  'region:write',
  'application:read',
  'application:write',
  'feature:read',
  'feature:write',
  'sso:read',
  'sso:write',
  'integration:read',
  'integration:write',
  'legal_document:read',
  'legal_document:write',
  'license:read',
  'webhook:read',
  'webhook:write',
];

export const PINNED_ROLE_SCOPES = {
  GUEST: ['organization:read', 'member:read'],
  MEMBER: [
    'organization:read',
    'member:read',
    'invitation:read',
    'group:read',
    'policy:read',
    'stack:read',
    'region:read',
    'application:read',
    'feature:read',
    'license:read',
  ],
  ADMIN,
  // Deleting the organization and changing its license stay with its owners.
  OWNER: [...ADMIN, 'organization:delete', 'license:write'],
};
