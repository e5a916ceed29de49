import { visibleGroups } from '../../auth/visibility.js';
import { NotFoundError } from '../../errors.js';
import { builder } from '../builder.js';
import { GroupRef } from './group.type.js';

builder.queryField('group', (t) =>
  t.prismaField({
    type: 'Group',
    nullable: true,
    description: 'One group of an organization the caller belongs to (needs group:read there); NOT_FOUND for any other.',
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ for: GroupRef, required: true, description: 'Global id of the group.' }) },
    resolve: async (query, _root, args, ctx) => {
      const group = await ctx.prisma.group.findFirst({ ...query, where: { id: args.id.id, ...visibleGroups(ctx.principal) } });
      if (!group) throw new NotFoundError('Group');
      return group;
    },
  }),
);
