import { visibleOrganizations } from '../../auth/visibility.js';
import type { Context } from '../../context.js';
import type { Prisma } from '../../db/generated/prisma/client.js';
import { NotFoundError } from '../../errors.js';
import { builder } from '../builder.js';
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
      if (!organization) throw new NotFoundError('Organization');
      return organization;
    },
  }),
);

builder.queryField('organizations', (t) =>
  t.prismaConnection({
    type: 'Organization',
    cursor: 'id',
    description: 'The organizations the caller is an active member of, oldest first.',
    authScopes: { authenticated: true },
    args: { activeOnly: t.arg.boolean({ required: false, defaultValue: false, description: 'Leave out deactivated organizations.' }) },
    totalCount: (_root, args, ctx) => ctx.prisma.organization.count({ where: myOrganizations(ctx, args.activeOnly) }),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.organization.findMany({ ...query, where: myOrganizations(ctx, args.activeOnly), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  }),
);

function myOrganizations(ctx: Pick<Context, 'principal'>, activeOnly: boolean | null | undefined): Prisma.OrganizationWhereInput {
  return { ...visibleOrganizations(ctx.principal), ...(activeOnly ? { active: true } : {}) };
}
