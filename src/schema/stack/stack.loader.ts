import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { userOf } from '../../auth/principal.js';
import type { Context } from '../../context.js';
import type { StackRole } from '../../db/generated/prisma/enums.js';

// The caller's own access role on stacks (Stack.viewerRole, Stack.viewerCan), for a whole list
// in one statement. A loader rather than a plugin-prisma `select`: Stack.userAccess pages the
// same relation, and a relation selected twice with different arguments is loaded per row.
// No cache, so the payload of a later mutation in the same document sees the change.

/** The request's loader, made the first time a stack of the request asks. */
export const viewerStackAccess = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, StackRole | null>(
      async (stackIds) => {
        const user = userOf(ctx.principal);
        if (!user) return stackIds.map(() => null);
        const rows = await ctx.prisma.stackUserAccess.findMany({
          where: { stackId: { in: [...stackIds] }, member: { userId: user.userId, status: 'ACTIVE' } },
          select: { stackId: true, role: true },
        });
        const byStack = new Map(rows.map((row) => [row.stackId, row.role]));
        return stackIds.map((id) => byStack.get(id) ?? null);
      },
      { cache: false },
    ),
);
