import { z } from 'zod';
import { generateClientSecret } from '../auth/client-credentials.js';
import { ALL_SCOPES, isScope, SCOPE_NAME_MAX, type Scope } from '../auth/scopes.js';
import { visibleOrganizations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { Client } from '../db/generated/prisma/client.js';
import { NotFoundError } from '../errors.js';
import { diffFields } from './audit.js';
import type { Tx } from './transaction.js';
import { changeOrganization, type Change } from './unit-of-work.js';
import { description, displayName, parseInput, text } from './validate.js';

// Service clients of an organization. Their scopes are fixed at creation; the secret is shown
// once (in the result of createClient or rotateClientSecret) and stored only as a hash.

const clientName = displayName(100);
const scopeList = z
  .array(text(SCOPE_NAME_MAX))
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

/** Creates a client; the result holds its secret, which is never readable again. */
export async function createClient(ctx: Context, organizationId: string, input: z.input<typeof CreateInput>): Promise<{ clientId: string; secret: string }> {
  const data = parseInput(CreateInput, input);
  return changeOrganization(ctx, organizationId, 'client.create', async (unit) => {
    unit.require('client.create', data.scopes);
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    const client = await unit.tx.client.create({
      data: {
        organizationId,
        name: data.name,
        description: data.description ?? null,
        scopes: data.scopes,
        secretHash,
        secretLastChars,
        createdById: unit.userId,
      },
    });
    return {
      result: { clientId: client.id, secret },
      audit: {
        action: 'client.create',
        targetType: 'Client',
        targetId: client.id,
        changes: { name: client.name, description: client.description, scopes: client.scopes, secretLastChars },
      },
    };
  });
}

/** Renames or re-describes a client; its scopes stay as created. */
export async function updateClient(ctx: Context, clientId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  return manageClient(ctx, clientId, async (tx, client) => {
    await tx.client.update({ where: { id: clientId }, data: patch });
    return { result: clientId, audit: { action: 'client.update', targetType: 'Client', targetId: clientId, changes: diffFields(client, patch) } };
  });
}

/**
 * Replaces the client's secret. The old secret is refused at once, and tokens issued for it
 * stop working at once (they are bound to the secret; see src/auth/client-credentials.ts).
 */
export async function rotateClientSecret(ctx: Context, clientId: string): Promise<{ clientId: string; secret: string }> {
  return manageClient(ctx, clientId, async (tx, client) => {
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    await tx.client.update({ where: { id: clientId }, data: { secretHash, secretLastChars, secretRotatedAt: new Date() } });
    return {
      result: { clientId, secret },
      audit: {
        action: 'client.rotate_secret',
        targetType: 'Client',
        targetId: clientId,
        changes: { secretLastChars: { from: client.secretLastChars, to: secretLastChars } },
      },
    };
  });
}

/** Deletes a client: its secret is refused and its tokens are rejected from the next request on. */
export async function deleteClient(ctx: Context, clientId: string): Promise<{ clientId: string; organizationId: string }> {
  return manageClient(ctx, clientId, async (tx, client) => {
    await tx.client.delete({ where: { id: clientId } });
    return {
      result: { clientId, organizationId: client.organizationId },
      audit: { action: 'client.delete', targetType: 'Client', targetId: clientId, changes: { name: client.name, scopes: client.scopes } },
    };
  });
}

/** A change to an existing client (client.manage): the client is read under the lock and its rule checked first. */
async function manageClient<T>(ctx: Context, clientId: string, change: (tx: Tx, client: Client) => Promise<Change<T>>): Promise<T> {
  const organizationId = await organizationOfClient(ctx, clientId);
  return changeOrganization(ctx, organizationId, 'client.manage', async (unit) => {
    const client = await unit.tx.client.findFirst({ where: { id: clientId, organizationId } });
    if (!client) throw new NotFoundError('Client');
    unit.require('client.manage', client);
    return change(unit.tx, client);
  });
}

/** The client's organization, if the caller can see that organization at all; else NOT_FOUND. */
async function organizationOfClient(ctx: Context, clientId: string): Promise<string> {
  const client = await ctx.prisma.client.findFirst({
    where: { id: clientId, organization: visibleOrganizations(ctx.principal) },
    select: { organizationId: true },
  });
  if (!client) throw new NotFoundError('Client');
  return client.organizationId;
}
