import type { PrismaClient } from '../db/client.js';
import { Prisma } from '../db/generated/prisma/client.js';

// Who presents credentials at POST /oauth/token: an organization's service client or a catalog
// application's client, looked up in ONE statement either way, so that an unknown client id, an
// organization's and an application's cost the same (the answer says nothing about which exists).

/** An organization's service client. */
export interface OrganizationClientCredentials {
  kind: 'organization';
  id: string;
  organizationId: string;
  scopes: string[];
  secretHash: string;
}

/** A catalog application's client. */
export interface ApplicationClientCredentials {
  kind: 'application';
  id: string;
  applicationId: string;
  secretHash: string;
}

export type TokenClient = OrganizationClientCredentials | ApplicationClientCredentials;

interface Row {
  kind: 'organization' | 'application';
  id: string;
  owner: string;
  scopes: string[] | null;
  secretHash: string;
}

/** The client with this id, of either kind, or null. */
export async function findTokenClient(prisma: PrismaClient, clientId: string): Promise<TokenClient | null> {
  const [row] = await prisma.$queryRaw<Row[]>(Prisma.sql`
    SELECT 'organization' AS "kind", "id", "organizationId" AS "owner", "scopes", "secretHash" FROM "Client" WHERE "id" = ${clientId}
    UNION ALL
    SELECT 'application', "id", "applicationId", NULL, "secretHash" FROM "ApplicationClient" WHERE "id" = ${clientId}`);
  if (!row) return null;
  const { id, secretHash } = row;
  return row.kind === 'organization'
    ? { kind: 'organization', id, organizationId: row.owner, scopes: row.scopes ?? [], secretHash }
    : { kind: 'application', id, applicationId: row.owner, secretHash };
}
