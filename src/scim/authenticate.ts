import { provisionedRole } from '../services/jit-provisioning.js';
import { hashSecret, secretMatches } from '../auth/client-credentials.js';
import type { PrismaClient } from '../db/client.js';
import type { ScimDomain } from './request.js';

// The bearer token selects the domain: its SHA-256 is looked up (an index on the stored hash),
// then compared in constant time. A domain whose token matches but that is not verified or has
// SCIM switched off is identified (its log records the refusal) yet authenticates nothing.

export type ScimAuthentication =
  | { domain: ScimDomain; accepted: true }
  | { domain: ScimDomain; accepted: false; reason: string }
  | { domain: null; reason: string };

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

export async function authenticateScim(prisma: PrismaClient, authorization: string | null): Promise<ScimAuthentication> {
  const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
  if (!token) return { domain: null, reason: 'A SCIM request needs Authorization: Bearer <the domain’s SCIM token>' };
  const found = await prisma.domain.findFirst({
    where: { scimTokenHash: hashSecret(token) },
    select: { id: true, domain: true, organizationId: true, verifiedAt: true, scimEnabled: true, scimTokenHash: true, jitDefaultRole: true },
  });
  if (!found || !secretMatches(token, found.scimTokenHash)) return { domain: null, reason: 'The bearer token is not a SCIM token of any domain' };
  const domain = { id: found.id, domain: found.domain, organizationId: found.organizationId, defaultRole: provisionedRole(found.jitDefaultRole) };
  if (!found.scimEnabled) return { domain, accepted: false, reason: `SCIM is switched off for ${found.domain}` };
  if (found.verifiedAt === null) return { domain, accepted: false, reason: `${found.domain} is not verified` };
  return { domain, accepted: true };
}
