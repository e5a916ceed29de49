import { decodeGlobalID } from '@pothos/plugin-relay';
import { applicationScopeName } from '../auth/application-scope-names.js';
import { secretVersion } from '../auth/client-credentials.js';
import { mintClientToken } from '../auth/tokens.js';
import { Prisma } from '../db/generated/prisma/client.js';
import type { TokenEndpointDeps } from './oauth-token.js';
import { json, oauthError } from './oauth-responses.js';
import type { ApplicationClientCredentials } from './token-clients.js';
import { grantedScopes } from './token-scopes.js';

// The client-credentials grant for the OAuth clients of catalog applications, at the same
// POST /oauth/token (same rate limits and failure counting: oauth-token.ts authenticates the
// client first). The request names the organization in `organization_id`; the token is for that
// one organization, only while it has the application enabled, and carries application scopes
// only (`app:<alias>/<label>`; `scope` narrows them). What it may do on /graphql:
// APPLICATION_CLIENT_SCOPES in auth/scopes.ts.

/** The organization's database id from `organization_id`: its global id (as GraphQL shows it) or its database id. */
function organizationOf(value: string): string {
  try {
    const { typename, id } = decodeGlobalID(value);
    if (typename === 'Organization' && id) return id;
  } catch {
    // Not a global id: a database id.
  }
  return value;
}

/** The token response for an authenticated application client. */
export async function applicationTokenResponse(
  params: Map<string, string>,
  client: ApplicationClientCredentials,
  deps: Pick<TokenEndpointDeps, 'prisma' | 'signingKey' | 'tokens'>,
): Promise<Response> {
  const named = params.get('organization_id');
  if (!named) return oauthError('invalid_request', 'organization_id is required for an application client: the organization the token is for');
  const organizationId = organizationOf(named);
  const [application] = await deps.prisma.$queryRaw<{ alias: string; enabled: boolean; labels: string[] }[]>(Prisma.sql`
    SELECT a."alias",
      EXISTS (SELECT 1 FROM "OrganizationApplication" oa WHERE oa."applicationId" = a."id" AND oa."organizationId" = ${organizationId}) AS "enabled",
      ARRAY(SELECT s."label" FROM "ApplicationScope" s WHERE s."applicationId" = a."id" ORDER BY s."label") AS "labels"
    FROM "Application" a WHERE a."id" = ${client.applicationId}`);
  // An unknown organization answers like one that has not enabled the application: no hint either way.
  if (!application?.enabled) return oauthError('invalid_target', 'The organization does not have this application enabled');
  const own = application.labels.map((label) => applicationScopeName(application.alias, label));
  const scopes = grantedScopes(params.get('scope'), own);
  if (scopes instanceof Response) return scopes;
  const ttlSeconds = deps.tokens.clientTtlSeconds;
  const accessToken = await mintClientToken(deps.signingKey, deps.tokens, {
    clientId: client.id,
    organizationId,
    scopes,
    secretVersion: secretVersion(client.secretHash),
    ttlSeconds,
    applicationId: client.applicationId,
  });
  return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds, scope: scopes.join(' ') });
}
