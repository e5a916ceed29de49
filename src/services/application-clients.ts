import { z } from 'zod';
import { generateClientSecret } from '../auth/client-credentials.js';
import { requirePlatformAdmin } from '../auth/platform-admin.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { lockApplication } from './applications.js';
import { diffFields, recordAudit } from './audit.js';
import { inTransaction } from './transaction.js';
import { description, displayName, parseInput, text } from './validate.js';

// OAuth clients of catalog applications, platform admins only. The secret is shown once, in
// the result of createApplicationClient or rotateApplicationClientSecret, and stored as a hash
// with its last characters (invariant 7; src/auth/client-credentials.ts). Clients exchange it for
// tokens of one organization at POST /oauth/token (src/http/application-token.ts).

const clientName = displayName(100);

// Schemes a browser would run instead of redirecting to: never a redirect target.
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);
const redirectUri = text(2000)
  .pipe(z.url('must be an absolute URL'))
  .refine((uri) => !uri.includes('#'), 'must not contain a fragment (RFC 6749 §3.1.2)')
  .refine((uri) => !URL.canParse(uri) || !UNSAFE_SCHEMES.has(new URL(uri).protocol), 'must not use a javascript:, data:, vbscript:, file: or blob: scheme');
const redirectUris = z
  .array(redirectUri)
  .max(20, 'must have at most 20 URIs')
  .transform((uris) => [...new Set(uris)]);

const CreateInput = z.object({ name: clientName, description: description.nullish(), redirectUris: redirectUris.default([]) });
const UpdateInput = z.object({ name: clientName.optional(), description: description.nullish(), redirectUris: redirectUris.optional() });

/** Creates a client of an application; the result holds its secret, which is never readable again. */
export async function createApplicationClient(
  ctx: Context,
  applicationId: string,
  input: z.input<typeof CreateInput>,
): Promise<{ clientId: string; secret: string }> {
  requirePlatformAdmin(ctx);
  const data = parseInput(CreateInput, input);
  return inTransaction(ctx, async (tx) => {
    await lockApplication(tx, applicationId);
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    const client = await tx.applicationClient.create({
      data: { applicationId, name: data.name, description: data.description ?? null, redirectUris: data.redirectUris, secretHash, secretLastChars },
    });
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.client.create',
      targetType: 'ApplicationClient',
      targetId: client.id,
      changes: { applicationId, name: client.name, description: client.description, redirectUris: client.redirectUris, secretLastChars },
    });
    return { clientId: client.id, secret };
  });
}

/** Renames, re-describes or re-points a client; its secret stays. */
export async function updateApplicationClient(ctx: Context, clientId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  requirePlatformAdmin(ctx);
  const patch = parseInput(UpdateInput, input);
  const client = await findClient(ctx, clientId);
  return inTransaction(ctx, async (tx) => {
    await lockApplication(tx, client.applicationId);
    const current = await tx.applicationClient.findUnique({ where: { id: clientId } });
    if (!current) throw new NotFoundError('ApplicationClient');
    const { redirectUris: uris, ...scalars } = patch;
    const changes = diffFields(current, scalars);
    if (uris !== undefined && uris.join('\n') !== current.redirectUris.join('\n')) changes.redirectUris = { from: current.redirectUris, to: uris };
    await tx.applicationClient.update({ where: { id: clientId }, data: patch });
    await recordAudit(tx, ctx, { organizationId: null, action: 'application.client.update', targetType: 'ApplicationClient', targetId: clientId, changes });
    return clientId;
  });
}

/**
 * Gives a client a new secret, returned once. The old secret is refused at once, and every token
 * issued for it stops working at once (tokens are bound to the secret: secretVersion).
 */
export async function rotateApplicationClientSecret(ctx: Context, clientId: string): Promise<{ clientId: string; secret: string }> {
  requirePlatformAdmin(ctx);
  const { applicationId } = await findClient(ctx, clientId);
  return inTransaction(ctx, async (tx) => {
    await lockApplication(tx, applicationId);
    const current = await tx.applicationClient.findUnique({ where: { id: clientId }, select: { secretLastChars: true } });
    if (!current) throw new NotFoundError('ApplicationClient');
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    await tx.applicationClient.update({ where: { id: clientId }, data: { secretHash, secretLastChars } });
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.client.rotate_secret',
      targetType: 'ApplicationClient',
      targetId: clientId,
      changes: { applicationId, secretLastChars: { from: current.secretLastChars, to: secretLastChars } },
    });
    return { clientId, secret };
  });
}

/** Deletes a client: its secret stops working, and so do its tokens. */
export async function deleteApplicationClient(ctx: Context, clientId: string): Promise<{ clientId: string; applicationId: string }> {
  requirePlatformAdmin(ctx);
  const { applicationId } = await findClient(ctx, clientId);
  return inTransaction(ctx, async (tx) => {
    await lockApplication(tx, applicationId);
    const client = await tx.applicationClient.findUnique({ where: { id: clientId } });
    if (!client) throw new NotFoundError('ApplicationClient');
    await tx.applicationClient.delete({ where: { id: clientId } });
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.client.delete',
      targetType: 'ApplicationClient',
      targetId: clientId,
      changes: { applicationId, name: client.name, secretLastChars: client.secretLastChars },
    });
    return { clientId, applicationId };
  });
}

async function findClient(ctx: Context, clientId: string) {
  const client = await ctx.prisma.applicationClient.findUnique({ where: { id: clientId }, select: { applicationId: true } });
  if (!client) throw new NotFoundError('ApplicationClient');
  return client;
}
