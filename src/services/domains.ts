import { domainToASCII } from 'node:url';
import { z } from 'zod';
import type { Standing } from '../auth/access.js';
import { generateClientSecret } from '../auth/client-credentials.js';
import { can } from '../auth/permissions.js';
import { visibleOrganizations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { Domain } from '../db/generated/prisma/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { diffFields } from './audit.js';
import { challengeRecordName, checkChallenge, newChallenge } from './domain-verification.js';
import type { Tx } from './transaction.js';
import { changeOrganization, type Change, type Unit } from './unit-of-work.js';
import { isConsumerDomain } from './consumer-domains.js';
import { parseInput, text, validationError } from './validate.js';

// An organization's email domains. A domain is added unverified with a random challenge; it is
// verified only by finding that challenge in DNS (domain-verification.ts). JIT provisioning, SSO
// enforcement and SCIM can be switched on only for a verified domain, and a domain verified by one
// organization cannot be added or verified by another. The SCIM token is shown once, stored hashed.

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A DNS name of two labels or more, lower-cased and in ASCII (IDNs as punycode); IP addresses are refused. */
function isDomainName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
}

const domainName = text(253)
  .transform((name) => domainToASCII(name.toLowerCase().replace(/\.$/, '')))
  .refine(isDomainName, 'must be a domain name such as example.com (not an IP address or URL)');

const AddInput = z.object({ domain: domainName });
const UpdateInput = z.object({
  jitProvisioningEnabled: z.boolean().optional(),
  // Nobody chooses the person JIT provisioning adds: never an owner (only an owner makes one).
  jitDefaultRole: z
    .enum(['OWNER', 'ADMIN', 'MEMBER', 'GUEST'])
    .refine((role) => role !== 'OWNER', 'must be ADMIN, MEMBER or GUEST: JIT provisioning never makes an OWNER')
    .optional(),
  ssoEnforcement: z.enum(['NONE', 'OIDC', 'SAML']).optional(),
  scimEnabled: z.boolean().optional(),
});

export const NEEDS_VERIFIED_DOMAIN = 'JIT provisioning, SSO enforcement and SCIM need a verified domain: verify it first (verifyDomain)';

/** What the caller may do with a domain, from the same facts the mutations check. */
export function domainPermissions(standing: Standing | null, domain: Pick<Domain, 'verifiedAt' | 'scimEnabled'>) {
  const write = can(standing, 'sso.configure');
  return {
    update: write,
    verify: write,
    delete: write,
    enableFeatures: write && domain.verifiedAt !== null,
    regenerateScimToken: write && domain.scimEnabled,
  };
}

/** What to publish in DNS to verify the domain. */
export function verificationRecord(domain: Pick<Domain, 'domain' | 'verificationChallenge'>) {
  return { name: challengeRecordName(domain.domain), value: domain.verificationChallenge };
}

/** Adds an unverified domain with a fresh challenge; a consumer email provider's is BAD_USER_INPUT. Returns its id. */
export async function addDomain(ctx: Context, organizationId: string, input: z.input<typeof AddInput>): Promise<string> {
  const { domain } = parseInput(AddInput, input);
  if (isConsumerDomain(domain, ctx.settings.consumerDomainsAllowed)) {
    throw validationError([{ path: ['input', 'domain'], message: `${domain} is a consumer email provider's domain: add your organization's own domain` }]);
  }
  return changeOrganization(ctx, organizationId, 'sso.configure', async ({ tx }) => {
    if (await tx.domain.findUnique({ where: { organizationId_domain: { organizationId, domain } }, select: { id: true } })) {
      throw new ConflictError(`The organization already has the domain ${domain}`);
    }
    await ensureNotVerifiedElsewhere(tx, organizationId, domain);
    const created = await tx.domain.create({ data: { organizationId, domain, verificationChallenge: newChallenge() } });
    return { result: created.id, audit: { action: 'domain.add', targetType: 'Domain', targetId: created.id, changes: { domain } } };
  });
}

/**
 * Verifies the domain by looking up its challenge in DNS. The lookup runs after the scope check
 * and before the transaction (no network I/O under the organization lock). When the record is
 * missing, wrong or the lookup fails, the answer is a CONFLICT and nothing changes (no audit
 * entry, lastVerificationAt untouched); a verified domain stays verified. On success verifiedAt
 * is set (kept if already set) and lastVerificationAt records this check.
 */
export async function verifyDomain(ctx: Context, domainId: string): Promise<string> {
  const organizationId = await organizationOfDomain(ctx, domainId);
  // Checked before the lookup too, so that a caller without sso:write cannot make us query DNS.
  await ctx.access.require(organizationId, 'sso.configure');
  const domain = await ctx.prisma.domain.findFirst({ where: { id: domainId, organizationId }, select: { domain: true, verificationChallenge: true } });
  if (!domain) throw new NotFoundError('Domain');
  const check = await checkChallenge(ctx.deps.resolveTxt, domain.domain, domain.verificationChallenge);
  if (!check.found) {
    const record = verificationRecord(domain);
    throw new ConflictError(
      `The domain could not be verified: ${check.reason}. Publish a TXT record ${record.name} with the value ${record.value}, then try again`,
    );
  }
  return changeOrganization(ctx, organizationId, 'sso.configure', async ({ tx }) => {
    const current = await tx.domain.findFirst({ where: { id: domainId, organizationId } });
    // Deleted meanwhile, or re-added (a new challenge): what was checked no longer applies.
    if (!current || current.verificationChallenge !== domain.verificationChallenge) throw new NotFoundError('Domain');
    // Orders concurrent verifications of the same name by different organizations.
    await tx.$queryRaw`SELECT id FROM "Domain" WHERE domain = ${current.domain} ORDER BY id FOR UPDATE`;
    await ensureNotVerifiedElsewhere(tx, organizationId, current.domain);
    const now = new Date();
    const verifiedAt = current.verifiedAt ?? now;
    await tx.domain.update({ where: { id: domainId }, data: { verifiedAt, lastVerificationAt: now } });
    return {
      result: domainId,
      audit: domainAudit('domain.verify', current, diffFields<Partial<Domain>>(current, { verifiedAt, lastVerificationAt: now })),
    };
  });
}

