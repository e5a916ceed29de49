import { createApplicationClient, deleteApplicationClient, updateApplicationClient } from '../../services/application-clients.js';
import {
  addApplicationScopeDelegation,
  createApplicationScope,
  deleteApplicationScope,
  removeApplicationScopeDelegation,
} from '../../services/application-scopes.js';
import { createApplication, deleteApplication, disableApplication, enableApplication, updateApplication } from '../../services/applications.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationErrors } from '../shared/errors.js';
import {
  applicationPayload,
  CreateApplicationClientPayload,
  CreateApplicationScopePayload,
  DeleteApplicationClientPayload,
  DeleteApplicationPayload,
  DeleteApplicationScopePayload,
  delegationPayload,
  organizationApplicationPayload,
  UpdateApplicationClientPayload,
} from './application.payload.js';
import { ApplicationClientRef, ApplicationRef, ApplicationScopeRef } from './application.type.js';

// The catalog is the platform admins' (UNAUTHENTICATED for anonymous callers, FORBIDDEN for
// anyone else); enabling an application is an organization's (application:write there).

const PLATFORM_ADMIN_ONLY = 'Platform admins only.';

// ---- Applications

const CreateApplicationInput = builder.inputType('CreateApplicationInput', {
  description: 'A new catalog application.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
    alias: t.string({ required: true, description: 'Short unique name: a lower-case slug (a-z, digits, single hyphens), 1 to 50 characters.' }),
    description: t.string({ required: false, description: 'Free text, up to 1000 characters.' }),
    url: t.string({ required: false, description: 'Where the application lives: an http:// or https:// URL.' }),
  }),
});

