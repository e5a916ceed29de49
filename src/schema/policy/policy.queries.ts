import { visiblePolicies } from '../../auth/visibility.js';
import { NotFoundError } from '../../errors.js';
import { builder } from '../builder.js';
import { PolicyRef } from './policy.type.js';

builder.queryField('policy', (t) =>
  t.prismaField({
    type: 'Policy',
    nullable: true,
    description: 'One policy: a built-in one, or a custom one of an organization the caller belongs to (needs policy:read there); NOT_FOUND for any other.',
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ for: PolicyRef, required: true, description: 'Global id of the policy.' }) },
    resolve: async (query, _root, args, ctx) => {
      const policy = await ctx.prisma.policy.findFirst({ ...query, where: { id: args.id.id, AND: [visiblePolicies(ctx.principal)] } });
      if (!policy) throw new NotFoundError('Policy');
      return policy;
    },
  }),
);
