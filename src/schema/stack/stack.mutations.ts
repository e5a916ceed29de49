import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
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
import { idInput, mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { DeleteStackPayload, RemoveStackUserAccessPayload, SetStackUserAccessPayload, stackModulePayload, stackPayload } from './stack.payload.js';
import { StackRef, StackRoleEnum } from './stack.type.js';

// Every stack mutation needs stack:write in the stack's organization; a deleted stack refuses
// every change but restoreStack (CONFLICT).

builder.mutationField('createStack', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('stack.create', { type: 'A new stack.', argument: 'The stack.' }),
    type: stackPayload('CreateStackPayload', 'The stack created, with its default modules.'),
    description:
      'Creates a stack in a region, enabled, with the default modules (auth, ledger, payments, wallets, webhooks) at its version. Needs stack:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      regionId: t.input.globalID({ for: RegionRef, required: true, description: 'A public region, or a private region of the same organization.' }),
      name: t.input.string({ required: true, description: 'Display name, 1 to 100 characters, unique among the organization’s live stacks.' }),
      version: t.input.string({ required: false, description: 'A version the region offers; by default its newest.' }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createStack', idempotencyKey, input, async () => ({
        stackId: await createStack(ctx, input.organizationId.id, input.regionId.id, { name: input.name, version: input.version }),
      })),
  }),
);

builder.mutationField('updateStack', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('stack.update', { type: 'A new name for a stack.', argument: 'The change.' }),
    type: stackPayload('UpdateStackPayload', 'The updated stack.'),
    description: 'Renames a stack. Needs stack:write.',
    input: {
      stackId: t.input.globalID({ for: StackRef, required: true, description: 'The stack.' }),
      name: t.input.string({ required: true, description: 'New display name, 1 to 100 characters, unique among the organization’s live stacks.' }),
    },
    resolve: async (_root, { input }, ctx) => ({ stackId: await updateStack(ctx, input.stackId.id, { name: input.name }) }),
  }),
);

const StackIdInput = idInput('StackIdInput', 'Names one stack.', 'stackId', StackRef, 'The stack.');

builder.mutationField('deleteStack', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'stack.update', StackIdInput, 'The stack.'),
    type: DeleteStackPayload,
    description: 'Deletes a stack softly: it disappears from lists (unless includeDeleted) and can be restored within the retention period. Needs stack:write.',
    resolve: (_root, { input }, ctx) => deleteStack(ctx, input.stackId.id),
  }),
);

builder.mutationField('restoreStack', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'stack.update', StackIdInput, 'The deleted stack.'),
    type: stackPayload('RestoreStackPayload', 'The restored stack.'),
    description:
      'Brings a deleted stack back, within the retention period (see Stack.restorableUntil). Needs stack:write; CONFLICT when it is not deleted, the period is over, or a live stack has its name.',
    resolve: async (_root, { input }, ctx) => ({ stackId: await restoreStack(ctx, input.stackId.id) }),
  }),
);

function statusMutation(field: string, status: StackStatus, payload: string, description: string) {
  builder.mutationField(field, (t) =>
    t.field({
      ...mutationTaking(t.arg, 'stack.update', StackIdInput, 'The stack.'),
      type: stackPayload(payload, `The stack, now ${status}.`),
      description,
      resolve: async (_root, { input }, ctx) => ({ stackId: await setStackStatus(ctx, input.stackId.id, status) }),
    }),
  );
}

statusMutation(
  'enableStack',
  'ACTIVE',
  'EnableStackPayload',
  'Enables a disabled stack (status ACTIVE). Needs stack:write; CONFLICT when it is already enabled.',
);
statusMutation(
  'disableStack',
  'DISABLED',
  'DisableStackPayload',
  'Disables a stack (status DISABLED): it is kept but serves nothing. Needs stack:write; CONFLICT when it is already disabled.',
);

