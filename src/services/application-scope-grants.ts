import { parseApplicationScopeName } from '../auth/application-scope-names.js';
import { textArray } from '../db/sql-fragments.js';
import { ValidationError } from '../errors.js';
import type { Tx } from './transaction.js';

// Which application scopes an organization's policies may name: scopes that an application
// enabled for the organization defines. Checked under the organization's lock (enabling and
// disabling take it too); the applications named are read FOR SHARE, so the platform cannot
// rename or delete them (application-scope-names in policies are rewritten then) until the
// change commits.

/**
 * Refuses, with BAD_USER_INPUT at `field` saying why, every application scope among `scopes`
 * that is not a scope of an application enabled for the organization. Built-in scopes pass.
 */
export async function ensureApplicationScopesUsable(tx: Tx, organizationId: string, scopes: readonly string[], field: string): Promise<void> {
  const named = scopes.flatMap((name) => {
    const parsed = parseApplicationScopeName(name);
    return parsed ? [{ name, ...parsed }] : [];
  });
  if (named.length === 0) return;
  const aliases = [...new Set(named.map((scope) => scope.alias))];
  const applications = await tx.$queryRaw<
    { id: string; alias: string }[]
  >`SELECT "id", "alias" FROM "Application" WHERE "alias" = ANY(${textArray(aliases)}) FOR SHARE`;
  const ids = applications.map((application) => application.id);
  const [enabled, defined] = [
    await tx.organizationApplication.findMany({ where: { organizationId, applicationId: { in: ids } }, select: { applicationId: true } }),
    await tx.applicationScope.findMany({ where: { applicationId: { in: ids } }, select: { applicationId: true, label: true } }),
  ];
  const idOf = new Map(applications.map((application) => [application.alias, application.id]));
  const enabledIds = new Set(enabled.map((row) => row.applicationId));
  const labels = new Set(defined.map((row) => `${row.applicationId}/${row.label}`));
  const problems = named.flatMap(({ name, alias, label }) => {
    const id = idOf.get(alias);
    if (!id) return [`${name}: no application of the catalog has the alias “${alias}”`];
    if (!enabledIds.has(id)) return [`${name}: the application “${alias}” is not enabled for this organization (enableApplication first)`];
    if (!labels.has(`${id}/${label}`)) return [`${name}: the application “${alias}” has no scope “${label}”`];
    return [];
  });
  if (problems.length === 0) return;
  const message = problems.join('; ');
  throw new ValidationError(`input.${field}: ${message}`, [{ path: ['input', field], message }]);
}
