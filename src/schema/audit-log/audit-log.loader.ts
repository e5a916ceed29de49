import type { Context } from '../../context.js';
import { Prisma, type AuditLog } from '../../db/generated/prisma/client.js';
import type { ActorType } from '../../db/generated/prisma/enums.js';
import { ValidationError } from '../../errors.js';
import { requestLoaders } from '../shared/request-loaders.js';

// Organization.auditLogs under a list of organizations must not cost a query per organization.
// AuditLog has no relation to Organization (the trail outlives a deleted organization), so
// plugin-prisma cannot nest it: these loaders batch every organization asking with the same
// filters and page into one statement (a LATERAL join takes each organization's page from the
// (organizationId, createdAt) index), one for the rows, and one grouped count for totalCount.

/** The filters of Organization.auditLogs, already parsed. */
export interface AuditFilter {
  actions?: string[];
  actorType?: ActorType;
  actorId?: string;
  targetType?: string;
  since?: Date;
  until?: Date;
}

/** A page as plugin-relay's resolveCursorConnection asks for it. */
export interface AuditPage {
  before?: string;
  after?: string;
  limit: number;
  inverted: boolean;
}

/** Cursor of an entry: its position in the (createdAt, id) order, opaque to clients. */
export function auditCursor(entry: Pick<AuditLog, 'createdAt' | 'id'>): string {
  return Buffer.from(`${entry.createdAt.toISOString()}|${entry.id}`).toString('base64url');
}

function decodeCursor(cursor: string, argument: 'after' | 'before'): { createdAt: string; id: string } {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!createdAt || !id || rest.length > 0 || Number.isNaN(Date.parse(createdAt))) {
    throw new ValidationError(`${argument} is not a cursor of this list`, [{ path: [argument], message: 'is not a cursor of this list' }]);
  }
  return { createdAt: new Date(createdAt).toISOString(), id };
}

// Timestamps are stored as UTC in `timestamp(3)`; an ISO string cast to it keeps its UTC wall time.
const at = (iso: string) => Prisma.sql`CAST(${iso} AS timestamp(3))`;

/** The filter as SQL conditions on the table aliased `a`. */
function conditions(filter: AuditFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filter.actions?.length) where.push(Prisma.sql`a."action" IN (${Prisma.join(filter.actions)})`);
  if (filter.actorType) where.push(Prisma.sql`a."actorType" = CAST(${filter.actorType} AS "ActorType")`);
  if (filter.actorId) where.push(Prisma.sql`a."actorId" = ${filter.actorId}`);
  if (filter.targetType) where.push(Prisma.sql`a."targetType" = ${filter.targetType}`);
  if (filter.since) where.push(Prisma.sql`a."createdAt" >= ${at(filter.since.toISOString())}`);
  if (filter.until) where.push(Prisma.sql`a."createdAt" < ${at(filter.until.toISOString())}`);
  return where;
}

const and = (parts: Prisma.Sql[]) => (parts.length ? Prisma.sql` AND ${Prisma.join(parts, ' AND ')}` : Prisma.empty);

/** Each organization's page of entries, newest first (or oldest first when `inverted`), in one statement for all of them. */
async function loadPages(ctx: Context, filter: AuditFilter, page: AuditPage, organizationIds: readonly string[]): Promise<AuditLog[][]> {
  const keyset: Prisma.Sql[] = [];
  // Newest first: `after` an entry means older than it, `before` it means newer.
  if (page.after) {
    const c = decodeCursor(page.after, 'after');
    keyset.push(Prisma.sql`(a."createdAt", a."id") < (${at(c.createdAt)}, ${c.id})`);
  }
  if (page.before) {
    const c = decodeCursor(page.before, 'before');
    keyset.push(Prisma.sql`(a."createdAt", a."id") > (${at(c.createdAt)}, ${c.id})`);
  }
  const direction = page.inverted ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const organizations = Prisma.join(organizationIds.map((id) => Prisma.sql`(CAST(${id} AS text))`));
  const rows = await ctx.prisma.$queryRaw<{ id: string; organizationId: string }[]>`
    SELECT e."id", o."id" AS "organizationId"
    FROM (VALUES ${organizations}) AS o("id")
    CROSS JOIN LATERAL (
      SELECT a."id", a."createdAt" FROM "AuditLog" a
      WHERE a."organizationId" = o."id"${and([...conditions(filter), ...keyset])}
      ORDER BY a."createdAt" ${direction}, a."id" ${direction}
      LIMIT ${page.limit}
    ) e
    ORDER BY o."id", e."createdAt" ${direction}, e."id" ${direction}`;
  const entries = rows.length ? await ctx.prisma.auditLog.findMany({ where: { id: { in: rows.map((row) => row.id) } } }) : [];
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const pages = new Map<string, AuditLog[]>(organizationIds.map((id) => [id, []]));
  for (const row of rows) pages.get(row.organizationId)!.push(byId.get(row.id)!);
  return organizationIds.map((id) => pages.get(id)!);
}

/** Each organization's number of entries matching the filter, in one statement for all of them. */
async function loadCounts(ctx: Context, filter: AuditFilter, organizationIds: readonly string[]): Promise<number[]> {
  const rows = await ctx.prisma.$queryRaw<{ organizationId: string; count: bigint | number }[]>`
    SELECT a."organizationId", COUNT(*) AS "count" FROM "AuditLog" a
    WHERE a."organizationId" IN (${Prisma.join([...organizationIds])})${and(conditions(filter))}
    GROUP BY a."organizationId"`;
  const counts = new Map(rows.map((row) => [row.organizationId, Number(row.count)]));
  return organizationIds.map((id) => counts.get(id) ?? 0);
}

// One loader per distinct (filter, page) of a request.
const pageLoader = requestLoaders<AuditLog[]>();
const countLoader = requestLoaders<number>();

/** A page of the organization's audit log, batched with the other organizations of the request. */
export function loadAuditPage(ctx: Context, organizationId: string, filter: AuditFilter, page: AuditPage): Promise<AuditLog[]> {
  return pageLoader(ctx, JSON.stringify([filter, page]), (ids) => loadPages(ctx, filter, page, ids)).load(organizationId);
}

/** The number of the organization's entries matching the filter, batched likewise. */
export function countAuditEntries(ctx: Context, organizationId: string, filter: AuditFilter): Promise<number> {
  return countLoader(ctx, JSON.stringify(filter), (ids) => loadCounts(ctx, filter, ids)).load(organizationId);
}
