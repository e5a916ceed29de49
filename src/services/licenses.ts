import type { Context } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { changeOrganization } from './unit-of-work.js';

// An organization's license: none means the free plan. Licenses come from billing (the demo
// seeds some), never from this API; owners (license:write) only assign and unassign them.
// A license serves at most one organization (Organization.licenseId is unique).

/** The plan of an organization without a license. */
export const FREE_PLAN = 'free';

/** The plan an organization runs under: its license's, unless it has none or it has expired. */
export function effectivePlan(license: { plan: string; expiresAt: Date | null } | null, now = new Date()): string {
  return license && !isExpired(license, now) ? license.plan : FREE_PLAN;
}

/** The seats the organization may fill: its license's, unless it has none or it has expired (the free plan has no seat limit); null: no limit. */
export function seatLimit(license: { seats: number | null; expiresAt: Date | null } | null, now = new Date()): number | null {
  return license && !isExpired(license, now) ? license.seats : null;
}

export function isExpired(license: { expiresAt: Date | null }, now = new Date()): boolean {
  return license.expiresAt !== null && license.expiresAt <= now;
}

/**
 * Assigns a license to the organization, replacing the one it had. NOT_FOUND for an unknown
 * license; CONFLICT when the license serves another organization, already serves this one, or
 * has expired.
 */
export async function assignLicense(ctx: Context, organizationId: string, licenseId: string): Promise<{ organizationId: string; licenseId: string }> {
  return changeOrganization(ctx, organizationId, 'license.manage', async ({ tx }) => {
    const license = await tx.license.findUnique({ where: { id: licenseId }, include: { organization: { select: { id: true } } } });
    if (!license) throw new NotFoundError('License');
    if (license.organization?.id === organizationId) throw new ConflictError('The organization already has this license');
    if (license.organization) throw new ConflictError('The license is assigned to another organization');
    if (isExpired(license)) throw new ConflictError(`The license expired at ${license.expiresAt!.toISOString()}`);
    const before = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { licenseId: true } });
    // The unique licenseId turns a concurrent assignment of the same license into a CONFLICT.
    await tx.organization.update({ where: { id: organizationId }, data: { licenseId } });
    return {
      result: { organizationId, licenseId },
      audit: {
        action: 'license.assign',
        targetType: 'Organization',
        targetId: organizationId,
        changes: { licenseId: { from: before.licenseId, to: licenseId }, plan: license.plan },
      },
    };
  });
}

/** Takes the organization's license away: it runs on the free plan. CONFLICT when it has none. */
export async function unassignLicense(ctx: Context, organizationId: string): Promise<{ organizationId: string; licenseId: string }> {
  return changeOrganization(ctx, organizationId, 'license.manage', async ({ tx }) => {
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { licenseId: true } });
    if (!organization.licenseId) throw new ConflictError('The organization has no license: it is on the free plan');
    await tx.organization.update({ where: { id: organizationId }, data: { licenseId: null } });
    return {
      result: { organizationId, licenseId: organization.licenseId },
      audit: {
        action: 'license.unassign',
        targetType: 'Organization',
        targetId: organizationId,
        changes: { licenseId: { from: organization.licenseId, to: null } },
      },
    };
  });
}
