import { NotFoundError } from '../../errors.js';
import { visibleRegions } from '../../auth/visibility.js';
import { builder } from '../builder.js';
import { RegionRef } from './region.type.js';

builder.queryField('region', (t) =>
  t.prismaField({
    type: 'Region',
    nullable: true,
    description:
      'One region with the versions it offers: a public one (any signed-in caller), or a private one of an organization the caller belongs to (needs region:read there); NOT_FOUND for any other.',
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ for: RegionRef, required: true, description: 'Global id of the region.' }) },
    resolve: async (query, _root, args, ctx) => {
      const region = await ctx.prisma.region.findFirst({ ...query, where: { id: args.id.id, AND: [visibleRegions(ctx.principal)] } });
      if (!region) throw new NotFoundError('Region');
      return region;
    },
  }),
);
