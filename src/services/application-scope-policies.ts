import { applicationScopeName, applicationScopePrefix } from '../auth/application-scope-names.js';
import { Prisma } from '../db/generated/prisma/client.js';
import { textArray, utcNow } from '../db/sql-fragments.js';
import type { Tx } from './transaction.js';

// Policies name application scopes as `app:<alias>/<label>` (auth/application-scope-names.ts).
// When an application stops being usable in an organization (disabled there, deleted, a scope
// deleted) its names are taken out of the policies in the same transaction, and renaming the
// alias renames them: a policy never lists a scope that grants nothing, and re-enabling an
// application starts from policies without its scopes (they are granted again explicitly).

/** Which policies: those of these organizations, or of every organization. */
type Organizations = readonly string[] | 'all';

function ofOrganizations(organizations: Organizations): Prisma.Sql {
  return organizations === 'all' ? Prisma.sql`"organizationId" IS NOT NULL` : Prisma.sql`"organizationId" = ANY(${textArray(organizations)})`;
}

/** Rewrites each policy's scopes through `rewrite` (an SQL expression of `s`), where `matches` (of `s`) holds for one of them; returns how many policies changed. */
async function rewritePolicyScopes(tx: Tx, organizations: Organizations, matches: Prisma.Sql, rewrite: Prisma.Sql | null): Promise<number> {
  const kept = rewrite
    ? Prisma.sql`SELECT CASE WHEN ${matches} THEN ${rewrite} ELSE s END FROM unnest("scopes") WITH ORDINALITY AS u(s, i) ORDER BY i`
    : Prisma.sql`SELECT s FROM unnest("scopes") WITH ORDINALITY AS u(s, i) WHERE NOT (${matches}) ORDER BY i`;
  return tx.$executeRaw`UPDATE "Policy" SET "scopes" = ARRAY(${kept}), "updatedAt" = ${utcNow}
    WHERE ${ofOrganizations(organizations)} AND EXISTS (SELECT 1 FROM unnest("scopes") AS u(s) WHERE ${matches})`;
}

/** Takes every scope of the application `alias` out of the policies of the organizations. */
export function removeApplicationFromPolicies(tx: Tx, alias: string, organizations: Organizations): Promise<number> {
  return rewritePolicyScopes(tx, organizations, Prisma.sql`starts_with(s, CAST(${applicationScopePrefix(alias)} AS text))`, null);
}

/** Takes one scope of the application `alias` out of every policy. */
export function removeApplicationScopeFromPolicies(tx: Tx, alias: string, label: string): Promise<number> {
  return rewritePolicyScopes(tx, 'all', Prisma.sql`s = CAST(${applicationScopeName(alias, label)} AS text)`, null);
}

/** Renames the scopes of an application whose alias changes from `from` to `to`, in every policy. */
export function renameApplicationInPolicies(tx: Tx, from: string, to: string): Promise<number> {
  const old = applicationScopePrefix(from);
  return rewritePolicyScopes(
    tx,
    'all',
    Prisma.sql`starts_with(s, CAST(${old} AS text))`,
    Prisma.sql`CAST(${applicationScopePrefix(to)} AS text) || substr(s, CAST(${old.length + 1} AS integer))`,
  );
}
