import { can } from '../../auth/permissions.js';
import { roleRank } from '../../auth/scopes.js';
import { Prisma, type Member } from '../../db/generated/prisma/client.js';
import { Role } from '../../db/generated/prisma/enums.js';
import { equals } from '../../db/sql-conditions.js';
import { textArray } from '../../db/sql-fragments.js';
import { readableMembers } from '../../auth/visibility.js';
import type { Context } from '../../context.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { booleanFields } from '../shared/permissions-type.js';
import { named } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { UserRef } from '../user/user.type.js';
import { MemberStatusEnum, RoleEnum } from '../shared/enums.js';
import { requestLoaders } from '../shared/request-loaders.js';
import { entryRule } from '../shared/entry-rules.js';

const MemberPermissions = builder.objectRef<{ update: boolean; remove: boolean; assignableRoles: Role[] }>('MemberPermissions').implement({
  description: 'What the caller may do with a member, from the rules that guard the mutations.',
  fields: (t) => ({
    ...booleanFields(t, {
      update: 'updateMember is allowed for settings other than the role.',
      remove: 'removeMember is allowed: false for the organization’s last active owner, who cannot be removed.',
    }),
    assignableRoles: t.field({ type: [RoleEnum], description: 'Roles updateMember may give this member.', resolve: (p) => p.assignableRoles }),
  }),
});

export const MemberRef = builder.prismaNode('Member', {
  description: 'A user’s membership of one organization.',
  id: { field: 'id', description: 'Global id of the membership.' },
  ...tenantNode(readableMembers),
  // Checked where members enter the response, once per member.
  ...entryRule(named((member: { organizationId: string }, ctx: Context) => ctx.access.allows(member.organizationId, 'member.read'), 'member.read')),
  fields: (t) => ({
    role: t.expose('role', { type: RoleEnum, description: 'Role in the organization.' }),
    status: t.expose('status', { type: MemberStatusEnum, description: 'Whether the membership grants access.' }),
    requiredSsoAuth: t.exposeBoolean('requiredSsoAuth', {
      description:
        'The member reaches the organization’s data only with a token from the organization’s own SSO sign-in (owners are exempt, so that a broken provider locks nobody out); other tokens get FORBIDDEN with reason SSO_REQUIRED and the sign-in URL.',
    }),
    requiredMfaAuth: t.exposeBoolean('requiredMfaAuth', {
      description:
        'The member reaches the organization’s data only with a token whose amr (RFC 8176) shows a second factor: `mfa`, or methods of two different factors (e.g. pwd and otp); other tokens get FORBIDDEN with reason MFA_REQUIRED.',
    }),
    onboardingDelegatedAt: t.expose('onboardingDelegatedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When this member last handed the organization’s onboarding to someone else (delegateOnboarding); null if never.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the member joined.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the membership last changed.' }),
    viewerCan: t.field({
      type: MemberPermissions,
      description: 'What the caller may do with this member.',
      ...reads('role', 'userId', 'status'),
      resolve: async (member, _args, ctx) => {
        const standing = await ctx.access.standing(member.organizationId);
        const owned = { ...member, lastActiveOwner: await isLastActiveOwner(ctx, member) };
        return {
          update: can(standing, 'member.update', member),
          remove: can(standing, 'member.remove', owned),
          assignableRoles: Object.values(Role)
            .filter((role) => can(standing, 'member.changeRole', { member: owned, role }))
            .sort((a, b) => roleRank(b) - roleRank(a)),
        };
      },
    }),
  }),
});

const activeOwnerCounts = requestLoaders<number>();

/**
 * Whether the member is its organization's only ACTIVE OWNER, whom removeMember refuses. Owners
 * are counted only for an active owner, per organization, in one statement per request.
 */
async function isLastActiveOwner(ctx: Context, member: Pick<Member, 'organizationId' | 'role' | 'status'>): Promise<boolean> {
  if (member.role !== 'OWNER' || member.status !== 'ACTIVE') return false;
  const owners = await activeOwnerCounts(ctx, 'activeOwners', (organizationIds) => countActiveOwners(ctx, organizationIds)).load(member.organizationId);
  return owners === 1;
}

async function countActiveOwners(ctx: Context, organizationIds: readonly string[]): Promise<number[]> {
  const rows = await ctx.sql.rows(Prisma.sql`
    SELECT m."organizationId", count(*) FROM "Member" m
    WHERE m."organizationId" = ANY(${textArray(organizationIds)}) AND ${equals('m', 'role', 'OWNER', 'Role')} AND ${equals('m', 'status', 'ACTIVE', 'MemberStatus')}
    GROUP BY m."organizationId"`);
  const counts = new Map(rows.map((row) => [row[0] as string, Number(row[1])]));
  return organizationIds.map((id) => counts.get(id) ?? 0);
}

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('Member', (t) => ({
  user: t.field({ type: UserRef, description: 'The member’s user.', ...relationField('Member', 'user') }),
  organization: t.field({ type: OrganizationRef, description: 'The organization.', ...relationField('Member', 'organization') }),
}));
