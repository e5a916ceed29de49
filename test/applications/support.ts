import { PLATFORM_ADMIN, expectData, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/fixtures.js';
import { expectAuditedMutation, expectRefusedMutation, runMutation, type Caller, type ExpectedAudit } from '../helpers/mutations.js';

// Shared documents and setup for the application tests. Each mutation is aliased `result` so
// that `run` returns the union value whatever the mutation.

export { PLATFORM_ADMIN };

const FAILURE = `... on Error { code message } ... on NotFoundError { resource } ... on ValidationError { fields { path message } }`;
export const APPLICATION = `id name alias description url viewerCan { update delete manageScopes manageClients }`;
export const SCOPE = `id label description application { id } delegatesTo { id label } delegatedFrom { id label }`;
export const CLIENT = `id oauthClientId name description redirectUris secretLastChars application { id }`;

const mutation = (field: string, inputType: string, payload: string) =>
  `mutation($input: ${inputType}!) { result: ${field}(input: $input) { __typename ${FAILURE} ${payload} } }`;

export const CREATE_APPLICATION = mutation('createApplication', 'CreateApplicationInput', `... on CreateApplicationPayload { application { ${APPLICATION} } }`);
export const UPDATE_APPLICATION = mutation('updateApplication', 'UpdateApplicationInput', `... on UpdateApplicationPayload { application { ${APPLICATION} } }`);
export const DELETE_APPLICATION = mutation('deleteApplication', 'ApplicationIdInput', `... on DeleteApplicationPayload { deletedApplicationId }`);
export const CREATE_SCOPE = mutation('createApplicationScope', 'CreateApplicationScopeInput', `... on CreateApplicationScopePayload { scope { ${SCOPE} } }`);
export const DELETE_SCOPE = mutation('deleteApplicationScope', 'ApplicationScopeIdInput', `... on DeleteApplicationScopePayload { deletedScopeId application { id scopes { totalCount } } }`);
export const ADD_DELEGATION = mutation(
  'addApplicationScopeDelegation',
  'ApplicationScopeDelegationInput',
  `... on AddApplicationScopeDelegationPayload { scope { ${SCOPE} } delegatesTo { ${SCOPE} } }`,
);
export const REMOVE_DELEGATION = mutation(
  'removeApplicationScopeDelegation',
  'ApplicationScopeDelegationInput',
  `... on RemoveApplicationScopeDelegationPayload { scope { ${SCOPE} } delegatesTo { ${SCOPE} } }`,
);
export const CREATE_CLIENT = mutation('createApplicationClient', 'CreateApplicationClientInput', `... on CreateApplicationClientPayload { secret client { ${CLIENT} } }`);
export const UPDATE_CLIENT = mutation('updateApplicationClient', 'UpdateApplicationClientInput', `... on UpdateApplicationClientPayload { client { ${CLIENT} } }`);
export const DELETE_CLIENT = mutation('deleteApplicationClient', 'ApplicationClientIdInput', `... on DeleteApplicationClientPayload { deletedClientId application { id } }`);
export const ENABLE = mutation(
  'enableApplication',
  'OrganizationApplicationInput',
  `... on EnableApplicationPayload { organization { id applications { totalCount edges { node { id } } } } application { id } }`,
);
export const DISABLE = mutation(
  'disableApplication',
  'OrganizationApplicationInput',
  `... on DisableApplicationPayload { organization { id applications { totalCount edges { node { id } } } } application { id } }`,
);

export const applicationGid = (id: string) => gid('Application', id);
export const scopeGid = (id: string) => gid('ApplicationScope', id);
export const clientGid = (id: string) => gid('ApplicationClient', id);

let count = 0;
/** A number no other call returns, for unique aliases. */
export const unique = () => ++count;

/**
 * A catalog application with scopes (labels) and delegations ([from, to] labels), written directly
 * (test setup, not under test). Returns global ids: the application and its scopes by label.
 */
export async function newApplication(
  t: TestApp,
  options: { name?: string; scopes?: string[]; delegations?: [string, string][]; enabledIn?: string[] } = {},
): Promise<{ id: string; rawId: string; alias: string; scopes: Record<string, string> }> {
  const n = unique();
  const application = await t.prisma.application.create({
    data: { name: options.name ?? `App ${n}`, alias: `app-${n}`, organizations: { create: (options.enabledIn ?? []).map((organizationId) => ({ organizationId })) } },
  });
  const scopes: Record<string, string> = {};
  const raw: Record<string, string> = {};
  for (const label of options.scopes ?? []) {
    const scope = await t.prisma.applicationScope.create({ data: { applicationId: application.id, label } });
    raw[label] = scope.id;
    scopes[label] = scopeGid(scope.id);
  }
  for (const [from, to] of options.delegations ?? []) {
    await t.prisma.applicationScopeDelegation.create({ data: { scopeId: raw[from]!, delegatesToId: raw[to]! } });
  }
  return { id: applicationGid(application.id), rawId: application.id, alias: application.alias, scopes };
}

/** Everything an application mutation could touch, to show that a refused one changed nothing. */
export async function snapshot(t: TestApp) {
  const [applications, scopes, delegations, clients, enabled, audit] = await Promise.all([
    t.prisma.application.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.applicationScope.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.applicationScopeDelegation.findMany({ orderBy: [{ scopeId: 'asc' }, { delegatesToId: 'asc' }] }),
    t.prisma.applicationClient.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.organizationApplication.findMany({ orderBy: [{ organizationId: 'asc' }, { applicationId: 'asc' }] }),
    t.prisma.auditLog.count(),
  ]);
  return { applications, scopes, delegations, clients, enabled, audit };
}

/** Runs a mutation as `as` (a user's email, or { token } of a client; anonymous when omitted) with a fresh request id. */
export const run = runMutation;

/** A refused mutation: the expected typed error (or top-level error code), and nothing written. */
export const expectRefused = (t: TestApp, document: string, input: Record<string, unknown>, as: Caller, expected: string) =>
  expectRefusedMutation(t, snapshot, document, input, as, expected);

/** Runs a successful mutation and asserts it wrote exactly one audit entry of `action` on the target, by `as`, in its request. */
export const expectAudited = (
  t: TestApp,
  document: string,
  input: Record<string, unknown>,
  as: string,
  expected: ExpectedAudit & { targetType: 'Application' | 'ApplicationScope' | 'ApplicationClient' },
) => expectAuditedMutation(t, document, input, as, expected);

/** Makes the platform admin exist as a user (its first request creates it). */
export async function signInAdmin(t: TestApp): Promise<void> {
  expectData(await t.gql(`{ me { id } }`, {}, { as: PLATFORM_ADMIN }));
}
