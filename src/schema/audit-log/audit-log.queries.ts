import { decodeGlobalID, resolveCursorConnection } from '@pothos/plugin-relay';
import type { AuditLog } from '../../db/generated/prisma/client.js';
import { ValidationError } from '../../errors.js';
import { builder } from '../builder.js';
import { inThisOrganization } from '../shared/rules.js';
import { auditCursor, countAuditEntries, loadAuditPage, type AuditFilter } from './audit-log.loader.js';
import { AuditLogEntryRef } from './audit-log.type.js';

interface FilterArgs {
  action?: string | null;
  actions?: string[] | null;
  actorId?: string | null;
  targetType?: string | null;
  since?: Date | null;
  until?: Date | null;
}

/** The arguments as a filter: `action` and `actions` merge; since is inclusive, until exclusive. */
function parseFilter(args: FilterArgs): AuditFilter {
  if (args.since && args.until && args.since > args.until) {
    throw new ValidationError('since must not be after until', [{ path: ['since'], message: 'must not be after until' }]);
  }
  const actions = [...(args.action != null ? [args.action] : []), ...(args.actions ?? [])];
  return {
    ...(actions.length ? { actions: [...new Set(actions)].sort() } : {}),
    ...(args.actorId ? actorFilter(args.actorId) : {}),
    ...(args.targetType ? { targetType: args.targetType } : {}),
    ...(args.since ? { since: args.since } : {}),
    ...(args.until ? { until: args.until } : {}),
  };
}

/** A User's or Client's global id narrows to that kind of actor; anything else is taken as a raw actor id. */
function actorFilter(actorId: string): Pick<AuditFilter, 'actorType' | 'actorId'> {
  try {
    const { typename, id } = decodeGlobalID(actorId);
    if (typename === 'User') return { actorType: 'USER', actorId: id };
    if (typename === 'Client') return { actorType: 'CLIENT', actorId: id };
  } catch {
    // Not a global id: a raw id.
  }
  return { actorId };
}

builder.prismaObjectField('Organization', 'auditLogs', (t) =>
  t.connection(
    {
      type: AuditLogEntryRef,
      // Nullable: a caller without the scope gets null and an error here, not a lost parent.
      nullable: true,
      description:
        'The organization’s audit log, newest first: one entry per successful mutation. Null (with a FORBIDDEN error) without audit_log:read; BAD_USER_INPUT when `since` is after `until`.',
      authScopes: inThisOrganization('audit_log.read'),
      args: {
        action: t.arg.string({ required: false, description: 'Only entries with this action, e.g. group.create (merged with `actions`).' }),
        actions: t.arg.stringList({ required: false, description: 'Only entries with one of these actions; ignored when empty.' }),
        actorId: t.arg.id({ required: false, description: 'Only entries made by this actor: the global id of a User or a Client, or a raw actor id.' }),
        targetType: t.arg.string({ required: false, description: 'Only entries about objects of this type, e.g. Group.' }),
        since: t.arg({ type: 'DateTime', required: false, description: 'Only entries made at or after this time (inclusive).' }),
        until: t.arg({ type: 'DateTime', required: false, description: 'Only entries made before this time (exclusive).' }),
      },
      resolve: async (organization, args, ctx) => {
        const filter = parseFilter(args);
        const connection = await resolveCursorConnection<Promise<AuditLog[]>>({ args, toCursor: auditCursor }, (page) =>
          loadAuditPage(ctx, organization.id, filter, page),
        );
        // Kept on the connection for totalCount, which is counted only when selected.
        return Object.assign(connection, { organizationId: organization.id, filter });
      },
    },
    {
      fields: (c) => ({
        totalCount: c.int({
          description: 'Number of entries matching the filters, across all pages.',
          // Counted only when asked for, batched across the organizations of the request.
          resolve: (connection, _args, ctx) => {
            const { organizationId, filter } = connection as unknown as { organizationId: string; filter: AuditFilter };
            return countAuditEntries(ctx, organizationId, filter);
          },
        }),
      }),
    },
  ),
);