builder.mutationField('createApplication', (t) =>
  t.field({
    type: applicationPayload('CreateApplicationPayload', 'The application added to the catalog.'),
    description: `Adds an application to the catalog; CONFLICT when the alias is taken. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('CreateApplicationResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: CreateApplicationInput, required: true, description: 'The application.' }) },
    resolve: async (_root, { input }, ctx) => ({ applicationId: await createApplication(ctx, input) }),
  }),
);

const UpdateApplicationInput = builder.inputType('UpdateApplicationInput', {
  description: 'Changes to a catalog application; absent fields stay as they are.',
  fields: (t) => ({
    applicationId: t.globalID({ for: ApplicationRef, required: true, description: 'The application.' }),
    name: t.string({ required: false, description: 'New display name.' }),
    alias: t.string({ required: false, description: 'New alias (unique lower-case slug).' }),
    description: t.string({ required: false, description: 'New description; null clears it.' }),
    url: t.string({ required: false, description: 'New http(s) URL; null clears it.' }),
  }),
});

builder.mutationField('updateApplication', (t) =>
  t.field({
    type: applicationPayload('UpdateApplicationPayload', 'The updated application.'),
    description: `Changes a catalog application; CONFLICT when the new alias is taken. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('UpdateApplicationResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: UpdateApplicationInput, required: true, description: 'The changes.' }) },
    resolve: async (_root, { input: { applicationId, name, alias, description, url } }, ctx) => ({
      applicationId: await updateApplication(ctx, applicationId.id, { name: name ?? undefined, alias: alias ?? undefined, description, url }),
    }),
  }),
);

const ApplicationIdInput = builder.inputType('ApplicationIdInput', {
  description: 'Names one catalog application.',
  fields: (t) => ({ applicationId: t.globalID({ for: ApplicationRef, required: true, description: 'The application.' }) }),
});

builder.mutationField('deleteApplication', (t) =>
  t.field({
    type: DeleteApplicationPayload,
    description: `Removes an application from the catalog with its scopes and clients; it is disabled in every organization that enabled it. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('DeleteApplicationResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: ApplicationIdInput, required: true, description: 'The application.' }) },
    resolve: (_root, { input }, ctx) => deleteApplication(ctx, input.applicationId.id),
  }),
);

// ---- Scopes and delegations

const CreateApplicationScopeInput = builder.inputType('CreateApplicationScopeInput', {
  description: 'A new scope of an application.',
  fields: (t) => ({
    applicationId: t.globalID({ for: ApplicationRef, required: true, description: 'The application.' }),
    label: t.string({
      required: true,
      description: 'Name of the scope, unique in the application (case-insensitively): letters, digits and : . _ -, starting with a letter or digit, e.g. ledger:read.',
    }),
    description: t.string({ required: false, description: 'What the scope allows, up to 1000 characters.' }),
  }),
});

builder.mutationField('createApplicationScope', (t) =>
  t.field({
    type: CreateApplicationScopePayload,
    description: `Adds a scope to an application; CONFLICT when the label is taken there. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('CreateApplicationScopeResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: CreateApplicationScopeInput, required: true, description: 'The scope.' }) },
    resolve: async (_root, { input: { applicationId, ...scope } }, ctx) => ({ scopeId: await createApplicationScope(ctx, applicationId.id, scope) }),
  }),
);

const ApplicationScopeIdInput = builder.inputType('ApplicationScopeIdInput', {
  description: 'Names one application scope.',
  fields: (t) => ({ scopeId: t.globalID({ for: ApplicationScopeRef, required: true, description: 'The scope.' }) }),
});

builder.mutationField('deleteApplicationScope', (t) =>
  t.field({
    type: DeleteApplicationScopePayload,
    description: `Deletes an application scope with every delegation from and to it. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('DeleteApplicationScopeResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: ApplicationScopeIdInput, required: true, description: 'The scope.' }) },
    resolve: (_root, { input }, ctx) => deleteApplicationScope(ctx, input.scopeId.id),
  }),
);

const ApplicationScopeDelegationInput = builder.inputType('ApplicationScopeDelegationInput', {
  description: 'A delegation between two scopes of the same application: holding `scopeId` also grants `delegatesToScopeId`.',
  fields: (t) => ({
    scopeId: t.globalID({ for: ApplicationScopeRef, required: true, description: 'The delegating scope.' }),
    delegatesToScopeId: t.globalID({ for: ApplicationScopeRef, required: true, description: 'The scope it grants; another scope of the same application.' }),
  }),
});

builder.mutationField('addApplicationScopeDelegation', (t) =>
  t.field({
    type: delegationPayload('AddApplicationScopeDelegationPayload', 'Both scopes, the first now delegating to the second.'),
    description: `Makes a scope also grant another scope of the same application. BAD_USER_INPUT for a scope of another application, the scope itself, or a delegation that would close a cycle; CONFLICT when it exists. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('AddApplicationScopeDelegationResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: ApplicationScopeDelegationInput, required: true, description: 'The delegation.' }) },
    resolve: async (_root, { input }, ctx) => {
      await addApplicationScopeDelegation(ctx, input.scopeId.id, input.delegatesToScopeId.id);
      return { scopeId: input.scopeId.id, delegatesToId: input.delegatesToScopeId.id };
    },
  }),
);

builder.mutationField('removeApplicationScopeDelegation', (t) =>
  t.field({
    type: delegationPayload('RemoveApplicationScopeDelegationPayload', 'Both scopes, the first no longer delegating to the second.'),
    description: `Removes a delegation between two scopes; CONFLICT when there is none. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('RemoveApplicationScopeDelegationResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: ApplicationScopeDelegationInput, required: true, description: 'The delegation.' }) },
    resolve: async (_root, { input }, ctx) => {
      await removeApplicationScopeDelegation(ctx, input.scopeId.id, input.delegatesToScopeId.id);
      return { scopeId: input.scopeId.id, delegatesToId: input.delegatesToScopeId.id };
    },
  }),
);

// ---- Clients

const CreateApplicationClientInput = builder.inputType('CreateApplicationClientInput', {
  description: 'A new OAuth client of an application.',
  fields: (t) => ({
    applicationId: t.globalID({ for: ApplicationRef, required: true, description: 'The application.' }),
    name: t.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
    description: t.string({ required: false, description: 'Free text, up to 1000 characters.' }),
    redirectUris: t.stringList({
      required: false,
      description: 'Absolute URIs without a fragment, at most 20; not javascript:, data:, vbscript:, file: or blob:. Default: none.',
    }),
  }),
});

builder.mutationField('createApplicationClient', (t) =>
  t.field({
    type: CreateApplicationClientPayload,
    description: `Creates an OAuth client of an application and returns its secret, once. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('CreateApplicationClientResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: CreateApplicationClientInput, required: true, description: 'The client.' }) },
    resolve: (_root, { input: { applicationId, redirectUris, ...client } }, ctx) =>
      createApplicationClient(ctx, applicationId.id, { ...client, redirectUris: redirectUris ?? undefined }),
  }),
);

const UpdateApplicationClientInput = builder.inputType('UpdateApplicationClientInput', {
  description: 'Changes to an application client; absent fields stay as they are. The secret cannot change.',
  fields: (t) => ({
    clientId: t.globalID({ for: ApplicationClientRef, required: true, description: 'The client.' }),
    name: t.string({ required: false, description: 'New display name.' }),
    description: t.string({ required: false, description: 'New description; null clears it.' }),
    redirectUris: t.stringList({ required: false, description: 'New redirect URIs, replacing the old ones (same rules as at creation).' }),
  }),
});

builder.mutationField('updateApplicationClient', (t) =>
  t.field({
    type: UpdateApplicationClientPayload,
    description: `Renames, re-describes or re-points an application client. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('UpdateApplicationClientResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: UpdateApplicationClientInput, required: true, description: 'The changes.' }) },
    resolve: async (_root, { input: { clientId, name, description, redirectUris } }, ctx) => ({
      clientId: await updateApplicationClient(ctx, clientId.id, { name: name ?? undefined, description, redirectUris: redirectUris ?? undefined }),
    }),
  }),
);

const ApplicationClientIdInput = builder.inputType('ApplicationClientIdInput', {
  description: 'Names one application client.',
  fields: (t) => ({ clientId: t.globalID({ for: ApplicationClientRef, required: true, description: 'The client.' }) }),
});

builder.mutationField('deleteApplicationClient', (t) =>
  t.field({
    type: DeleteApplicationClientPayload,
    description: `Deletes an application client; its secret stops working. ${PLATFORM_ADMIN_ONLY}`,
    errors: mutationErrors('DeleteApplicationClientResult'),
    authScopes: { action: 'platform.manage' },
    args: { input: t.arg({ type: ApplicationClientIdInput, required: true, description: 'The client.' }) },
    resolve: (_root, { input }, ctx) => deleteApplicationClient(ctx, input.clientId.id),
  }),
);

// ---- Per organization

const OrganizationApplicationInput = builder.inputType('OrganizationApplicationInput', {
  description: 'An organization and a catalog application.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    applicationId: t.globalID({ for: ApplicationRef, required: true, description: 'The application.' }),
  }),
});

builder.mutationField('enableApplication', (t) =>
  t.field({
    type: organizationApplicationPayload('EnableApplicationPayload', 'The organization and the application now enabled for it.'),
    description: 'Enables a catalog application for an organization. Needs application:write there; CONFLICT when it is already enabled.',
    errors: mutationErrors('EnableApplicationResult'),
    authScopes: { action: 'application.enable' },
    args: { input: t.arg({ type: OrganizationApplicationInput, required: true, description: 'The organization and application.' }) },
    resolve: async (_root, { input }, ctx) => {
      await enableApplication(ctx, input.organizationId.id, input.applicationId.id);
      return { organizationId: input.organizationId.id, applicationId: input.applicationId.id };
    },
  }),
);

builder.mutationField('disableApplication', (t) =>
  t.field({
    type: organizationApplicationPayload('DisableApplicationPayload', 'The organization and the application no longer enabled for it.'),
    description: 'Disables an application for an organization. Needs application:write there; CONFLICT when it is not enabled.',
    errors: mutationErrors('DisableApplicationResult'),
    authScopes: { action: 'application.enable' },
    args: { input: t.arg({ type: OrganizationApplicationInput, required: true, description: 'The organization and application.' }) },
    resolve: async (_root, { input }, ctx) => {
      await disableApplication(ctx, input.organizationId.id, input.applicationId.id);
      return { organizationId: input.organizationId.id, applicationId: input.applicationId.id };
    },
  }),
);
