import { principalDenial, type ActionName, type GlobalActionName, type OrganizationActionName } from '../../auth/permissions.js';
import { isPlatformAdmin } from '../../auth/platform-admin.js';
import type { Context } from '../../context.js';

// scope-auth rules that name their actions of the one table (auth/permissions.ts), so that the
// schema test can check that every type and mutation names one.

/** A rule function carrying the actions it asks. */
export type NamedRule<F> = F & { actions: readonly ActionName[] };

/** Tags a hand-written rule with the actions it asks. */
export function named<F extends (...args: never[]) => unknown>(rule: F, ...actions: ActionName[]): NamedRule<F> {
  return Object.assign(rule, { actions });
}

/** The rule of a tenant row: `action` in the row's organization. */
export function inOrganizationOf<A extends OrganizationActionName>(action: A) {
  return named((row: { organizationId: string }) => ({ orgAction: { organizationId: row.organizationId, action } }), action);
}

/** The rule of a row that is either shared by all (no organization: catalog.read) or an organization's own (`action` there). */
export function inCatalogOrOrganizationOf<A extends OrganizationActionName>(action: A) {
  return named(
    (row: { organizationId: string | null }) =>
      row.organizationId === null ? { action: 'catalog.read' as const } : { orgAction: { organizationId: row.organizationId, action } },
    'catalog.read',
    action,
  );
}

/** The rule of a field of Organization: `action` in that organization. */
export function inThisOrganization<A extends OrganizationActionName>(action: A) {
  return named((organization: { id: string }) => ({ orgAction: { organizationId: organization.id, action } }), action);
}

/** Whether the caller may do an action outside any organization (`viewerCan` of the global catalogs). */
export function callerMay(ctx: Context, action: GlobalActionName): boolean {
  return principalDenial(ctx.principal, action, isPlatformAdmin(ctx)) === null;
}
