import type { Context } from '../../context.js';
import type { PrismaClient } from '../../db/client.js';
import { ForbiddenError } from '../../errors.js';
import { syncExternalGroups } from '../../services/external-group-sync.js';
import { type Provisioning, provisionJustInTime } from '../../services/jit-provisioning.js';
import type { SigningKey } from '../keys.js';
import { resolveUserPrincipal, type UserPrincipal } from '../principal.js';
import { mintUserToken, type TokenSettings } from '../tokens.js';
import type { SignedInIdentity } from './signed-in-identity.js';

/** A finished sign-in: the user, and this server's token for them, saying how they signed in. */
export interface SignedIn {
  user: UserPrincipal;
  token: string;
  expiresIn: number;
  /** Whether the user is a member of the organization signed into, and whether JIT provisioning made them one now. */
  membership: Provisioning;
}

export interface SignInDeps {
  prisma: PrismaClient;
  signingKey: SigningKey;
  tokens: TokenSettings;
  /** A context without a principal, made for this request: the server's own changes at a sign-in (JIT provisioning, groups). */
  systemContext: () => Context;
}

/**
 * The end of every SSO sign-in, whatever the protocol. The user is found by the provider's issuer
 * and subject. The first time, the provider's email links or creates the user only when the
 * provider vouches for it and it lies on one of the organization's verified domains: an
 * organization's provider speaks for the domains the organization proved it owns, and for nobody
 * else, or one organization's provider could sign in as another organization's users. Then JIT
 * provisioning (services/jit-provisioning.ts) and the `groups` claim (services/external-group-sync.ts)
 * act for the organization signed into.
 */
export async function completeSignIn(deps: SignInDeps, identity: SignedInIdentity): Promise<SignedIn> {
  const externalSubject = `${identity.issuer}|${identity.subject}`;
  const linked = await deps.prisma.user.findUnique({ where: { externalSubject }, select: { id: true } });
  if (!linked) await requireEmailOnVerifiedDomain(deps.prisma, identity);
  const expiresAt = Math.floor(Date.now() / 1000) + deps.tokens.ttlSeconds;
  const user = await resolveUserPrincipal(deps.prisma, {
    issuer: identity.issuer,
    subject: identity.subject,
    email: identity.email ?? undefined,
    emailVerified: identity.emailVerified,
    name: identity.name ?? undefined,
    local: false,
    amr: identity.amr,
    ssoOrganizationId: identity.organizationId,
    identityProvider: identity.issuer,
    expiresAt,
  });
  const token = await mintUserToken(
    deps.signingKey,
    deps.tokens,
    { email: user.email, ...(identity.name ? { name: identity.name } : {}) },
    { amr: identity.amr, ssoOrganizationId: identity.organizationId, identityProvider: identity.issuer },
  );
  const system = deps.systemContext();
  const membership = await provisionJustInTime(system, user.userId, identity);
  if (identity.groups) await syncExternalGroups(system, identity.organizationId, user.userId, identity.groups);
  return { user, token, expiresIn: deps.tokens.ttlSeconds, membership };
}

async function requireEmailOnVerifiedDomain(prisma: PrismaClient, identity: SignedInIdentity): Promise<void> {
  const domain = identity.email?.split('@')[1]?.toLowerCase();
  const verified =
    identity.emailVerified &&
    domain !== undefined &&
    (await prisma.domain.count({ where: { organizationId: identity.organizationId, domain, verifiedAt: { not: null } } })) > 0;
  if (!verified) {
    throw new ForbiddenError("The identity provider's email is not a verified address on one of the organization's verified domains");
  }
}
