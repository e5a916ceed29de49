import { z } from 'zod';
import { requirePlatformAdmin } from '../auth/platform-admin.js';
import { visibleRegions } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { Region } from '../db/generated/prisma/client.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import { diffFields, recordAudit } from './audit.js';
import { versionList } from './region-versions.js';
import { inTransaction, type Tx } from './transaction.js';
import { changeOrganization } from './unit-of-work.js';
import { displayName, parseInput, text } from './validate.js';

// Regions host stacks. Public regions (organizationId NULL) are the platform admins' and
// visible to every signed-in principal; a private region belongs to one organization
// (region:read to see it, region:write to create or delete it). A region used by a stack
// cannot be deleted, and a version a stack runs cannot be withdrawn.

const regionName = displayName(100);
const baseUrl = text(2000).pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }));
const offeredVersions = versionList.refine((versions) => versions.length > 0, 'must offer at least one version');

const PrivateInput = z.object({ name: regionName, baseUrl: baseUrl.nullish(), versions: versionList.nullish() });
const PublicInput = z.object({ name: regionName, baseUrl: baseUrl.nullish(), versions: offeredVersions });
const PublicPatch = z.object({ name: regionName.optional(), baseUrl: baseUrl.nullish(), versions: offeredVersions.optional() });

/** Creates a private region of an organization (region:write). Returns its id. */
export async function createPrivateRegion(ctx: Context, organizationId: string, input: z.input<typeof PrivateInput>): Promise<string> {
  const data = parseInput(PrivateInput, input);
  // The organization lock also serializes the name check of its regions.
  return changeOrganization(ctx, organizationId, 'region.manage', async ({ tx }) => {
    await ensureNameFree(tx, organizationId, data.name);
    const region = await tx.region.create({ data: { organizationId, name: data.name, baseUrl: data.baseUrl ?? null, versions: data.versions ?? [] } });
    return { result: region.id, audit: { action: 'region.create', targetType: 'Region', targetId: region.id, changes: created(region) } };
  });
}

/** Deletes a private region (region:write in its organization); CONFLICT while any stack uses it. */
export async function deleteRegion(ctx: Context, regionId: string): Promise<{ regionId: string; organizationId: string }> {
  if (!ctx.principal) throw new UnauthenticatedError();
  const target = await ctx.prisma.region.findFirst({ where: { id: regionId, ...visibleRegions(ctx.principal) }, select: { organizationId: true } });
  if (!target) throw new NotFoundError('Region');
  const organizationId = target.organizationId;
  if (organizationId === null) throw new ForbiddenError('A public region belongs to the platform: platform admins delete it with deletePublicRegion');
  return changeOrganization(ctx, organizationId, 'region.manage', async ({ tx }) => {
    const region = await lockRegion(tx, regionId, organizationId);
    await ensureUnused(tx, region);
    await tx.region.delete({ where: { id: regionId } });
    return { result: { regionId, organizationId }, audit: { action: 'region.delete', targetType: 'Region', targetId: regionId, changes: created(region) } };
  });
}

/** Creates a public region. Platform admins only. Returns its id. */
export async function createPublicRegion(ctx: Context, input: z.input<typeof PublicInput>): Promise<string> {
  requirePlatformAdmin(ctx);
  const data = parseInput(PublicInput, input);
  return inTransaction(ctx, async (tx) => {
    await lockPublicRegionNames(tx);
    await ensureNameFree(tx, null, data.name);
    const region = await tx.region.create({ data: { organizationId: null, name: data.name, baseUrl: data.baseUrl ?? null, versions: data.versions } });
    await recordAudit(tx, ctx, { organizationId: null, action: 'region.create', targetType: 'Region', targetId: region.id, changes: created(region) });
    return region.id;
  });
}

/**
 * Renames a public region, changes its base URL or the versions it offers. Platform admins only.
 * A version that a stack runs (a live stack, or a deleted one that can still be restored) cannot be withdrawn.
 */
export async function updatePublicRegion(ctx: Context, regionId: string, input: z.input<typeof PublicPatch>): Promise<string> {
  requirePlatformAdmin(ctx);
  const patch = parseInput(PublicPatch, input);
  return inTransaction(ctx, async (tx) => {
    if (patch.name !== undefined) await lockPublicRegionNames(tx);
    const region = await lockRegion(tx, regionId, null);
    if (patch.name !== undefined && patch.name !== region.name) await ensureNameFree(tx, null, patch.name, regionId);
    if (patch.versions) await ensureVersionsUnused(tx, ctx, region, patch.versions);
    const changes = diffFields(region, { name: patch.name, baseUrl: patch.baseUrl });
    if (patch.versions && patch.versions.join() !== region.versions.join()) changes.versions = { from: region.versions, to: patch.versions };
    await tx.region.update({ where: { id: regionId }, data: patch });
    await recordAudit(tx, ctx, { organizationId: null, action: 'region.update', targetType: 'Region', targetId: regionId, changes });
    return regionId;
  });
}

