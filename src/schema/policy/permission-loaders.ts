import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { standingFromRow, standingsOfMembers } from '../../auth/standing-statement.js';
import { effectiveScopes } from '../../auth/effective-scopes.js';
import type { Context } from '../../context.js';
import { textArray } from '../../db/sql-fragments.js';
import type { PolicyFacts } from '../../auth/rules/escalation.js';

// Per-request loaders for the permission data that fields compute from (Member.effectiveScopes,
// Group.viewerCan). A loader rather than a plugin-prisma `select`: the same relations are also
// paged by the Member.policies, Member.groups and Group.policies connections, and plugin-prisma
// loads a relation selected twice with different arguments once per row. A loader answers a
// whole list in one batch (one statement per relation level). They batch but do not cache, so
// the payload of a later mutation in the same document never sees an earlier answer.

interface PermissionLoaders {
  /**
   * A member's effective scopes (role ∪ policies ∪ groups' policies, then application scopes),
   * in catalog order; empty while suspended. For an application's client, that application's only.
   */
  memberScopes: DataLoader<string, string[]>;
  /** The policies attached to a group, as the no-escalation rules see them. */
  groupPolicies: DataLoader<string, PolicyFacts[]>;
}

const NO_CACHE = { cache: false } as const;

/** The request's permission loaders, made the first time a field of the request asks. */
export const permissionLoaders = createContextCache(
  (ctx: Context): PermissionLoaders => ({
    memberScopes: new DataLoader(async (memberIds) => {
      const application = ctx.principal?.kind === 'client' ? ctx.principal.application : null;
      const rows = await ctx.sql.rows(standingsOfMembers(textArray(memberIds)));
      const byId = new Map(rows.map((row) => [row[0] as string, standingFromRow(row, 1)]));
      return memberIds.map((id) => {
        const standing = byId.get(id);
        return standing ? effectiveScopes(standing, application) : [];
      });
    }, NO_CACHE),
    groupPolicies: new DataLoader(async (groupIds) => {
      const rows = await ctx.prisma.groupPolicy.findMany({
        where: { groupId: { in: [...groupIds] } },
        select: { groupId: true, policy: { select: { organizationId: true, scopes: true } } },
      });
      return groupIds.map((id) => rows.filter((row) => row.groupId === id).map((row) => row.policy));
    }, NO_CACHE),
  }),
);
