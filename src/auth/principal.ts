import type { PrismaClient } from '../db/client.js';
import { Prisma } from '../db/generated/prisma/client.js';
import { UnauthenticatedError } from '../errors.js';
import type { Scope } from './scopes.js';
import type { VerifiedIdentity } from './tokens.js';

/** A person, signed in with a user token. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  email: string;
  /** How this token's user signed in: what SSO and MFA enforcement check. */
  signIn: SignIn;
}

/** How the user behind a token authenticated (from VerifiedIdentity). */
export interface SignIn {
  /** RFC 8176 authentication method references; empty when the token does not say. */
  amr: readonly string[];
  /** The organization whose own provider signed the user in; null for any other token. */
  ssoOrganizationId: string | null;
  /** The provider that authenticated the user (OIDC issuer, SAML entity id, or the token's issuer). */
  identityProvider: string;
}

/**
 * A service client with a client-credentials token: its scopes, in its organization only. Either
 * an organization's own client, or an application's client with a token for one organization
 * that enabled the application (`application` set).
 */
export interface ClientPrincipal {
  kind: 'client';
  clientId: string;
  organizationId: string;
  scopes: ReadonlySet<Scope>;
  /** For an application's client: which application, and the application scopes its token carries. Null for an organization's client. */
  application: ApplicationGrant | null;
}

/** What an application's token stands for in the organization it was issued for. */
export interface ApplicationGrant {
  applicationId: string;
  alias: string;
  /** The application's scopes (`app:<alias>/<label>`) granted to the token that the application still defines. */
  scopes: ReadonlySet<string>;
}

/** Who is calling. Anonymous callers have no principal. */
export type Principal = UserPrincipal | ClientPrincipal;

/** The calling user, or null for anonymous callers and service clients. */
export function userOf(principal: Principal | null): UserPrincipal | null {
  return principal?.kind === 'user' ? principal : null;
}

/** Called once an external issuer's token is first tied to a user (created, or linked by email): JIT provisioning. */
export type FirstSightHook = (user: UserPrincipal, identity: VerifiedIdentity) => Promise<unknown>;

/**
 * Maps a verified token to its User, creating the user on first sight. Tokens of this server
 * carry a trusted email; an external issuer's email is used only when it marks it verified.
 */
export async function resolveUserPrincipal(prisma: PrismaClient, identity: VerifiedIdentity, onFirstSight?: FirstSightHook): Promise<UserPrincipal> {
  const trustedEmail = identity.emailVerified ? identity.email : undefined;
  if (identity.local) {
    if (!trustedEmail) throw new UnauthenticatedError('Token lacks an email');
    return toPrincipal(await upsertByEmail(prisma, trustedEmail, identity.name), identity);
  }
  const externalSubject = `${identity.issuer}|${identity.subject}`;
  const linked = await prisma.user.findUnique({ where: { externalSubject }, select: { id: true, email: true } });
  if (linked) return toPrincipal(linked, identity);
  if (!trustedEmail) throw new UnauthenticatedError('The identity provider did not mark this email as verified');
  const user = await upsertByEmail(prisma, trustedEmail, identity.name);
  // Link the subject so later tokens find the user even if the email changes at the provider.
  const link = await prisma.user.updateMany({ where: { id: user.id, externalSubject: null }, data: { externalSubject } });
  const principal = toPrincipal(user, identity);
  // Once per subject: only the request that linked it (a user already tied to another subject is never "first seen" again).
  if (link.count === 1 && onFirstSight) await onFirstSight(principal, identity);
  return principal;
}

/** The user with this email, created when missing. Read first: Prisma runs an upsert as a transaction of four statements. */
async function upsertByEmail(prisma: PrismaClient, email: string, name?: string) {
  const select = { id: true, email: true } as const;
  const existing = await prisma.user.findUnique({ where: { email }, select });
  if (existing) return existing;
  try {
    return await prisma.user.create({ data: { email, name: name ?? email.split('@')[0] ?? email }, select });
  } catch (error) {
    // A new user's first requests can race to create it; the loser reads the winner's row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return prisma.user.findUniqueOrThrow({ where: { email }, select });
    }
    throw error;
  }
}

function toPrincipal(user: { id: string; email: string }, identity: VerifiedIdentity): UserPrincipal {
  const signIn = { amr: identity.amr, ssoOrganizationId: identity.ssoOrganizationId, identityProvider: identity.identityProvider };
  return { kind: 'user', userId: user.id, email: user.email, signIn };
}
