import { can, LEAST_TARGET } from '../../auth/permissions.js';
import { visibleOrganizations } from '../../auth/visibility.js';
import { Prisma } from '../../db/generated/prisma/client.js';
import { column } from '../../db/sql-fragments.js';
import { containsText, equals, oneOf } from '../../db/sql-conditions.js';
import { sqlEffectiveStatus } from '../../services/invitation-status.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { named, inThisOrganization } from '../shared/rules.js';
import { InvitationRef } from '../invitation/invitation.type.js';
import { reads } from '../shared/selected-columns.js';
import { byCreation, childPage, NEWEST_FIRST, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';
import { InvitationStatusEnum, MemberStatusEnum, OrderDirectionEnum, RoleEnum } from '../shared/enums.js';
import { MemberRef } from '../member/member.type.js';
import type { Context } from '../../context.js';
import { entryRule } from '../shared/entry-rules.js';

const OrganizationPermissions = permissionsType(
  'OrganizationPermissions',
  'What the caller may do with an organization, from the rules that guard the mutations.',
  {
    update: 'updateOrganization is allowed.',
    delete: 'deleteOrganization is allowed.',
    manageMembers: 'addMember, updateMember and removeMember are allowed (within rank).',
    invite: 'inviteMember, resendInvitation and cancelInvitation are allowed (within rank).',
    leave: 'leaveOrganization is allowed (the last owner is refused when it tries).',
  },
);

export const OrganizationRef = builder.prismaNode('Organization', {
  description: 'A tenant: its members, invitations and settings are visible only to its members.',
  id: { field: 'id', description: 'Global id of the organization.' },
  ...tenantNode(visibleOrganizations),
  // Checked where organizations enter the response (Invitation.organization grants the invitee its invitation's).
  ...entryRule(named((organization: { id: string }, ctx: Context) => ctx.access.allows(organization.id, 'organization.read'), 'organization.read')),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name.' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text about the organization.' }),
    active: t.exposeBoolean('active', { description: 'False when the organization has been deactivated.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the organization was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the organization last changed.' }),
    viewerMember: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The caller’s own membership.',
      ...reads(),
      // From the per-request membership loader that authorization already fills: one query for
      // every organization of the page, and no clash with a `members` selection of other arguments.
      resolve: async (organization, _args, ctx) => (await ctx.access.standing(organization.id))?.member ?? null,
    }),
    viewerCan: t.field({
      type: OrganizationPermissions,
      description: 'What the caller may do with this organization.',
      ...reads(),
      resolve: async (organization, _args, ctx) => {
        const standing = await ctx.access.standing(organization.id);
        return {
          update: can(standing, 'organization.update'),
          delete: can(standing, 'organization.delete'),
          manageMembers: can(standing, 'member.update', LEAST_TARGET.member),
          invite: can(standing, 'invitation.create', LEAST_TARGET.role),
          // Whether the caller is the last owner costs a count; leaveOrganization refuses it then.
          leave: can(standing, 'organization.leave', { lastActiveOwner: false }),
        };
      },
    }),
    members: t.connection(
      {
        type: MemberRef,
        // Nullable: a caller without the scope gets null and an error here, not a lost parent.
        nullable: true,
        description: 'Members of the organization; null (with a FORBIDDEN error) without member:read.',
        authScopes: inThisOrganization('member.read'),
        args: {
          search: t.arg.string({ required: false, description: 'Case-insensitive part of the member’s name or email.' }),
          roles: t.arg({ type: [RoleEnum], required: false, description: 'Only members with one of these roles.' }),
          status: t.arg({ type: MemberStatusEnum, required: false, description: 'Only members with this status.' }),
          joinedOrder: t.arg({ type: OrderDirectionEnum, required: false, defaultValue: 'ASC', description: 'Order by join date.' }),
        },
        resolve: (organization, args, ctx, info) => {
          const filters: Prisma.Sql[] = [];
          if (args.roles) filters.push(oneOf(PAGED, 'role', args.roles, 'Role'));
          if (args.status) filters.push(equals(PAGED, 'status', args.status, 'MemberStatus'));
          if (args.search)
            filters.push(
              Prisma.sql`EXISTS (SELECT 1 FROM "User" u WHERE u."id" = ${column(PAGED, 'userId')} AND ${containsText('u', ['name', 'email'], args.search)})`,
            );
          return resolvePage(
            ctx,
            info,
            args,
            childPage('Member', 'organizationId', organization.id, { filters, order: byCreation(args.joinedOrder === 'DESC') }),
          );
        },
      },
      withTotalCount(),
    ),
    invitations: t.connection(
      {
        type: InvitationRef,
        nullable: true,
        description: 'Invitations of the organization, newest first; null (with a FORBIDDEN error) without invitation:read.',
        authScopes: inThisOrganization('invitation.read'),
        args: { status: t.arg({ type: [InvitationStatusEnum], required: false, description: 'Only invitations with these statuses.' }) },
        resolve: (organization, args, ctx, info) =>
          resolvePage(
            ctx,
            info,
            args,
            childPage('Invitation', 'organizationId', organization.id, {
              filters: args.status ? [sqlEffectiveStatus(PAGED, args.status)] : [],
              order: NEWEST_FIRST,
            }),
          ),
      },
      withTotalCount(),
    ),
  }),
});
