import { z } from 'zod';
import { requirePlatformAdmin } from '../auth/platform-admin.js';
import type { Context } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { removeApplicationFromPolicies, renameApplicationInPolicies } from './application-scope-policies.js';
import { diffFields, recordAudit } from './audit.js';
import { inTransaction, type Tx } from './transaction.js';
import { changeOrganization, type Change } from './unit-of-work.js';
import { description, displayName, parseInput, requiredText, text } from './validate.js';

// The application catalog: global applications that platform admins create and change (their
// audit entries belong to no organization), and that each organization's admins enable or
// disable for it (application:write there). Scopes and clients: application-scopes.ts and
// application-clients.ts.

const applicationName = displayName(100);
const alias = requiredText(50).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug: letters a-z, digits and single hyphens between them');
const url = text(2000).pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }));

const CreateInput = z.object({ name: applicationName, alias, description: description.nullish(), url: url.nullish() });
const UpdateInput = z.object({ name: applicationName.optional(), alias: alias.optional(), description: description.nullish(), url: url.nullish() });

/** Adds an application to the catalog. Platform admins only. Returns its id. */
export async function createApplication(ctx: Context, input: z.input<typeof CreateInput>): Promise<string> {
  requirePlatformAdmin(ctx);
  const data = parseInput(CreateInput, input);
  return inTransaction(ctx, async (tx) => {
    await ensureAliasFree(tx, data.alias);
    const application = await tx.application.create({
      data: { name: data.name, alias: data.alias, description: data.description ?? null, url: data.url ?? null },
    });
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.create',
      targetType: 'Application',
      targetId: application.id,
      changes: { name: application.name, alias: application.alias, description: application.description, url: application.url },
    });
    return application.id;
  });
}

/** Changes an application's name, alias, description or URL. Platform admins only. */
export async function updateApplication(ctx: Context, applicationId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  requirePlatformAdmin(ctx);
  const patch = parseInput(UpdateInput, input);
  return inTransaction(ctx, async (tx) => {
    const application = await lockApplication(tx, applicationId);
    if (patch.alias !== undefined && patch.alias !== application.alias) await ensureAliasFree(tx, patch.alias);
    const changes: Record<string, unknown> = diffFields(application, patch);
    await tx.application.update({ where: { id: applicationId }, data: patch });
    // Its scopes are named after the alias: the policies that grant them follow the new name.
    if (patch.alias !== undefined && patch.alias !== application.alias) {
      changes.renamedInPolicies = await renameApplicationInPolicies(tx, application.alias, patch.alias);
    }
    await recordAudit(tx, ctx, { organizationId: null, action: 'application.update', targetType: 'Application', targetId: applicationId, changes });
    return applicationId;
  });
}

/**
 * Removes an application from the catalog with its scopes and clients; it is disabled in every
 * organization that had enabled it. One audit entry (invariant 5), naming those organizations.
 */
export async function deleteApplication(ctx: Context, applicationId: string): Promise<{ applicationId: string }> {
  requirePlatformAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const application = await lockApplication(tx, applicationId);
    const [enabledIn, clients, scopes] = await Promise.all([
      tx.organizationApplication.findMany({ where: { applicationId }, select: { organizationId: true }, orderBy: { organizationId: 'asc' } }),
      tx.applicationClient.count({ where: { applicationId } }),
      tx.applicationScope.count({ where: { applicationId } }),
    ]);
    // The foreign keys cascade: scopes, delegations, clients and enabling rows go with it; the
    // policies that granted its scopes no longer name them.
    const policies = await removeApplicationFromPolicies(
      tx,
      application.alias,
      enabledIn.map((row) => row.organizationId),
    );
    await tx.application.delete({ where: { id: applicationId } });
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.delete',
      targetType: 'Application',
      targetId: applicationId,
      changes: {
        name: application.name,
        alias: application.alias,
        scopes,
        clients,
        disabledIn: enabledIn.map((row) => row.organizationId),
        removedFromPolicies: policies,
      },
    });
    return { applicationId };
  });
}

/** Enables a catalog application for an organization. Needs application:write there; CONFLICT when already enabled. */
export async function enableApplication(ctx: Context, organizationId: string, applicationId: string): Promise<void> {
  await changeEnabling(ctx, organizationId, async (tx) => {
    const application = await shareApplication(tx, applicationId);
    const existing = await tx.organizationApplication.findUnique({ where: { organizationId_applicationId: { organizationId, applicationId } } });
    if (existing) throw new ConflictError('The application is already enabled for this organization');
    await tx.organizationApplication.create({ data: { organizationId, applicationId } });
    return {
      result: undefined,
      audit: { action: 'application.enable', targetType: 'Application', targetId: applicationId, changes: { alias: application.alias } },
    };
  });
}

/**
 * Disables an application for an organization. Needs application:write there; CONFLICT when it is
 * not enabled. Its scopes leave effect at once: they are taken out of the organization's policies,
 * and the tokens its clients hold for the organization stop working.
 */
export async function disableApplication(ctx: Context, organizationId: string, applicationId: string): Promise<void> {
  await changeEnabling(ctx, organizationId, async (tx) => {
    const application = await shareApplication(tx, applicationId);
    const removed = await tx.organizationApplication.deleteMany({ where: { organizationId, applicationId } });
    if (removed.count === 0) throw new ConflictError('The application is not enabled for this organization');
    const policies = await removeApplicationFromPolicies(tx, application.alias, [organizationId]);
    return {
      result: undefined,
      audit: {
        action: 'application.disable',
        targetType: 'Application',
        targetId: applicationId,
        changes: { alias: application.alias, removedFromPolicies: policies },
      },
    };
  });
}

/**
 * Enabling and disabling an application for an organization: application:write there; the
 * caller's own standing changes with it (an OWNER holds every scope of the enabled applications).
 */
function changeEnabling(ctx: Context, organizationId: string, work: (tx: Tx) => Promise<Change<void>>): Promise<void> {
  return changeOrganization(ctx, organizationId, 'application.enable', ({ tx }) => work(tx), { changesStandings: true });
}

/**
 * Locks an application's row for the rest of the transaction and returns it: changes to one
 * application's scopes, delegations and clients are serialized (two delegations added at once
 * must not close a cycle together). NOT_FOUND when it does not exist.
 */
export async function lockApplication(tx: Tx, applicationId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Application" WHERE id = ${applicationId} FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError('Application');
  return tx.application.findUniqueOrThrow({ where: { id: applicationId } });
}

/**
 * Reads an application and keeps it from being deleted until the transaction ends (the lock a
 * foreign key check takes): an enabling row never points at an application deleted meanwhile.
 */
async function shareApplication(tx: Tx, applicationId: string): Promise<{ alias: string }> {
  const rows = await tx.$queryRaw<{ alias: string }[]>`SELECT alias FROM "Application" WHERE id = ${applicationId} FOR KEY SHARE`;
  if (rows.length === 0) throw new NotFoundError('Application');
  return rows[0]!;
}

/** Aliases are unique in the catalog. */
async function ensureAliasFree(tx: Tx, value: string): Promise<void> {
  const clash = await tx.application.findUnique({ where: { alias: value }, select: { id: true } });
  if (clash) throw new ConflictError(`An application with the alias “${value}” already exists`);
}
