import type { Prisma } from '../../db/generated/prisma/client.js';
import { NotFoundError } from '../../errors.js';
import { notPurged, visibleStacks } from '../../services/stacks.js';
import { builder } from '../builder.js';
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

const byCreation = [{ createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.StackOrderByWithRelationInput[];

// A related connection: plugin-prisma loads it inside the organizations' own query, so a list
// of organizations with their stacks costs the same few statements whatever its length.
builder.prismaObjectField('Organization', 'stacks', (t) =>
  t.relatedConnection('stacks', {
    cursor: 'id',
    nullable: true,
    description: 'Stacks of the organization, oldest first; deleted ones only with includeDeleted. Null (with a FORBIDDEN error) without stack:read.',
    authScopes: (organization) => ({ orgScope: { organizationId: organization.id, scope: 'stack:read' } }),
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
    totalCount: true,
    query: (args, ctx) => {
      const filters: Prisma.StackWhereInput[] = [args.includeDeleted ? notPurged(ctx) : { deletedAt: null }];
      if (args.status) filters.push({ status: args.status });
      if (args.regionId) filters.push({ regionId: args.regionId.id });
      if (args.search) filters.push({ name: { contains: args.search.replace(/[\\%_]/g, (c) => `\\${c}`), mode: 'insensitive' } });
      return { where: { AND: filters }, orderBy: byCreation };
    },
  }),
);
