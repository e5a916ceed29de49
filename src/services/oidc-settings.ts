import { z } from 'zod';
import { presetIssuer, refusedIssuer } from '../auth/sso/oidc-presets.js';
import type { Context } from '../context.js';
import type { AuthProvider } from '../db/generated/prisma/client.js';
import type { FieldProblem } from '../errors.js';
import { openSecret, sealSecret, secretEncryptionKey } from './sealed-secret.js';
import { exactText, requiredText, text, validationError } from './validate.js';

// The OIDC part of an organization's provider: a preset (Google, Microsoft with its tenant, or any
// issuer), the client id, and the client secret, which the code exchange needs in clear: it is
// stored sealed (sealed-secret.ts) under a key of its own and never returned.

const TENANT_ID = 'must be the tenant (directory) id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47';

export const OidcInput = z
  .object({
    preset: z
      .enum(['GENERIC', 'GOOGLE', 'MICROSOFT'])
      .nullish()
      .transform((preset) => preset ?? 'GENERIC'),
    issuer: text(2000).nullish(),
    tenantId: z.string().trim().pipe(z.uuid(TENANT_ID)).nullish(),
    clientId: requiredText(255),
    clientSecret: exactText(1000).min(1, 'must not be empty').nullish(),
  })
  .superRefine((input, issues) => {
    const needs = (field: 'issuer' | 'tenantId', message: string) => issues.addIssue({ code: 'custom', path: [field], message });
    if (input.preset === 'GENERIC' && !input.issuer) needs('issuer', 'is required for a GENERIC provider (the issuer URL, found through discovery)');
    if (input.preset !== 'GENERIC' && input.issuer) needs('issuer', `must be absent for ${input.preset}: the preset sets it`);
    if (input.preset === 'MICROSOFT' && !input.tenantId) needs('tenantId', `is required for MICROSOFT: ${TENANT_ID}`);
    if (input.preset !== 'MICROSOFT' && input.tenantId) needs('tenantId', 'must be absent unless the preset is MICROSOFT');
  });

/** The key of the stored OIDC client secrets. */
export function oidcSecretKey(sso: { secretKey: string | undefined }, signingKey: Context['deps']['signingKey']): Buffer {
  return secretEncryptionKey(sso.secretKey, signingKey, 'sso oidc client secrets');
}

/** The client secret in clear, for the code exchange; null when none is stored or it was sealed under another key. */
export function openClientSecret(key: Buffer, provider: Pick<AuthProvider, 'oidcClientSecret'>): string | null {
  if (!provider.oidcClientSecret) return null;
  try {
    return openSecret(key, provider.oidcClientSecret);
  } catch {
    return null;
  }
}

/**
 * The provider's OIDC columns from its input (null: not an OIDC provider), the issuer checked
 * against SSO_ALLOW_LOOPBACK. An absent secret keeps the stored one; `secretChanged` says whether
 * a new one is written (the audit entry tells only that).
 */
export function oidcColumns(ctx: Context, input: z.output<typeof OidcInput> | null | undefined, before: AuthProvider | null) {
  if (!input) return { visible: { oidcIssuer: null, oidcClientId: null, oidcPreset: null, oidcTenantId: null }, sealedSecret: null, secretChanged: false };
  const issuer = presetIssuer(input.preset, input)!;
  const problems: FieldProblem[] = [];
  const refused = refusedIssuer(issuer, ctx.settings.sso.allowLoopback);
  if (refused) problems.push({ path: ['input', 'oidc', 'issuer'], message: refused });
  const kept = before?.type === 'OIDC' ? before.oidcClientSecret : null;
  if (!input.clientSecret && !kept) {
    problems.push({ path: ['input', 'oidc', 'clientSecret'], message: 'is required when the provider is created as, or switched to, OIDC' });
  }
  if (problems.length) throw validationError(problems);
  const sealedSecret = input.clientSecret ? sealSecret(oidcSecretKey(ctx.settings.sso, ctx.deps.signingKey), input.clientSecret) : kept;
  return {
    visible: { oidcIssuer: issuer, oidcClientId: input.clientId, oidcPreset: input.preset, oidcTenantId: input.tenantId ?? null },
    sealedSecret,
    secretChanged: Boolean(input.clientSecret),
  };
}
