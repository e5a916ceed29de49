import type { DomainError } from '../errors.js';
import { ForbiddenError, NotFoundError, SignInRequiredError, UnauthenticatedError } from '../errors.js';
import type { Standing } from './access.js';
import type { Principal } from './principal.js';
import * as rules from './rules/escalation.js';
import { managesStackAccess } from './rules/stack-access.js';
import type { Role } from '../db/generated/prisma/enums.js';
import type { MemberFacts, PolicyFacts } from './rules/escalation.js';
import type { Scope } from './scopes.js';

// THE answer to "may this caller do A in organization O": every action, the scope it needs and
// the rule it adds. scope-auth asks it on every object type, guarded field and mutation
// (schema/builder.ts), services ask it under the organization lock (services/unit-of-work.ts),
// and every `viewerCan` field reads it, so the answers never disagree. A schema test fails for
// a type or mutation that names no action.
//
// Principals: users (their standing: role, policies, groups), organizations' service clients
// (their own scopes) and applications' clients, which are service clients of one organization
// holding APPLICATION_CLIENT_SCOPES (auth/scopes.ts: read the organization and its members) and
// their application's scopes, which no action here needs.

/** An action inside one organization: the scope it needs, and the rule it adds about its target. */
interface OrganizationAction<Target = undefined> {
  scope: Scope;
  /** Why the caller may not do it to this target (rank, last owner, no escalation), or null. */
  rule?: (standing: Standing, target: Target) => DomainError | null;
  /** Only a signed-in user may do it, never a service client (it concerns the caller's own membership). */
  usersOnly?: true;
}

const action = <Target = undefined>(scope: Scope, rule?: OrganizationAction<Target>['rule'], usersOnly?: true): OrganizationAction<Target> => ({
  scope,
  rule,
  usersOnly,
});

/**
 * Mapping a discovered group to a local group lets the provider put people into it at sign-in:
 * it needs what managing that group needs (group:write and every scope its policies grant).
 */
function mapsToGroup(standing: Standing, groupPolicies: readonly PolicyFacts[]): DomainError | null {
  return denial(standing, 'group.manage', groupPolicies);
}

export const ORGANIZATION_ACTIONS = {
  'organization.read': action('organization:read'),
  'organization.update': action('organization:write'),
  'organization.delete': action('organization:delete'),
  'organization.leave': action('organization:read', rules.leavesAnOwner, true),
  'member.read': action('member:read'),
  'member.add': action('member:write', rules.grantsRoleWithinRank),
  'member.update': action('member:write', rules.outranksMember),
  'member.changeRole': action('member:write', rules.changesRoleWithinRank),
  'member.remove': action('member:write', rules.removesWithinRank),
  'invitation.read': action('invitation:read'),
  'invitation.create': action('invitation:write', rules.grantsRoleWithinRank),
  'invitation.manage': action('invitation:write', rules.grantsRoleWithinRank),
  'invitation.delegateOnboarding': action('invitation:write', rules.grantsRoleWithinRank, true),
  'group.read': action('group:read'),
  'group.create': action('group:write'),
  'group.update': action('group:write'),
  'group.manage': action('group:write', rules.managesGroup),
  'group.manageMember': action('group:write', rules.managesGroupMember),
  'policy.read': action('policy:read'),
  'policy.create': action('policy:write', rules.grantsOnlyHeldScopes),
  'policy.change': action('policy:write', rules.changesPolicy),
  'policy.attachToMember': action('policy:write', rules.changesMemberPolicy),
  'client.read': action('client:read'),
  'client.create': action('client:write', rules.grantsOnlyHeldScopes),
  'client.manage': action('client:write', rules.managesClient),
  'audit_log.read': action('audit_log:read'),
  'stack.read': action('stack:read'),
  'stack.create': action('stack:write'),
  'stack.update': action('stack:write'),
  'stack.manageAccess': action('stack:write', managesStackAccess),
  'region.read': action('region:read'),
  'region.manage': action('region:write'),
  'application.read': action('application:read'),
  'application.enable': action('application:write'),
  'feature.read': action('feature:read'),
  'feature.manage': action('feature:write'),
  'sso.read': action('sso:read'),
  'sso.configure': action('sso:write'),
  'sso.mapGroup': action('sso:write', mapsToGroup),
  'integration.read': action('integration:read'),
  'integration.manage': action('integration:write'),
  'legal_document.read': action('legal_document:read'),
  'legal_document.request': action('legal_document:write'),
  'license.read': action('license:read'),
  'license.manage': action('license:write'),
  'webhook.read': action('webhook:read'),
  'webhook.manage': action('webhook:write'),
};

export type OrganizationActionName = keyof typeof ORGANIZATION_ACTIONS;

/** Who may do an action outside any organization: users, service clients holding a scope, platform admins. */
interface GlobalAction {
  users?: true;
  clientScope?: Scope;
  anyClient?: true;
  platformAdmins?: true;
}

/** Actions outside any organization. */
export const GLOBAL_ACTIONS = {
  /** The caller's own things: creating an organization, answering an invitation addressed to it. */
  'user.self': { users: true },
  /** Reading a user: the caller itself or people it shares an organization with (the tenant filter decides which). */
  'user.read': { users: true, clientScope: 'member:read' },
  /** The shared catalogs: built-in policies, public regions, catalog applications and their scopes. */
  'catalog.read': { users: true, anyClient: true },
  /** Global resources no organization owns: users, the application catalog, public regions. */
  'platform.manage': { platformAdmins: true },
} as const satisfies Record<string, GlobalAction>;

