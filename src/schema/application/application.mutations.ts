import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import {
  createApplicationClient,
  deleteApplicationClient,
  rotateApplicationClientSecret,
  updateApplicationClient,
} from '../../services/application-clients.js';
import {
  addApplicationScopeDelegation,
  createApplicationScope,
  deleteApplicationScope,
  removeApplicationScopeDelegation,
} from '../../services/application-scopes.js';
import { createApplication, deleteApplication, disableApplication, enableApplication, updateApplication } from '../../services/applications.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationTaking, mutationWithInput } from '../shared/mutation.js';
import {
  applicationPayload,
  CreateApplicationClientPayload,
  CreateApplicationScopePayload,
  DeleteApplicationClientPayload,
  DeleteApplicationPayload,
  DeleteApplicationScopePayload,
  delegationPayload,
  organizationApplicationPayload,
  RotateApplicationClientSecretPayload,
  UpdateApplicationClientPayload,
} from './application.payload.js';
import { ApplicationClientRef, ApplicationRef, ApplicationScopeRef } from './application.type.js';

// The catalog is the platform admins' (UNAUTHENTICATED for anonymous callers, FORBIDDEN for
// anyone else); enabling an application is an organization's (application:write there).

const PLATFORM_ADMIN_ONLY = 'Platform admins only.';

// ---- Applications

builder.mutationField('createApplication', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { type: 'A new catalog application.', argument: 'The application.' }),
    type: applicationPayload('CreateApplicationPayload', 'The application added to the catalog.'),
    description: `Adds an application to the catalog; CONFLICT when the alias is taken. ${PLATFORM_ADMIN_ONLY}`,
    input: {
      name: t.input.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
      alias: t.input.string({ required: true, description: 'Short unique name: a lower-case slug (a-z, digits, single hyphens), 1 to 50 characters.' }),
      description: t.input.string({ required: false, description: 'Free text, up to 1000 characters.' }),
      url: t.input.string({ required: false, description: 'Where the application lives: an http:// or https:// URL.' }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createApplication', idempotencyKey, input, async () => ({ applicationId: await createApplication(ctx, input) })),
  }),
);

builder.mutationField('updateApplication', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { type: 'Changes to a catalog application; absent fields stay as they are.', argument: 'The changes.' }),
    type: applicationPayload('UpdateApplicationPayload', 'The updated application.'),
    description: `Changes a catalog application; CONFLICT when the new alias is taken. ${PLATFORM_ADMIN_ONLY}`,
    input: {
      applicationId: t.input.globalID({ for: ApplicationRef, required: true, description: 'The application.' }),
      name: t.input.string({ required: false, description: 'New display name.' }),
      alias: t.input.string({ required: false, description: 'New alias (unique lower-case slug).' }),
      description: t.input.string({ required: false, description: 'New description; null clears it.' }),
      url: t.input.string({ required: false, description: 'New http(s) URL; null clears it.' }),
    },
    resolve: async (_root, { input: { applicationId, name, alias, description, url } }, ctx) => ({
      applicationId: await updateApplication(ctx, applicationId.id, { name: name ?? undefined, alias: alias ?? undefined, description, url }),
    }),
  }),
);

builder.mutationField('deleteApplication', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { name: 'ApplicationIdInput', type: 'Names one catalog application.', argument: 'The application.' }),
    type: DeleteApplicationPayload,
    description: `Removes an application from the catalog with its scopes and clients; it is disabled in every organization that enabled it. ${PLATFORM_ADMIN_ONLY}`,
    input: { applicationId: t.input.globalID({ for: ApplicationRef, required: true, description: 'The application.' }) },
    resolve: (_root, { input }, ctx) => deleteApplication(ctx, input.applicationId.id),
  }),
);

// ---- Scopes and delegations

builder.mutationField('createApplicationScope', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { type: 'A new scope of an application.', argument: 'The scope.' }),
    type: CreateApplicationScopePayload,
    description: `Adds a scope to an application; CONFLICT when the label is taken there. ${PLATFORM_ADMIN_ONLY}`,
    input: {
      applicationId: t.input.globalID({ for: ApplicationRef, required: true, description: 'The application.' }),
      label: t.input.string({
        required: true,
        description:
          'Name of the scope, unique in the application (case-insensitively): letters, digits and : . _ -, starting with a letter or digit, e.g. ledger:read.',
      }),
      description: t.input.string({ required: false, description: 'What the scope allows, up to 1000 characters.' }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createApplicationScope', idempotencyKey, input, async () => {
        const { applicationId, ...scope } = input;
        return { scopeId: await createApplicationScope(ctx, applicationId.id, scope) };
      }),
  }),
);

builder.mutationField('deleteApplicationScope', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { name: 'ApplicationScopeIdInput', type: 'Names one application scope.', argument: 'The scope.' }),
    type: DeleteApplicationScopePayload,
    description: `Deletes an application scope with every delegation from and to it. ${PLATFORM_ADMIN_ONLY}`,
    input: { scopeId: t.input.globalID({ for: ApplicationScopeRef, required: true, description: 'The scope.' }) },
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
    ...mutationTaking(t.arg, 'platform.manage', ApplicationScopeDelegationInput, 'The delegation.'),
    type: delegationPayload('AddApplicationScopeDelegationPayload', 'Both scopes, the first now delegating to the second.'),
    description: `Makes a scope also grant another scope of the same application. BAD_USER_INPUT for a scope of another application, the scope itself, or a delegation that would close a cycle; CONFLICT when it exists. ${PLATFORM_ADMIN_ONLY}`,
    resolve: async (_root, { input }, ctx) => {
      await addApplicationScopeDelegation(ctx, input.scopeId.id, input.delegatesToScopeId.id);
      return { scopeId: input.scopeId.id, delegatesToId: input.delegatesToScopeId.id };
    },
  }),
);

