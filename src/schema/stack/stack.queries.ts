import { Prisma } from '../../db/generated/prisma/client.js';
import { column } from '../../db/sql-fragments.js';
import { containsText, equals } from '../../db/sql-conditions.js';
import { NotFoundError } from '../../errors.js';
import { visibleStacks } from '../../auth/visibility.js';
import { notPurged, sqlNotPurged } from '../../services/stacks.js';
import { builder } from '../builder.js';
import { inThisOrganization } from '../shared/rules.js';
import { childPage, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';
import { RegionRef } from '../region/region.type.js';
import { StackStatusEnum, StackRef } from './stack.type.js';

builder.queryField('stack', (t) =>
  t.prismaField({
    type: 'Stack',
    nullable: true,
    description:
      'One stack of an organization the caller belongs to (needs stack:read there), deleted ones included while they can be restored; NOT_FOUND for any other.',
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ for: StackRef, required: true, description: 'Global id of the stack.' }) },
    resolve: async (query, _root, args, ctx) => {
      const stack = await ctx.prisma.stack.findFirst({ ...query, where: { id: args.id.id, AND: [visibleStacks(ctx.principal), notPurged(ctx)] } });
      if (!stack) throw new NotFoundError('Stack');
      return stack;
    },
  }),
);

// One batched statement for the stacks of every organization of the page.
builder.prismaObjectField('Organization', 'stacks', (t) =>
  t.connection(
    {
      type: StackRef,
      nullable: true,
      description: 'Stacks of the organization, oldest first; deleted ones only with includeDeleted. Null (with a FORBIDDEN error) without stack:read.',
      authScopes: inThisOrganization('stack.read'),
      args: {
        status: t.arg({ type: StackStatusEnum, required: false, description: 'Only stacks with this status.' }),
        regionId: t.arg.globalID({ for: RegionRef, required: false, description: 'Only stacks running in this region.' }),
        includeDeleted: t.arg.boolean({
          required: false,
          defaultValue: false,
          description: 'Also list deleted stacks that can still be restored (past the retention period they are gone for good).',
        }),
        search: t.arg.string({ required: false, description: 'Case-insensitive part of the stack’s name.' }),
      },
      resolve: (organization, args, ctx, info) => {
        const filters: Prisma.Sql[] = [args.includeDeleted ? sqlNotPurged(ctx, PAGED) : Prisma.sql`${column(PAGED, 'deletedAt')} IS NULL`];
        if (args.status) filters.push(equals(PAGED, 'status', args.status, 'StackStatus'));
        if (args.regionId) filters.push(equals(PAGED, 'regionId', args.regionId.id));
        if (args.search) filters.push(containsText(PAGED, ['name'], args.search));
        return resolvePage(ctx, info, args, childPage('Stack', 'organizationId', organization.id, { filters }));
      },
    },
    withTotalCount(),
  ),
);