export type GlobalActionName = keyof typeof GLOBAL_ACTIONS;
export type ActionName = OrganizationActionName | GlobalActionName;

type TargetOf<A extends OrganizationActionName> = (typeof ORGANIZATION_ACTIONS)[A] extends OrganizationAction<infer T> ? T : never;
/** The target argument of `can`/`denial`: none for actions without a rule. */
export type TargetArgs<A extends OrganizationActionName> = [TargetOf<A>] extends [undefined] ? [] : [target: TargetOf<A>];

export function isAction(name: string): name is ActionName {
  return Object.hasOwn(ORGANIZATION_ACTIONS, name) || Object.hasOwn(GLOBAL_ACTIONS, name);
}

/**
 * Why the caller (its standing in the target's organization, null when it has none) may not do
 * `name` to the target: NOT_FOUND when the organization does not exist for it, FORBIDDEN without
 * the scope or against the rule; null when it may.
 */
export function denial<A extends OrganizationActionName>(standing: Standing | null, name: A, ...[target]: TargetArgs<A>): DomainError | null {
  const entry = ORGANIZATION_ACTIONS[name] as OrganizationAction<TargetOf<A> | undefined>;
  return standingDenial(standing, name) ?? entry.rule?.(standing!, target) ?? null;
}

/** Whether the caller may do `name` to the target: what `viewerCan` fields answer. */
export function can<A extends OrganizationActionName>(standing: Standing | null, name: A, ...target: TargetArgs<A>): boolean {
  return denial(standing, name, ...target) === null;
}

/** Throws what `denial` finds; returns the standing it checked. */
export function requireAction<A extends OrganizationActionName>(standing: Standing | null, name: A, ...target: TargetArgs<A>): Standing {
  const denied = denial(standing, name, ...target);
  if (denied) throw denied;
  return standing!;
}

/**
 * What can be decided before the organization is known (a mutation's arguments name it only
 * through ids): UNAUTHENTICATED for anonymous callers; FORBIDDEN for a service client lacking the
 * action's scope or doing a user's or a platform admin's action, and for a user doing a platform
 * admin's one. The organization's part is decided under its lock, by `denial`.
 */
export function principalDenial(principal: Principal | null, name: ActionName, platformAdmin: boolean): DomainError | null {
  if (!principal) return new UnauthenticatedError();
  if (name in GLOBAL_ACTIONS) {
    const who: GlobalAction = GLOBAL_ACTIONS[name as GlobalActionName];
    if (who.platformAdmins) return platformAdmin ? null : new ForbiddenError('Only a platform admin can do this');
    if (principal.kind === 'user') return null;
    if (who.anyClient) return null;
    if (!who.clientScope) return new ForbiddenError('Only a user can do this, not a service client');
    return principal.scopes.has(who.clientScope) ? null : new ForbiddenError(`This needs the ${who.clientScope} scope in the organization`);
  }
  const entry = ORGANIZATION_ACTIONS[name as OrganizationActionName] as OrganizationAction<unknown>;
  if (principal.kind === 'user') return null;
  if (entry.usersOnly) return new ForbiddenError('Only a user can do this, not a service client');
  return principal.scopes.has(entry.scope) ? null : new ForbiddenError(`This needs the ${entry.scope} scope in the organization`);
}

/**
 * The part of `denial` that needs no target: the standing exists (else NOT_FOUND), the caller's
 * token meets the membership's sign-in requirements (else FORBIDDEN saying why), the caller's kind
 * may do it and it holds the action's scope (else FORBIDDEN). Returns the standing.
 */
export function requireStanding(standing: Standing | null, name: OrganizationActionName): Standing {
  const denied = standingDenial(standing, name);
  if (denied) throw denied;
  return standing!;
}

function standingDenial(standing: Standing | null, name: OrganizationActionName): DomainError | null {
  if (!standing) return new NotFoundError('Organization');
  if (standing.refusal) return new SignInRequiredError(standing.refusal.reason, standing.refusal.organizationId);
  const entry = ORGANIZATION_ACTIONS[name] as OrganizationAction<unknown>;
  if (entry.usersOnly && !standing.member) return new ForbiddenError('Only a user can do this, not a service client');
  if (!standing.scopes.has(entry.scope)) return new ForbiddenError(`This needs the ${entry.scope} scope in the organization`);
  return null;
}

/**
 * The least a rule can ask of a target, for "allowed in principle" answers that name no target
 * (Organization.viewerCan.manageMembers, Group.viewerCan.attachPolicies, ExternalGroup.viewerCan.map).
 */
export const LEAST_TARGET = {
  member: { userId: '', role: 'GUEST' },
  role: 'GUEST',
  customPolicy: { organizationId: '', scopes: [] },
  /** The policies of a group that grants nothing. */
  groupPolicies: [],
} as const satisfies { member: MemberFacts; role: Role; customPolicy: PolicyFacts; groupPolicies: readonly PolicyFacts[] };
