import { z } from 'zod';
import type { Standing } from '../auth/access.js';
import { generateClientSecret } from '../auth/client-credentials.js';
import { ALL_SCOPES, isScope, type Scope } from '../auth/scopes.js';
import { visibleOrganizations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { lockAsActor } from './actor.js';
import { diffFields, recordAudit } from './audit.js';
import { inTransaction, type Tx } from './transaction.js';
import { description, parseInput } from './validate.js';

// Service clients of an organization. Their scopes are fixed at creation; the secret is shown
// once (in the result of createClient or rotateClientSecret) and stored only as a hash.

const clientName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const scopeList = z
  .array(z.string())
  .min(1, 'must name at least one scope')
  .max(ALL_SCOPES.length, `must have at most ${ALL_SCOPES.length} scopes`)
  .superRefine((scopes, ctx) => {
    scopes.forEach((scope, index) => {
      if (!isScope(scope)) ctx.addIssue({ code: 'custom', path: [index], message: `unknown scope "${scope}"` });
    });
  })
  .transform((scopes) => [...new Set(scopes)] as Scope[]);

const CreateInput = z.object({ name: clientName, description: description.nullish(), scopes: scopeList });
const UpdateInput = z.object({ name: clientName.optional(), description: description.nullish() });

/** Why the actor may not give a client these scopes, or null when it may (invariant 2: nobody grants what they lack). */
export function cannotGrantScopes(standing: Standing, scopes: readonly string[]): ForbiddenError | null {
  const missing = scopes.filter((scope) => !isScope(scope) || !standing.scopes.has(scope));
  return missing.length > 0 ? new ForbiddenError(`Nobody may give a client scopes they do not hold: ${missing.join(', ')}`) : null;
}

/**
 * Why the actor may not update, rotate or delete this client, or null when it may: it needs
 * client:write and every scope of the client (the new secret of a rotation would otherwise hand
 * it scopes it lacks, as a member ranked above is out of reach for member:write).
 */
export function cannotManageClient(standing: Standing, client: { scopes: readonly string[] }): ForbiddenError | null {
  if (!standing.scopes.has('client:write')) return new ForbiddenError('This needs the client:write scope in the organization');
  const missing = client.scopes.filter((scope) => isScope(scope) && !standing.scopes.has(scope));
  return missing.length > 0 ? new ForbiddenError(`Nobody may manage a client with scopes they do not hold: ${missing.join(', ')}`) : null;
}

/** Creates a client; the result holds its secret, which is never readable again. */
export async function createClient(ctx: Context, organizationId: string, input: z.input<typeof CreateInput>): Promise<{ clientId: string; secret: string }> {
  const data = parseInput(CreateInput, input);
  return inTransaction(ctx, async (tx) => {
    const actor = await lockAsActor(tx, ctx, organizationId, 'client.manage');
    const denied = cannotGrantScopes(actor.standing, data.scopes);
    if (denied) throw denied;
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    const client = await tx.client.create({
      data: { organizationId, name: data.name, description: data.description ?? null, scopes: data.scopes, secretHash, secretLastChars, createdById: actor.userId },
    });
    await recordAudit(tx, ctx, {
      organizationId,
      action: 'client.create',
      targetType: 'Client',
      targetId: client.id,
      changes: { name: client.name, description: client.description, scopes: client.scopes, secretLastChars },
    });
    return { clientId: client.id, secret };
  });
}

/** Renames or re-describes a client; its scopes stay as created. */
export async function updateClient(ctx: Context, clientId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  const organizationId = await organizationOfClient(ctx, clientId);
  return inTransaction(ctx, async (tx) => {
    const client = await lockForChange(tx, ctx, organizationId, clientId);
    const changes = diffFields(client, patch);
    await tx.client.update({ where: { id: clientId }, data: patch });
    await recordAudit(tx, ctx, { organizationId, action: 'client.update', targetType: 'Client', targetId: clientId, changes });
    return clientId;
  });
}

/**
 * Replaces the client's secret. The old secret is refused at once, and tokens issued for it
 * stop working at once (they are bound to the secret; see src/auth/client-credentials.ts).
 */
export async function rotateClientSecret(ctx: Context, clientId: string): Promise<{ clientId: string; secret: string }> {
  const organizationId = await organizationOfClient(ctx, clientId);
  return inTransaction(ctx, async (tx) => {
    const client = await lockForChange(tx, ctx, organizationId, clientId);
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    await tx.client.update({ where: { id: clientId }, data: { secretHash, secretLastChars, secretRotatedAt: new Date() } });
    await recordAudit(tx, ctx, {
      organizationId,
      action: 'client.rotate_secret',
      targetType: 'Client',
      targetId: clientId,
      changes: { secretLastChars: { from: client.secretLastChars, to: secretLastChars } },
    });
    return { clientId, secret };
  });
}

/** Deletes a client: its secret is refused and its tokens are rejected from the next request on. */
export async function deleteClient(ctx: Context, clientId: string): Promise<{ clientId: string; organizationId: string }> {
  const organizationId = await organizationOfClient(ctx, clientId);
  return inTransaction(ctx, async (tx) => {
    const client = await lockForChange(tx, ctx, organizationId, clientId);
    await tx.client.delete({ where: { id: clientId } });
    await recordAudit(tx, ctx, { organizationId, action: 'client.delete', targetType: 'Client', targetId: clientId, changes: { name: client.name, scopes: client.scopes } });
    return { clientId, organizationId };
  });
}

/** Locks the organization, checks the caller under the lock, and reads the client to change. */
async function lockForChange(tx: Tx, ctx: Context, organizationId: string, clientId: string) {
  const actor = await lockAsActor(tx, ctx, organizationId, 'client.manage');
  const client = await tx.client.findFirst({ where: { id: clientId, organizationId } });
  if (!client) throw new NotFoundError('Client');
  const denied = cannotManageClient(actor.standing, client);
  if (denied) throw denied;
  return client;
}

/** The client's organization, if the caller can see that organization at all; else NOT_FOUND. */
async function organizationOfClient(ctx: Context, clientId: string): Promise<string> {
  const client = await ctx.prisma.client.findFirst({ where: { id: clientId, organization: visibleOrganizations(ctx.principal) }, select: { organizationId: true } });
  if (!client) throw new NotFoundError('Client');
  return client.organizationId;
}
