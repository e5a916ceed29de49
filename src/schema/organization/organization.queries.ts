import { userOf } from '../../auth/principal.js';
import { standingBeside, standingFromRow } from '../../auth/standing-statement.js';
import { sqlVisibleOrganization, visibleOrganizations } from '../../auth/visibility.js';
import type { Context } from '../../context.js';
import { equals } from '../../db/sql-conditions.js';
import { column } from '../../db/sql-fragments.js';
import { NotFoundError } from '../../errors.js';
import { builder } from '../builder.js';
import { OLDEST_FIRST, PAGED, resolvePage, withTotalCount, type PageOf } from '../shared/paged-connection.js';
import { OrganizationRef } from './organization.type.js';

builder.queryField('organization', (t) =>
  t.prismaField({
    type: 'Organization',
    nullable: true,
    description: 'One organization the caller belongs to; NOT_FOUND for any other.',
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ for: OrganizationRef, required: true, description: 'Global id of the organization.' }) },
    resolve: async (query, _root, args, ctx) => {
      const organization = await ctx.prisma.organization.findFirst({ ...query, where: { id: args.id.id, ...visibleOrganizations(ctx.principal) } });
      // Not visible: a member whose token fails the SSO or MFA requirement is told so (FORBIDDEN with the reason), anyone else NOT_FOUND.
      if (!organization) await ctx.access.require(args.id.id, 'organization.read');
      if (!organization) throw new NotFoundError('Organization');
      return organization;
    },
  }),
);

builder.queryField('organizations', (t) =>
  t.connection(
    {
      type: OrganizationRef,
      description: 'The organizations the caller is an active member of, oldest first.',
      authScopes: { authenticated: true },
      args: { activeOnly: t.arg.boolean({ required: false, defaultValue: false, description: 'Leave out deactivated organizations.' }) },
      resolve: (_root, args, ctx, info) =>
        resolvePage(ctx, info, args, {
          parent: 'caller',
          source: {
            model: 'Organization',
            belongsTo: () => sqlVisibleOrganization(ctx.principal, column(PAGED, 'id')),
            filters: args.activeOnly ? [equals(PAGED, 'active', true)] : [],
            order: OLDEST_FIRST,
          },
          besides: callerStandings(ctx),
        }),
    },
    withTotalCount(),
  ),
);

/**
 * The caller's standing in each organization of the page, read by the page's own statement and
 * handed to the request's access control: viewerCan and every scope check below cost nothing more.
 */
function callerStandings(ctx: Context): PageOf['besides'] {
  const user = userOf(ctx.principal);
  if (!user) return undefined;
  return {
    ...standingBeside(user, column(PAGED, 'id'), 's'),
    read: (row, offset, organization) => ctx.access.prime(organization.id as string, standingFromRow(row, offset)),
  };
}
