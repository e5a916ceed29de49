import { createContextCache } from '@pothos/core';
import { userOf, type Principal } from '../../auth/principal.js';
import { sqlVisibleOrganization, visibleUsers } from '../../auth/visibility.js';
import { equals } from '../../db/sql-conditions.js';
import { column } from '../../db/sql-fragments.js';
import { whereEffectiveStatus } from '../../services/invitation-status.js';
import type { InvitationStatus } from '../../db/generated/prisma/enums.js';
import { builder } from '../builder.js';
import { MemberRef } from '../member/member.type.js';
import { byCreation, childPage, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';
import { pageSizeWithin } from '../shared/page-size.js';
import { InvitationStatusEnum, MemberStatusEnum } from '../shared/enums.js';
import type { Context } from '../../context.js';
import { callerEntryRule } from '../shared/entry-rules.js';
import { callerMay, named } from '../shared/rules.js';
import { tenantNode } from '../shared/tenant-node.js';

/** user.read depends on the caller alone: answered once per request. */
const mayReadUsers = createContextCache((ctx: Context) => callerMay(ctx, 'user.read'));

export const UserRef = builder.prismaNode('User', {
  description: 'A person who signs in with a bearer token.',
  id: { field: 'id', description: 'Global id of the user.' },
  // Visible: the caller and the people it shares an organization with.
  ...tenantNode(visibleUsers),
  // Which users: the tenant filter above and the paths that reach one (Member.user, guarded by member.read).
  ...callerEntryRule(named(mayReadUsers, 'user.read')),
  fields: (t) => ({
    email: t.exposeString('email', { description: 'Email address, lower-cased.' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the user was first seen.' }),
    memberships: t.connection(
      {
        type: MemberRef,
        description:
          'Organizations the user belongs to, oldest membership first; for another user, only those the caller can see too. A suspended membership grants no access, so the caller’s own suspended memberships are not listed. Pages hold 10 memberships unless `first` or `last` asks for 1 to 100.',
        args: {
          status: t.arg({ type: MemberStatusEnum, required: false, description: 'Only memberships with this status.' }),
          reverse: t.arg.boolean({ required: false, description: 'Newest membership first instead of oldest.' }),
        },
        resolve: (user, args, ctx, info) => {
          const filters = [sqlVisibleOrganization(ctx.principal, column(PAGED, 'organizationId'))];
          if (args.status) filters.push(equals(PAGED, 'status', args.status, 'MemberStatus'));
          const order = byCreation(Boolean(args.reverse));
          // The "my memberships" API: page size 1 to 100, default 10 (other lists default to 20).
          return resolvePage(
            ctx,
            info,
            args,
            childPage('Member', 'userId', user.id, { filters, order, defaultSize: 10, maxSize: pageSizeWithin(args, 1, 100) }),
          );
        },
      },
      withTotalCount(),
    ),
    invitations: t.prismaConnection({
      type: 'Invitation',
      cursor: 'id',
      description: 'Invitations addressed to this user’s email; empty unless this user is the caller.',
      args: { status: t.arg({ type: [InvitationStatusEnum], required: false, description: 'Only invitations with these statuses.' }) },
      totalCount: (user, args, ctx) => (isCaller(user.id, ctx) ? ctx.prisma.invitation.count({ where: invitationsOf(user.email, args.status) }) : 0),
      resolve: (query, user, args, ctx) =>
        isCaller(user.id, ctx)
          ? ctx.prisma.invitation.findMany({ ...query, where: invitationsOf(user.email, args.status), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
          : [],
    }),
  }),
});

function isCaller(userId: string, ctx: { principal: Principal | null }): boolean {
  return userOf(ctx.principal)?.userId === userId;
}

function invitationsOf(email: string, statuses: InvitationStatus[] | null | undefined) {
  return { email, ...(statuses ? whereEffectiveStatus(statuses) : {}) };
}
