import type { StackStatus } from '../../db/generated/prisma/enums.js';
import {
  createStack,
  deleteStack,
  disableStackModule,
  enableStackModule,
  removeStackUserAccess,
  restoreStack,
  setStackStatus,
  setStackUserAccess,
  setStargate,
  updateStack,
  upgradeStack,
} from '../../services/stacks.js';
import { STACK_MODULES } from '../../db/stack-modules.js';
import { builder } from '../builder.js';
import { MemberRef } from '../member/member.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { RegionRef } from '../region/region.type.js';
import { mutationErrors } from '../shared/errors.js';
import { DeleteStackPayload, RemoveStackUserAccessPayload, SetStackUserAccessPayload, stackModulePayload, stackPayload } from './stack.payload.js';
import { StackRef, StackRoleEnum } from './stack.type.js';

// Every stack mutation needs stack:write in the stack's organization; a deleted stack refuses
// every change but restoreStack (CONFLICT).

const CreateStackInput = builder.inputType('CreateStackInput', {
  description: 'A new stack.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    regionId: t.globalID({ for: RegionRef, required: true, description: 'A public region, or a private region of the same organization.' }),
    name: t.string({ required: true, description: 'Display name, 1 to 100 characters, unique among the organization’s live stacks.' }),
    version: t.string({ required: false, description: 'A version the region offers; by default its newest.' }),
  }),
});

builder.mutationField('createStack', (t) =>
  t.field({
    type: stackPayload('CreateStackPayload', 'The stack created, with its default modules.'),
    description: 'Creates a stack in a region, enabled, with the default modules (auth, ledger, payments, wallets, webhooks) at its version. Needs stack:write.',
    errors: mutationErrors('CreateStackResult'),
    authScopes: { action: 'stack.create' },
    args: { input: t.arg({ type: CreateStackInput, required: true, description: 'The stack.' }) },
    resolve: async (_root, { input: { organizationId, regionId, name, version } }, ctx) => ({
      stackId: await createStack(ctx, organizationId.id, regionId.id, { name, version }),
    }),
  }),
);

const UpdateStackInput = builder.inputType('UpdateStackInput', {
  description: 'A new name for a stack.',
  fields: (t) => ({
    stackId: t.globalID({ for: StackRef, required: true, description: 'The stack.' }),
    name: t.string({ required: true, description: 'New display name, 1 to 100 characters, unique among the organization’s live stacks.' }),
  }),
});

builder.mutationField('updateStack', (t) =>
  t.field({
    type: stackPayload('UpdateStackPayload', 'The updated stack.'),
    description: 'Renames a stack. Needs stack:write.',
    errors: mutationErrors('UpdateStackResult'),
    authScopes: { action: 'stack.update' },
    args: { input: t.arg({ type: UpdateStackInput, required: true, description: 'The change.' }) },
    resolve: async (_root, { input }, ctx) => ({ stackId: await updateStack(ctx, input.stackId.id, { name: input.name }) }),
  }),
);

const StackIdInput = builder.inputType('StackIdInput', {
  description: 'Names one stack.',
  fields: (t) => ({ stackId: t.globalID({ for: StackRef, required: true, description: 'The stack.' }) }),
});

builder.mutationField('deleteStack', (t) =>
  t.field({
    type: DeleteStackPayload,
    description: 'Deletes a stack softly: it disappears from lists (unless includeDeleted) and can be restored within the retention period. Needs stack:write.',
    errors: mutationErrors('DeleteStackResult'),
    authScopes: { action: 'stack.update' },
    args: { input: t.arg({ type: StackIdInput, required: true, description: 'The stack.' }) },
    resolve: (_root, { input }, ctx) => deleteStack(ctx, input.stackId.id),
  }),
);

builder.mutationField('restoreStack', (t) =>
  t.field({
    type: stackPayload('RestoreStackPayload', 'The restored stack.'),
    description:
      'Brings a deleted stack back, within the retention period (see Stack.restorableUntil). Needs stack:write; CONFLICT when it is not deleted, the period is over, or a live stack has its name.',
    errors: mutationErrors('RestoreStackResult'),
    authScopes: { action: 'stack.update' },
    args: { input: t.arg({ type: StackIdInput, required: true, description: 'The deleted stack.' }) },
    resolve: async (_root, { input }, ctx) => ({ stackId: await restoreStack(ctx, input.stackId.id) }),
  }),
);

function statusMutation(field: string, status: StackStatus, payload: string, description: string) {
  builder.mutationField(field, (t) =>
    t.field({
      type: stackPayload(payload, `The stack, now ${status}.`),
      description,
      errors: mutationErrors(`${field[0]!.toUpperCase()}${field.slice(1)}Result`),
      authScopes: { action: 'stack.update' },
      args: { input: t.arg({ type: StackIdInput, required: true, description: 'The stack.' }) },
      resolve: async (_root, { input }, ctx) => ({ stackId: await setStackStatus(ctx, input.stackId.id, status) }),
    }),
  );
}

statusMutation('enableStack', 'ACTIVE', 'EnableStackPayload', 'Enables a disabled stack (status ACTIVE). Needs stack:write; CONFLICT when it is already enabled.');
statusMutation('disableStack', 'DISABLED', 'DisableStackPayload', 'Disables a stack (status DISABLED): it is kept but serves nothing. Needs stack:write; CONFLICT when it is already disabled.');

function stargateMutation(field: string, enabled: boolean, payload: string, description: string) {
  builder.mutationField(field, (t) =>
    t.field({
      type: stackPayload(payload, `The stack, with Stargate ${enabled ? 'on' : 'off'}.`),
      description,
      errors: mutationErrors(`${field[0]!.toUpperCase()}${field.slice(1)}Result`),
      authScopes: { action: 'stack.update' },
      args: { input: t.arg({ type: StackIdInput, required: true, description: 'The stack.' }) },
      resolve: async (_root, { input }, ctx) => ({ stackId: await setStargate(ctx, input.stackId.id, enabled) }),
    }),
  );
}

