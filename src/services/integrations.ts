import { z } from 'zod';
import type { Standing } from '../auth/access.js';
import { can } from '../auth/permissions.js';
import { visibleOrganizations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { Integration, Prisma } from '../db/generated/prisma/client.js';
import { NotFoundError } from '../errors.js';
import { changeOrganization, type Change, type Unit } from './unit-of-work.js';
import { displayName, parseInput } from './validate.js';

// Organization-level integrations (Vercel, AWS Marketplace, …). Their own installation flows
// create them (not this API); here they are listed, disconnected, and their environment mapping
// (which of the integration's environments is which of ours) is edited. Mappings are stored as
// one JSON object { externalEnvironment: environment }.

export const MAX_ENVIRONMENT_MAPPINGS = 50;

const environmentName = displayName(100);

const MappingInput = z.object({
  environmentMapping: z
    .array(z.object({ externalEnvironment: environmentName, environment: environmentName }))
    .max(MAX_ENVIRONMENT_MAPPINGS, `must have at most ${MAX_ENVIRONMENT_MAPPINGS} entries`)
    .superRefine((entries, check) => {
      const seen = new Set<string>();
      entries.forEach((entry, i) => {
        if (seen.has(entry.externalEnvironment)) check.addIssue({ code: 'custom', path: [i, 'externalEnvironment'], message: 'is mapped twice' });
        seen.add(entry.externalEnvironment);
      });
    }),
});

export interface EnvironmentMappingEntry {
  externalEnvironment: string;
  environment: string;
}

/**
 * The stored mapping as a list sorted by external environment (jsonb keeps no key order); values
 * other than strings (an installation flow's own shape) are left out.
 */
export function environmentMappingEntries(stored: Prisma.JsonValue): EnvironmentMappingEntry[] {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return [];
  return Object.entries(stored)
    .flatMap(([externalEnvironment, environment]) => (typeof environment === 'string' ? [{ externalEnvironment, environment }] : []))
    .sort((a, b) => (a.externalEnvironment < b.externalEnvironment ? -1 : a.externalEnvironment > b.externalEnvironment ? 1 : 0));
}

/** What the caller may do with an integration, from the scope the mutations check. */
export function integrationPermissions(standing: Standing | null) {
  const manage = can(standing, 'integration.manage');
  return { delete: manage, updateEnvironmentMapping: manage };
}

/** Disconnects (deletes) an integration. */
export async function deleteIntegration(ctx: Context, integrationId: string): Promise<{ integrationId: string; organizationId: string }> {
  return changeIntegration(ctx, integrationId, async ({ tx, organizationId }, integration) => {
    await tx.integration.delete({ where: { id: integrationId } });
    return {
      result: { integrationId, organizationId },
      audit: {
        action: 'integration.delete',
        targetType: 'Integration',
        targetId: integrationId,
        changes: { kind: integration.kind, displayName: integration.displayName },
      },
    };
  });
}

/** Replaces an integration's environment mapping with the entries given (an empty list clears it). */
export async function updateIntegrationEnvironmentMapping(ctx: Context, integrationId: string, input: z.input<typeof MappingInput>): Promise<string> {
  const { environmentMapping } = parseInput(MappingInput, input);
  return changeIntegration(ctx, integrationId, async ({ tx }, integration) => {
    const to = Object.fromEntries(environmentMapping.map((entry) => [entry.externalEnvironment, entry.environment]));
    await tx.integration.update({ where: { id: integrationId }, data: { environmentMapping: to } });
    return {
      result: integrationId,
      audit: {
        action: 'integration.environment_mapping.update',
        targetType: 'Integration',
        targetId: integrationId,
        changes: { environmentMapping: { from: integration.environmentMapping, to } },
      },
    };
  });
}

/** What a change sees of an integration (never its config). */
type IntegrationFacts = Pick<Integration, 'kind' | 'displayName' | 'environmentMapping'>;

/** Runs `work` on the integration, read under its organization's lock (integration.manage). */
async function changeIntegration<T>(ctx: Context, integrationId: string, work: (unit: Unit, integration: IntegrationFacts) => Promise<Change<T>>): Promise<T> {
  const organizationId = await organizationOfIntegration(ctx, integrationId);
  return changeOrganization(ctx, organizationId, 'integration.manage', async (unit) => {
    const integration = await unit.tx.integration.findFirst({
      where: { id: integrationId, organizationId },
      select: { kind: true, displayName: true, environmentMapping: true },
    });
    if (!integration) throw new NotFoundError('Integration');
    return work(unit, integration);
  });
}

async function organizationOfIntegration(ctx: Context, integrationId: string): Promise<string> {
  const integration = await ctx.prisma.integration.findFirst({
    where: { id: integrationId, organization: visibleOrganizations(ctx.principal) },
    select: { organizationId: true },
  });
  if (!integration) throw new NotFoundError('Integration');
  return integration.organizationId;
}
