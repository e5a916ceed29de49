import { z } from 'zod';
import type { Standing } from '../auth/access.js';
import { can, LEAST_TARGET } from '../auth/permissions.js';
import { visibleGroups } from '../auth/visibility.js';
import { visibleOrganizations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { ExternalGroup } from '../db/generated/prisma/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { diffFields } from './audit.js';
import { moveExternalGroupMapping } from './external-group-members.js';
import { GROUP_POLICIES, groupPolicyFacts } from './groups.js';
import { sameOrganization } from './policies.js';
import { OidcInput, oidcColumns } from './oidc-settings.js';
import { changeOrganization, type Unit } from './unit-of-work.js';
import { displayName, parseInput, requiredText, text } from './validate.js';

// The organization's single sign-on: one authentication provider (OIDC or SAML) and the groups
// its sign-ins reveal. The OIDC client secret is write-only: it is stored for the sign-in flow
// but never returned, and audit entries only say that it changed. Groups are discovered at SSO
// sign-in or created by a SCIM directory (src/scim); here they are mapped to local groups, which lets the provider put
// people into those groups, so mapping is held to the group no-escalation rule.

/** An https URL (SAML identity providers are reached over TLS only; OIDC issuers: oidc-presets.ts). */
export const httpsUrl = text(2000).pipe(z.url({ protocol: /^https$/, message: 'must be an https URL' }));

/** Longest PEM certificate taken: room for a chain of several, above the usual MAX_TEXT_LENGTH of text arguments. */
export const PEM_CERTIFICATE_MAX = 20_000;

const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----$/;

/** A public certificate in PEM form (its base64 body is checked for shape, not parsed as X.509). */
export const pemCertificate = text(PEM_CERTIFICATE_MAX).refine((pem) => {
  const body = PEM_CERTIFICATE.exec(pem)?.[1]?.replace(/\s/g, '') ?? '';
  return body.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(body);
}, 'must be a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)');

const SamlInput = z.object({
  entityId: requiredText(1000),
  ssoUrl: httpsUrl,
  certificate: pemCertificate,
});
const UpsertInput = z
  .object({
    type: z.enum(['OIDC', 'SAML']),
    name: displayName(100),
    oidc: OidcInput.nullish(),
    saml: SamlInput.nullish(),
  })
  .superRefine((input, issues) => {
    const [needed, other] = input.type === 'OIDC' ? (['oidc', 'saml'] as const) : (['saml', 'oidc'] as const);
    if (!input[needed]) issues.addIssue({ code: 'custom', path: [needed], message: `is required for an ${input.type} provider` });
    if (input[other]) issues.addIssue({ code: 'custom', path: [other], message: `must be absent for an ${input.type} provider` });
  });

/** What the caller may do with the authentication provider. */
export function authProviderPermissions(standing: Standing | null) {
  const configure = can(standing, 'sso.configure');
  return { update: configure, delete: configure };
}

/** What the caller may do with a discovered group: mapping it to a group also needs that group's scopes. */
export function externalGroupPermissions(standing: Standing | null, externalGroup: { groupId: string | null }) {
  return { map: can(standing, 'sso.mapGroup', LEAST_TARGET.groupPolicies), unmap: can(standing, 'sso.configure') && externalGroup.groupId !== null };
}

/**
 * Creates or replaces the organization's provider. Switching its type clears the other type's
 * settings; an absent OIDC secret keeps the stored one (required when there is none).
 */
export async function upsertAuthProvider(ctx: Context, organizationId: string, input: z.input<typeof UpsertInput>): Promise<void> {
  const data = parseInput(UpsertInput, input);
  await changeOrganization(ctx, organizationId, 'sso.configure', async ({ tx }) => {
    const before = await tx.authProvider.findUnique({ where: { organizationId } });
    if (before && before.type !== data.type) {
      const enforcing = await tx.domain.count({ where: { organizationId, ssoEnforcement: before.type } });
      if (enforcing > 0) {
        throw new ConflictError(
          `${enforcing} domain(s) enforce ${before.type} sign-in: set their ssoEnforcement to NONE before switching the provider to ${data.type}`,
        );
      }
    }
    // The other type's settings are cleared (null).
    const oidc = oidcColumns(ctx, data.oidc, before);
    const visible = {
      type: data.type,
      name: data.name,
      ...oidc.visible,
      samlEntityId: data.saml?.entityId ?? null,
      samlSsoUrl: data.saml?.ssoUrl ?? null,
      samlCertificate: data.saml?.certificate ?? null,
    };
    const settings = { ...visible, oidcClientSecret: oidc.sealedSecret };
    await tx.authProvider.upsert({ where: { organizationId }, create: { organizationId, ...settings }, update: settings });
    // Never the secret itself in the audit entry: only whether it changed.
    const changes: Record<string, unknown> = { created: !before, ...diffFields<Record<string, unknown>>(before ?? {}, visible) };
    if (oidc.secretChanged) changes.oidcClientSecret = 'changed';
    else if (oidc.sealedSecret === null && before?.oidcClientSecret) changes.oidcClientSecret = 'cleared';
    return { result: undefined, audit: { action: 'sso.provider.upsert', targetType: 'AuthProvider', targetId: organizationId, changes } };
  });
}

/** Removes the provider; refused while a domain enforces sign-in through it. Discovered groups and their mappings stay. */
export async function deleteAuthProvider(ctx: Context, organizationId: string): Promise<void> {
  await changeOrganization(ctx, organizationId, 'sso.configure', async ({ tx }) => {
    const provider = await tx.authProvider.findUnique({ where: { organizationId } });
    if (!provider) throw new ConflictError('The organization has no authentication provider');
    const enforcing = await tx.domain.count({ where: { organizationId, ssoEnforcement: { not: 'NONE' } } });
    if (enforcing > 0) throw new ConflictError(`${enforcing} domain(s) enforce SSO sign-in: set their ssoEnforcement to NONE before deleting the provider`);
    await tx.authProvider.delete({ where: { organizationId } });
    return {
      result: undefined,
      audit: { action: 'sso.provider.delete', targetType: 'AuthProvider', targetId: organizationId, changes: { type: provider.type, name: provider.name } },
    };
  });
}

/**
 * Maps a discovered group to a local group: the provider's members of it join that group at
 * sign-in, and the members a SCIM directory put in it join at once (leaving the group it was mapped
 * to before). Needs sso:write, group:write and every scope the local group's policies grant.
 */
export async function mapExternalGroup(ctx: Context, externalGroupId: string, groupId: string): Promise<{ externalGroupId: string; groupId: string }> {
  const organizationId = await organizationOfExternalGroup(ctx, externalGroupId);
  const group = await ctx.prisma.group.findFirst({ where: { id: groupId, ...visibleGroups(ctx.principal) }, select: { organizationId: true } });
  if (!group) throw new NotFoundError('Group');
  if (group.organizationId !== organizationId) throw sameOrganization('groupId', 'the external group’s');
  return changeOrganization(ctx, organizationId, 'sso.mapGroup', async (unit) => {
    const externalGroup = await lockedExternalGroup(unit, externalGroupId);
    const target = await unit.tx.group.findFirst({ where: { id: groupId, organizationId }, include: GROUP_POLICIES });
    if (!target) throw new NotFoundError('Group');
    unit.require('sso.mapGroup', groupPolicyFacts(target));
    if (externalGroup.groupId === groupId) throw new ConflictError('The external group is already mapped to this group');
    await unit.tx.externalGroup.update({ where: { id: externalGroupId }, data: { groupId } });
    await moveExternalGroupMapping(unit.tx, externalGroupId, externalGroup.groupId, groupId);
    return {
      result: { externalGroupId, groupId },
      audit: mappingAudit('sso.group.map', externalGroup, groupId),
    };
  });
}

/**
 * Unmaps a discovered group: the members a SCIM directory put in it leave the local group (unless
 * another external group mapped there holds them). Returns the group it was mapped to.
 */
export async function unmapExternalGroup(ctx: Context, externalGroupId: string): Promise<{ externalGroupId: string; groupId: string }> {
  const organizationId = await organizationOfExternalGroup(ctx, externalGroupId);
  return changeOrganization(ctx, organizationId, 'sso.configure', async (unit) => {
    const externalGroup = await lockedExternalGroup(unit, externalGroupId);
    const groupId = externalGroup.groupId;
    if (!groupId) throw new ConflictError('The external group is not mapped to a group');
    await unit.tx.externalGroup.update({ where: { id: externalGroupId }, data: { groupId: null } });
    await moveExternalGroupMapping(unit.tx, externalGroupId, groupId, null);
    return {
      result: { externalGroupId, groupId },
      audit: mappingAudit('sso.group.unmap', externalGroup, null),
    };
  });
}

/** The audit entry of a mapping change: the discovered group goes from the group it is mapped to, to `to`. */
function mappingAudit(action: string, externalGroup: ExternalGroup, to: string | null) {
  return {
    action,
    targetType: 'ExternalGroup',
    targetId: externalGroup.id,
    changes: { externalId: externalGroup.externalId, groupId: { from: externalGroup.groupId, to } },
  };
}

/** The discovered group, read under the organization's lock. */
async function lockedExternalGroup(unit: Unit, externalGroupId: string) {
  const externalGroup = await unit.tx.externalGroup.findFirst({ where: { id: externalGroupId, organizationId: unit.organizationId } });
  if (!externalGroup) throw new NotFoundError('ExternalGroup');
  return externalGroup;
}

async function organizationOfExternalGroup(ctx: Context, externalGroupId: string): Promise<string> {
  const externalGroup = await ctx.prisma.externalGroup.findFirst({
    where: { id: externalGroupId, organization: visibleOrganizations(ctx.principal) },
    select: { organizationId: true },
  });
  if (!externalGroup) throw new NotFoundError('ExternalGroup');
  return externalGroup.organizationId;
}