/**
 * Changes a domain's settings; absent fields stay. Switching on JIT provisioning, SSO enforcement
 * or SCIM needs a verified domain; enforcing OIDC or SAML needs a provider of that type. Switching
 * SCIM off revokes the SCIM token.
 */
export async function updateDomain(ctx: Context, domainId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  return changeDomain(ctx, domainId, async ({ tx, organizationId }, domain) => {
    const enables = patch.jitProvisioningEnabled === true || (patch.ssoEnforcement ?? 'NONE') !== 'NONE' || patch.scimEnabled === true;
    if (enables && domain.verifiedAt === null) throw new ConflictError(NEEDS_VERIFIED_DOMAIN);
    if (patch.ssoEnforcement && patch.ssoEnforcement !== 'NONE') {
      const provider = await tx.authProvider.findUnique({ where: { organizationId }, select: { type: true } });
      if (provider?.type !== patch.ssoEnforcement) {
        throw new ConflictError(
          `Enforcing ${patch.ssoEnforcement} sign-in needs the organization’s authentication provider to be ${patch.ssoEnforcement} (upsertAuthProvider)`,
        );
      }
    }
    const revokeToken = patch.scimEnabled === false && domain.scimTokenHash !== null;
    const changes: Record<string, unknown> = diffFields<Partial<Domain>>(domain, patch);
    if (revokeToken) changes.scimTokenLastChars = { from: domain.scimTokenLastChars, to: null };
    await tx.domain.update({ where: { id: domainId }, data: { ...patch, ...(revokeToken ? { scimTokenHash: null, scimTokenLastChars: null } : {}) } });
    return { result: domainId, audit: domainAudit('domain.update', domain, changes) };
  });
}

/** Deletes a domain with its SCIM token and logs. */
export async function deleteDomain(ctx: Context, domainId: string): Promise<{ domainId: string; organizationId: string }> {
  return changeDomain(ctx, domainId, async ({ tx, organizationId }, domain) => {
    await tx.domain.delete({ where: { id: domainId } });
    return {
      result: { domainId, organizationId },
      audit: domainAudit('domain.delete', domain, {
        verified: domain.verifiedAt !== null,
        ssoEnforcement: domain.ssoEnforcement,
        scimEnabled: domain.scimEnabled,
      }),
    };
  });
}

/** Replaces the domain's SCIM bearer token (SCIM must be enabled); the result holds the token, shown this once. */
export async function regenerateDomainScimToken(ctx: Context, domainId: string): Promise<{ domainId: string; token: string }> {
  return changeDomain(ctx, domainId, async ({ tx }, domain) => {
    if (!domain.scimEnabled) throw new ConflictError('SCIM is not enabled on this domain: enable it with updateDomain first');
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    await tx.domain.update({ where: { id: domainId }, data: { scimTokenHash: secretHash, scimTokenLastChars: secretLastChars } });
    return {
      result: { domainId, token: secret },
      audit: domainAudit('domain.scim_token.regenerate', domain, { scimTokenLastChars: { from: domain.scimTokenLastChars, to: secretLastChars } }),
    };
  });
}

/** Runs `work` on the domain, read under its organization's lock (sso.configure). */
async function changeDomain<T>(ctx: Context, domainId: string, work: (unit: Unit, domain: Domain) => Promise<Change<T>>): Promise<T> {
  const organizationId = await organizationOfDomain(ctx, domainId);
  return changeOrganization(ctx, organizationId, 'sso.configure', async (unit) => {
    const domain = await unit.tx.domain.findFirst({ where: { id: domainId, organizationId } });
    if (!domain) throw new NotFoundError('Domain');
    return work(unit, domain);
  });
}

/** A domain's audit entry: its changes, headed by the domain's name. */
function domainAudit(action: string, domain: Domain, changes: Record<string, unknown>) {
  return { action, targetType: 'Domain', targetId: domain.id, changes: { domain: domain.domain, ...changes } };
}

/** CONFLICT when another organization has verified this domain name (without saying which). */
async function ensureNotVerifiedElsewhere(tx: Tx, organizationId: string, domain: string): Promise<void> {
  const taken = await tx.domain.findFirst({ where: { domain, organizationId: { not: organizationId }, verifiedAt: { not: null } }, select: { id: true } });
  if (taken) throw new ConflictError(`The domain ${domain} is already verified by another organization`);
}

/** The domain's organization, if the caller can see that organization at all; else NOT_FOUND. */
async function organizationOfDomain(ctx: Context, domainId: string): Promise<string> {
  const domain = await ctx.prisma.domain.findFirst({
    where: { id: domainId, organization: visibleOrganizations(ctx.principal) },
    select: { organizationId: true },
  });
  if (!domain) throw new NotFoundError('Domain');
  return domain.organizationId;
}