/** Deletes a public region. Platform admins only; CONFLICT while any stack uses it. */
export async function deletePublicRegion(ctx: Context, regionId: string): Promise<{ regionId: string }> {
  requirePlatformAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const region = await lockRegion(tx, regionId, null);
    await ensureUnused(tx, region);
    await tx.region.delete({ where: { id: regionId } });
    await recordAudit(tx, ctx, { organizationId: null, action: 'region.delete', targetType: 'Region', targetId: regionId, changes: created(region) });
    return { regionId };
  });
}

/**
 * Holds the region's row (FOR SHARE) until the transaction ends: a stack created in it, or
 * upgraded, checks the region's versions while updatePublicRegion (FOR UPDATE) cannot withdraw one.
 */
export async function holdRegionVersions(tx: Tx, regionId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Region" WHERE id = ${regionId} FOR SHARE`;
}

/**
 * Locks a region row (FOR UPDATE) and reads it; NOT_FOUND unless it belongs to `organizationId`
 * (null: a public region). The lock waits for stacks being created in the region (their foreign
 * key takes a share lock on it), so the stack checks below see them.
 */
export async function lockRegion(tx: Tx, regionId: string, organizationId: string | null): Promise<Region> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Region" WHERE id = ${regionId} FOR UPDATE`;
  const region = rows.length > 0 ? await tx.region.findFirst({ where: { id: regionId, organizationId } }) : null;
  if (!region) throw new NotFoundError('Region');
  return region;
}

/**
 * Public names are unique among public regions, but the (organizationId, name) unique index
 * cannot say so: Postgres treats the NULL organizationIds as distinct. Public regions change
 * rarely (platform admins only), so a transaction-scoped advisory lock serializes those
 * changes instead of a schema change. (On an engine without advisory locks, such as
 * CockroachDB where it is a no-op, transactions are serializable, which covers the check too.)
 */
async function lockPublicRegionNames(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PUBLIC_REGION_NAMES_LOCK}::int, 0)`;
}
/** Advisory lock key of public region names: 'RGN\0' as an int. */
const PUBLIC_REGION_NAMES_LOCK = 0x52474e00;

/** Unique among the organization's regions (or among public ones), case-insensitively. */
async function ensureNameFree(tx: Tx, organizationId: string | null, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.region.findFirst({
    where: { organizationId, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new ConflictError(`A ${organizationId ? 'region' : 'public region'} named “${name}” already exists`);
}

/** Any stack row counts, deleted ones included: the stack still references the region (and may be restored). */
async function ensureUnused(tx: Tx, region: Region): Promise<void> {
  const [live, deleted] = await Promise.all([
    tx.stack.count({ where: { regionId: region.id, deletedAt: null } }),
    tx.stack.count({ where: { regionId: region.id, deletedAt: { not: null } } }),
  ]);
  if (live + deleted > 0) {
    throw new ConflictError(`Region “${region.name}” is used by ${live} stack(s) and ${deleted} deleted stack(s) not yet purged; move or purge them first`);
  }
}

/** Refuses to withdraw a version that a live stack, or a deleted stack still within its retention period, runs. */
async function ensureVersionsUnused(tx: Tx, ctx: Context, region: Region, versions: string[]): Promise<void> {
  const withdrawn = region.versions.filter((version) => !versions.includes(version));
  if (withdrawn.length === 0) return;
  const restorableSince = new Date(Date.now() - ctx.settings.stackRetentionDays * 86_400_000);
  const used = await tx.stack.groupBy({
    by: ['version'],
    where: { regionId: region.id, version: { in: withdrawn }, OR: [{ deletedAt: null }, { deletedAt: { gte: restorableSince } }] },
    _count: { _all: true },
    orderBy: { version: 'asc' },
  });
  if (used.length > 0) {
    throw new ConflictError(
      `Stacks still run ${used.map((row) => `${row.version} (${row._count._all})`).join(', ')}: upgrade them before withdrawing the version`,
    );
  }
}

function created(region: Region) {
  return { name: region.name, baseUrl: region.baseUrl, versions: region.versions };
}