function stargateMutation(field: string, enabled: boolean, payload: string, description: string) {
  builder.mutationField(field, (t) =>
    t.field({
      ...mutationTaking(t.arg, 'stack.update', StackIdInput, 'The stack.'),
      type: stackPayload(payload, `The stack, with Stargate ${enabled ? 'on' : 'off'}.`),
      description,
      resolve: async (_root, { input }, ctx) => ({ stackId: await setStargate(ctx, input.stackId.id, enabled) }),
    }),
  );
}

stargateMutation('enableStargate', true, 'EnableStargatePayload', 'Turns Stargate on for a stack. Needs stack:write; CONFLICT when it is already on.');
stargateMutation('disableStargate', false, 'DisableStargatePayload', 'Turns Stargate off for a stack. Needs stack:write; CONFLICT when it is already off.');

builder.mutationField('upgradeStack', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('stack.update', { type: 'A stack and the version to upgrade it to.', argument: 'The stack and version.' }),
    type: stackPayload('UpgradeStackPayload', 'The upgraded stack.'),
    description: 'Upgrades a stack and its modules to a newer version its region offers. Needs stack:write; BAD_USER_INPUT for any other version.',
    input: {
      stackId: t.input.globalID({ for: StackRef, required: true, description: 'The stack.' }),
      version: t.input.string({ required: true, description: 'A version the stack’s region offers, newer than the stack’s (see Stack.upgradableVersions).' }),
    },
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
    ...mutationTaking(t.arg, 'stack.update', StackModuleInput, 'The stack and module.'),
    type: stackModulePayload('EnableStackModulePayload', 'The stack and the module, now enabled.'),
    description: 'Enables a module on a stack, at the stack’s version. Needs stack:write; CONFLICT when it is already enabled.',
    resolve: async (_root, { input }, ctx) => ({ stackId: await enableStackModule(ctx, input.stackId.id, { module: input.module }), module: input.module }),
  }),
);

builder.mutationField('disableStackModule', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'stack.update', StackModuleInput, 'The stack and module.'),
    type: stackModulePayload('DisableStackModulePayload', 'The stack and the module, now disabled.'),
    description: 'Disables a module of a stack (it stays listed, disabled). Needs stack:write; CONFLICT when it is not enabled.',
    resolve: async (_root, { input }, ctx) => ({ stackId: await disableStackModule(ctx, input.stackId.id, { module: input.module }), module: input.module }),
  }),
);

builder.mutationField('setStackUserAccess', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('stack.manageAccess', {
      type: 'A member of the stack’s organization and the role to give it on the stack.',
      argument: 'The stack, member and role.',
    }),
    type: SetStackUserAccessPayload,
    description:
      'Gives a member a role on a stack, replacing any it had. Needs stack:write and a stack role (organization owners and admins count as ADMIN) at least the role given and the member’s current one, and an organization rank at least the member’s.',
    input: {
      stackId: t.input.globalID({ for: StackRef, required: true, description: 'The stack.' }),
      memberId: t.input.globalID({ for: MemberRef, required: true, description: 'A member of the stack’s organization.' }),
      role: t.input.field({ type: StackRoleEnum, required: true, description: 'The role on the stack; at most the caller’s own stack role.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      await setStackUserAccess(ctx, input.stackId.id, input.memberId.id, input.role);
      return { stackId: input.stackId.id, memberId: input.memberId.id };
    },
  }),
);

builder.mutationField('removeStackUserAccess', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('stack.manageAccess', {
      name: 'StackMemberInput',
      type: 'A stack and a member of its organization.',
      argument: 'The stack and member.',
    }),
    type: RemoveStackUserAccessPayload,
    description:
      'Takes a member’s access to a stack away. Needs stack:write and a stack role at least the member’s, and an organization rank at least the member’s; CONFLICT when it has no access.',
    input: {
      stackId: t.input.globalID({ for: StackRef, required: true, description: 'The stack.' }),
      memberId: t.input.globalID({ for: MemberRef, required: true, description: 'The member.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      await removeStackUserAccess(ctx, input.stackId.id, input.memberId.id);
      return { stackId: input.stackId.id, memberId: input.memberId.id };
    },
  }),
);