stargateMutation('enableStargate', true, 'EnableStargatePayload', 'Turns Stargate on for a stack. Needs stack:write; CONFLICT when it is already on.');
stargateMutation('disableStargate', false, 'DisableStargatePayload', 'Turns Stargate off for a stack. Needs stack:write; CONFLICT when it is already off.');

const UpgradeStackInput = builder.inputType('UpgradeStackInput', {
  description: 'A stack and the version to upgrade it to.',
  fields: (t) => ({
    stackId: t.globalID({ for: StackRef, required: true, description: 'The stack.' }),
    version: t.string({ required: true, description: 'A version the stack’s region offers, newer than the stack’s (see Stack.upgradableVersions).' }),
  }),
});

builder.mutationField('upgradeStack', (t) =>
  t.field({
    type: stackPayload('UpgradeStackPayload', 'The upgraded stack.'),
    description: 'Upgrades a stack and its modules to a newer version its region offers. Needs stack:write; BAD_USER_INPUT for any other version.',
    errors: mutationErrors('UpgradeStackResult'),
    authScopes: { action: 'stack.update' },
    args: { input: t.arg({ type: UpgradeStackInput, required: true, description: 'The stack and version.' }) },
    resolve: async (_root, { input }, ctx) => ({ stackId: await upgradeStack(ctx, input.stackId.id, { version: input.version }) }),
  }),
);

const StackModuleInput = builder.inputType('StackModuleInput', {
  description: 'A stack and one module of the catalog.',
  fields: (t) => ({
    stackId: t.globalID({ for: StackRef, required: true, description: 'The stack.' }),
    module: t.string({ required: true, description: `Name of the module: one of ${STACK_MODULES.join(', ')}.` }),
  }),
});

builder.mutationField('enableStackModule', (t) =>
  t.field({
    type: stackModulePayload('EnableStackModulePayload', 'The stack and the module, now enabled.'),
    description: 'Enables a module on a stack, at the stack’s version. Needs stack:write; CONFLICT when it is already enabled.',
    errors: mutationErrors('EnableStackModuleResult'),
    authScopes: { action: 'stack.update' },
    args: { input: t.arg({ type: StackModuleInput, required: true, description: 'The stack and module.' }) },
    resolve: async (_root, { input }, ctx) => ({ stackId: await enableStackModule(ctx, input.stackId.id, { module: input.module }), module: input.module }),
  }),
);

builder.mutationField('disableStackModule', (t) =>
  t.field({
    type: stackModulePayload('DisableStackModulePayload', 'The stack and the module, now disabled.'),
    description: 'Disables a module of a stack (it stays listed, disabled). Needs stack:write; CONFLICT when it is not enabled.',
    errors: mutationErrors('DisableStackModuleResult'),
    authScopes: { action: 'stack.update' },
    args: { input: t.arg({ type: StackModuleInput, required: true, description: 'The stack and module.' }) },
    resolve: async (_root, { input }, ctx) => ({ stackId: await disableStackModule(ctx, input.stackId.id, { module: input.module }), module: input.module }),
  }),
);

const SetStackUserAccessInput = builder.inputType('SetStackUserAccessInput', {
  description: 'A member of the stack’s organization and the role to give it on the stack.',
  fields: (t) => ({
    stackId: t.globalID({ for: StackRef, required: true, description: 'The stack.' }),
    memberId: t.globalID({ for: MemberRef, required: true, description: 'A member of the stack’s organization.' }),
    role: t.field({ type: StackRoleEnum, required: true, description: 'The role on the stack; at most the caller’s own stack role.' }),
  }),
});

builder.mutationField('setStackUserAccess', (t) =>
  t.field({
    type: SetStackUserAccessPayload,
    description:
      'Gives a member a role on a stack, replacing any it had. Needs stack:write and a stack role (organization owners and admins count as ADMIN) at least the role given and the member’s current one, and an organization rank at least the member’s.',
    errors: mutationErrors('SetStackUserAccessResult'),
    authScopes: { action: 'stack.manageAccess' },
    args: { input: t.arg({ type: SetStackUserAccessInput, required: true, description: 'The stack, member and role.' }) },
    resolve: async (_root, { input }, ctx) => {
      await setStackUserAccess(ctx, input.stackId.id, input.memberId.id, input.role);
      return { stackId: input.stackId.id, memberId: input.memberId.id };
    },
  }),
);

const StackMemberInput = builder.inputType('StackMemberInput', {
  description: 'A stack and a member of its organization.',
  fields: (t) => ({
    stackId: t.globalID({ for: StackRef, required: true, description: 'The stack.' }),
    memberId: t.globalID({ for: MemberRef, required: true, description: 'The member.' }),
  }),
});

builder.mutationField('removeStackUserAccess', (t) =>
  t.field({
    type: RemoveStackUserAccessPayload,
    description:
      'Takes a member’s access to a stack away. Needs stack:write and a stack role at least the member’s, and an organization rank at least the member’s; CONFLICT when it has no access.',
    errors: mutationErrors('RemoveStackUserAccessResult'),
    authScopes: { action: 'stack.manageAccess' },
    args: { input: t.arg({ type: StackMemberInput, required: true, description: 'The stack and member.' }) },
    resolve: async (_root, { input }, ctx) => {
      await removeStackUserAccess(ctx, input.stackId.id, input.memberId.id);
      return { stackId: input.stackId.id, memberId: input.memberId.id };
    },
  }),
);
