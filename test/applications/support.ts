import type { TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';
import { expectRefusedWith, mutationDocument } from '../helpers/mutations.js';
import { snapshotOf } from '../helpers/no-change.js';

// Documents and setup of the application tests alone. Each mutation is aliased `result` so that
// runMutation (test/helpers/mutations.ts) returns the union value whatever the mutation.

export const APPLICATION = `id name alias description url viewerCan { update delete manageScopes manageClients }`;
export const SCOPE = `id label description application { id } delegatesTo { id label } delegatedFrom { id label }`;
export const CLIENT = `id oauthClientId name description redirectUris secretLastChars application { id }`;

export const CREATE_APPLICATION = mutationDocument(
  'createApplication',
  'CreateApplicationInput',
  `... on CreateApplicationPayload { application { ${APPLICATION} } }`,
);
export const UPDATE_APPLICATION = mutationDocument(
  'updateApplication',
  'UpdateApplicationInput',
  `... on UpdateApplicationPayload { application { ${APPLICATION} } }`,
);
export const DELETE_APPLICATION = mutationDocument('deleteApplication', 'ApplicationIdInput', `... on DeleteApplicationPayload { deletedApplicationId }`);
export const CREATE_SCOPE = mutationDocument(
  'createApplicationScope',
  'CreateApplicationScopeInput',
  `... on CreateApplicationScopePayload { scope { ${SCOPE} } }`,
);
export const DELETE_SCOPE = mutationDocument(
  'deleteApplicationScope',
  'ApplicationScopeIdInput',
  `... on DeleteApplicationScopePayload { deletedScopeId application { id scopes { totalCount } } }`,
);
export const ADD_DELEGATION = mutationDocument(
  'addApplicationScopeDelegation',
  'ApplicationScopeDelegationInput',
  `... on AddApplicationScopeDelegationPayload { scope { ${SCOPE} } delegatesTo { ${SCOPE} } }`,
);
export const REMOVE_DELEGATION = mutationDocument(
  'removeApplicationScopeDelegation',
  'ApplicationScopeDelegationInput',
  `... on RemoveApplicationScopeDelegationPayload { scope { ${SCOPE} } delegatesTo { ${SCOPE} } }`,
);
export const CREATE_CLIENT = mutationDocument(
  'createApplicationClient',
  'CreateApplicationClientInput',
  `... on CreateApplicationClientPayload { secret client { ${CLIENT} } }`,
);
export const UPDATE_CLIENT = mutationDocument(
  'updateApplicationClient',
  'UpdateApplicationClientInput',
  `... on UpdateApplicationClientPayload { client { ${CLIENT} } }`,
);
export const DELETE_CLIENT = mutationDocument(
  'deleteApplicationClient',
  'ApplicationClientIdInput',
  `... on DeleteApplicationClientPayload { deletedClientId application { id } }`,
);
export const ENABLE = mutationDocument(
  'enableApplication',
  'OrganizationApplicationInput',
  `... on EnableApplicationPayload { organization { id applications { totalCount edges { node { id } } } } application { id } }`,
);
export const DISABLE = mutationDocument(
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
    data: {
      name: options.name ?? `App ${n}`,
      alias: `app-${n}`,
      organizations: { create: (options.enabledIn ?? []).map((organizationId) => ({ organizationId })) },
    },
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

/** A refused mutation: the expected typed error (or top-level error code), and nothing written. */
export const expectRefused = expectRefusedWith(
  snapshotOf(['application', 'applicationScope', 'applicationScopeDelegation', 'applicationClient', 'organizationApplication']),
);
