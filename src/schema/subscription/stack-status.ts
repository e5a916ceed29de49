import { visibleStacks } from '../../auth/visibility.js';
import { NotFoundError } from '../../errors.js';
import { notPurged } from '../../services/stacks.js';
import { builder } from '../builder.js';
import { StackRef } from '../stack/stack.type.js';
import { aboutTarget, ChangeEventRef, type ChangePayload, FROM_EVENT } from './change-event.type.js';
import { delivered, eventFeed } from './event-feed.js';

const StackEventRef = builder.objectRef<ChangePayload>('StackEvent').implement({
  description: 'A committed change of a stack: enabled, disabled, upgraded, updated, deleted, restored, a module or Stargate switched…',
  interfaces: [ChangeEventRef],
  fields: (t) => ({
    stack: t.prismaField({
      ...FROM_EVENT,
      type: 'Stack',
      nullable: true,
      description: 'The stack as it is now, its status included; null once it is gone for good (purged after the retention period).',
      resolve: (query, { node }, _args, ctx) =>
        ctx.prisma.stack.findFirst({ ...query, where: { id: node.id, AND: [visibleStacks(ctx.principal), notPurged(ctx)] } }),
    }),
  }),
});

builder.subscriptionField('stackStatus', (t) =>
  t.field({
    type: StackEventRef,
    description:
      'The changes of one stack as they are committed, with the stack as it is now. Needs stack:read in its organization (NOT_FOUND outside it), checked again for every event: a subscriber who loses it gets a last error and the stream ends.',
    authScopes: { authenticated: true },
    args: { stackId: t.arg.globalID({ for: StackRef, required: true, description: 'Global id of the stack.' }) },
    subscribe: async (_root, args, ctx) => {
      const stackId = args.stackId.id;
      const stack = await ctx.prisma.stack.findFirst({
        where: { id: stackId, AND: [visibleStacks(ctx.principal), notPurged(ctx)] },
        select: { organizationId: true },
      });
      if (!stack) throw new NotFoundError('Stack');
      await ctx.access.require(stack.organizationId, 'stack.read');
      return eventFeed(ctx, {
        concerns: (event) => event.target.type === 'Stack' && event.target.id === stackId,
        payloads: async (event) => {
          await ctx.access.require(stack.organizationId, 'stack.read');
          return [aboutTarget(event)];
        },
      });
    },
    resolve: delivered,
  }),
);
