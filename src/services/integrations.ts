import { z } from 'zod';
import type { Standing } from '../auth/access.js';
import { visibleOrganizations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { Prisma } from '../db/generated/prisma/client.js';
import { NotFoundError } from '../errors.js';
import { lockAsActor } from './actor.js';
import { recordAudit } from './audit.js';
import { inTransaction, type Tx } from './transaction.js';
import { parseInput } from './validate.js';

// Organization-level integrations (Vercel, AWS Marketplace, …). Their own installation flows
// create them (not this API); here they are listed, disconnected, and their environment mapping
// (which of the integration's environments is which of ours) is edited. Mappings are stored as
// one JSON object { externalEnvironment: environment }.

export const MAX_ENVIRONMENT_MAPPINGS = 50;

const environmentName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

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
  const write = standing?.scopes.has('integration:write') ?? false;
  return { delete: write, updateEnvironmentMapping: write };
}

/** Disconnects (deletes) an integration. */
export async function deleteIntegration(ctx: Context, integrationId: string): Promise<{ integrationId: string; organizationId: string }> {
  const organizationId = await organizationOfIntegration(ctx, integrationId);
  return inTransaction(ctx, async (tx) => {
    const integration = await lockIntegration(tx, ctx, organizationId, integrationId);
    await tx.integration.delete({ where: { id: integrationId } });
    await recordAudit(tx, ctx, {
      organizationId,
      action: 'integration.delete',
      targetType: 'Integration',
      targetId: integrationId,
      changes: { kind: integration.kind, displayName: integration.displayName },
    });
    return { integrationId, organizationId };
  });
}

/** Replaces an integration's environment mapping with the entries given (an empty list clears it). */
export async function updateIntegrationEnvironmentMapping(ctx: Context, integrationId: string, input: z.input<typeof MappingInput>): Promise<string> {
  const { environmentMapping } = parseInput(MappingInput, input);
  const organizationId = await organizationOfIntegration(ctx, integrationId);
  return inTransaction(ctx, async (tx) => {
    const integration = await lockIntegration(tx, ctx, organizationId, integrationId);
    const to = Object.fromEntries(environmentMapping.map((entry) => [entry.externalEnvironment, entry.environment]));
    await tx.integration.update({ where: { id: integrationId }, data: { environmentMapping: to } });
    await recordAudit(tx, ctx, {
      organizationId,
      action: 'integration.environment_mapping.update',
      targetType: 'Integration',
      targetId: integrationId,
      changes: { environmentMapping: { from: integration.environmentMapping, to } },
    });
    return integrationId;
  });
}

/** Locks the organization, checks integration:write, and reads the integration (never its config). */
async function lockIntegration(tx: Tx, ctx: Context, organizationId: string, integrationId: string) {
  await lockAsActor(tx, ctx, organizationId, 'integration.manage');
  const integration = await tx.integration.findFirst({
    where: { id: integrationId, organizationId },
    select: { kind: true, displayName: true, environmentMapping: true },
  });
  if (!integration) throw new NotFoundError('Integration');
  return integration;
}

async function organizationOfIntegration(ctx: Context, integrationId: string): Promise<string> {
  const integration = await ctx.prisma.integration.findFirst({
    where: { id: integrationId, organization: visibleOrganizations(ctx.principal) },
    select: { organizationId: true },
  });
  if (!integration) throw new NotFoundError('Integration');
  return integration.organizationId;
}
