import type { PrismaClient } from '../db/client.js';
import { Prisma } from '../db/generated/prisma/client.js';
import { UnauthenticatedError } from '../errors.js';
import { applicationScopeName } from './application-scope-names.js';
import { resolveOrganizationClientPrincipal, secretVersion } from './client-credentials.js';
import type { ClientPrincipal } from './principal.js';
import { APPLICATION_CLIENT_SCOPES } from './scopes.js';
import type { VerifiedClientToken } from './tokens.js';

// The principal of a service client's token. An organization's client: client-credentials.ts.
// An application's client is checked against the database as it is now in one statement: the
// client still exists with the secret the token was issued for, and the organization the token
// names still has the application enabled. Deleting the client, rotating its secret or disabling
// the application for the organization refuses its tokens at once.

interface ApplicationClientRow {
  secretHash: string;
  alias: string;
  enabled: boolean;
  labels: string[];
}

/** The principal of a verified service-client token: an application's client (claim `app`) or an organization's. */
export function resolveClientPrincipal(prisma: PrismaClient, token: VerifiedClientToken): Promise<ClientPrincipal> {
  return token.applicationId === null
    ? resolveOrganizationClientPrincipal(prisma, token)
    : resolveApplicationClientPrincipal(prisma, token, token.applicationId);
}

/** The principal of a verified token carrying claim `app` (application `applicationId`). */
async function resolveApplicationClientPrincipal(prisma: PrismaClient, token: VerifiedClientToken, applicationId: string): Promise<ClientPrincipal> {
  const [client] = await prisma.$queryRaw<ApplicationClientRow[]>(Prisma.sql`
    SELECT c."secretHash", a."alias",
      EXISTS (SELECT 1 FROM "OrganizationApplication" oa WHERE oa."applicationId" = a."id" AND oa."organizationId" = ${token.organizationId}) AS "enabled",
      ARRAY(SELECT s."label" FROM "ApplicationScope" s WHERE s."applicationId" = a."id") AS "labels"
    FROM "ApplicationClient" c JOIN "Application" a ON a."id" = c."applicationId"
    WHERE c."id" = ${token.clientId} AND c."applicationId" = ${applicationId}`);
  if (!client) throw new UnauthenticatedError('This application client no longer exists');
  if (secretVersion(client.secretHash) !== token.secretVersion) {
    throw new UnauthenticatedError('The client secret was rotated after this token was issued: request a new token');
  }
  if (!client.enabled) throw new UnauthenticatedError('The organization no longer has this application enabled');
  // The token's scopes count only while the application still defines them under these names.
  const defined = new Set(client.labels.map((label) => applicationScopeName(client.alias, label)));
  const scopes = new Set(token.scopes.filter((scope) => defined.has(scope)));
  return {
    kind: 'client',
    clientId: token.clientId,
    organizationId: token.organizationId,
    scopes: APPLICATION_CLIENT_SCOPES,
    application: { applicationId, alias: client.alias, scopes },
  };
}