builder.mutationField('removeApplicationScopeDelegation', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'platform.manage', ApplicationScopeDelegationInput, 'The delegation.'),
    type: delegationPayload('RemoveApplicationScopeDelegationPayload', 'Both scopes, the first no longer delegating to the second.'),
    description: `Removes a delegation between two scopes; CONFLICT when there is none. ${PLATFORM_ADMIN_ONLY}`,
    resolve: async (_root, { input }, ctx) => {
      await removeApplicationScopeDelegation(ctx, input.scopeId.id, input.delegatesToScopeId.id);
      return { scopeId: input.scopeId.id, delegatesToId: input.delegatesToScopeId.id };
    },
  }),
);

// ---- Clients

builder.mutationField('createApplicationClient', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', { type: 'A new OAuth client of an application.', argument: 'The client.' }),
    type: CreateApplicationClientPayload,
    description: `Creates an OAuth client of an application and returns its secret, once. ${PLATFORM_ADMIN_ONLY}`,
    input: {
      applicationId: t.input.globalID({ for: ApplicationRef, required: true, description: 'The application.' }),
      name: t.input.string({ required: true, description: 'Display name, 1 to 100 characters.' }),
      description: t.input.string({ required: false, description: 'Free text, up to 1000 characters.' }),
      redirectUris: t.input.stringList({
        required: false,
        description:
          'Absolute URIs without a fragment, at most 20; not javascript:, data:, vbscript:, file: or blob:. Default: none. Stored only: see ApplicationClient.redirectUris.',
      }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createApplicationClient', idempotencyKey, input, () => {
        const { applicationId, redirectUris, ...client } = input;
        return createApplicationClient(ctx, applicationId.id, { ...client, redirectUris: redirectUris ?? undefined });
      }),
  }),
);

builder.mutationField('updateApplicationClient', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('platform.manage', {
      type: 'Changes to an application client; absent fields stay as they are. The secret cannot change.',
      argument: 'The changes.',
    }),
    type: UpdateApplicationClientPayload,
    description: `Renames, re-describes or re-points an application client. ${PLATFORM_ADMIN_ONLY}`,
    input: {
      clientId: t.input.globalID({ for: ApplicationClientRef, required: true, description: 'The client.' }),
      name: t.input.string({ required: false, description: 'New display name.' }),
      description: t.input.string({ required: false, description: 'New description; null clears it.' }),
      redirectUris: t.input.stringList({ required: false, description: 'New redirect URIs, replacing the old ones (same rules as at creation).' }),
    },
    resolve: async (_root, { input: { clientId, name, description, redirectUris } }, ctx) => ({
      clientId: await updateApplicationClient(ctx, clientId.id, { name: name ?? undefined, description, redirectUris: redirectUris ?? undefined }),
    }),
  }),
);

const ApplicationClientIdInput = builder.inputType('ApplicationClientIdInput', {
  description: 'Names one application client.',
  fields: (t) => ({ clientId: t.globalID({ for: ApplicationClientRef, required: true, description: 'The client.' }) }),
});

builder.mutationField('rotateApplicationClientSecret', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'platform.manage', ApplicationClientIdInput, 'The client.'),
    type: RotateApplicationClientSecretPayload,
    description: `Gives an application client a new secret, returned once. The old secret and every token issued for it stop working at once. ${PLATFORM_ADMIN_ONLY}`,
    resolve: (_root, { input }, ctx) => rotateApplicationClientSecret(ctx, input.clientId.id),
  }),
);

builder.mutationField('deleteApplicationClient', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'platform.manage', ApplicationClientIdInput, 'The client.'),
    type: DeleteApplicationClientPayload,
    description: `Deletes an application client; its secret and every token issued to it stop working at once. ${PLATFORM_ADMIN_ONLY}`,
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
    ...mutationTaking(t.arg, 'application.enable', OrganizationApplicationInput, 'The organization and application.'),
    type: organizationApplicationPayload('EnableApplicationPayload', 'The organization and the application now enabled for it.'),
    description: 'Enables a catalog application for an organization. Needs application:write there; CONFLICT when it is already enabled.',
    resolve: async (_root, { input }, ctx) => {
      await enableApplication(ctx, input.organizationId.id, input.applicationId.id);
      return { organizationId: input.organizationId.id, applicationId: input.applicationId.id };
    },
  }),
);

builder.mutationField('disableApplication', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'application.enable', OrganizationApplicationInput, 'The organization and application.'),
    type: organizationApplicationPayload('DisableApplicationPayload', 'The organization and the application no longer enabled for it.'),
    description: 'Disables an application for an organization. Needs application:write there; CONFLICT when it is not enabled.',
    resolve: async (_root, { input }, ctx) => {
      await disableApplication(ctx, input.organizationId.id, input.applicationId.id);
      return { organizationId: input.organizationId.id, applicationId: input.applicationId.id };
    },
  }),
);
