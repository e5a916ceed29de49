import { expectRefusedWith, mutationDocument } from '../helpers/mutations.js';
import { snapshotOf } from '../helpers/no-change.js';

// Documents and checks of the stack tests alone. Each mutation is aliased `result` so that
// runMutation (test/helpers/mutations.ts) returns the union value whatever the mutation.

export const STACK = `id name status version stargateEnabled deletedAt restorableUntil upgradableVersions region { id } organization { id }
  modules { name enabled version }`;

const withStack = (field: string, inputType: string, payloadType: string) => mutationDocument(field, inputType, `... on ${payloadType} { stack { ${STACK} } }`);

export const CREATE_STACK = withStack('createStack', 'CreateStackInput', 'CreateStackPayload');
export const UPDATE_STACK = withStack('updateStack', 'UpdateStackInput', 'UpdateStackPayload');
export const DELETE_STACK = mutationDocument(
  'deleteStack',
  'StackIdInput',
  `... on DeleteStackPayload { deletedStackId organization { id } stack { ${STACK} } }`,
);
export const RESTORE_STACK = withStack('restoreStack', 'StackIdInput', 'RestoreStackPayload');
export const ENABLE_STACK = withStack('enableStack', 'StackIdInput', 'EnableStackPayload');
export const DISABLE_STACK = withStack('disableStack', 'StackIdInput', 'DisableStackPayload');
export const ENABLE_STARGATE = withStack('enableStargate', 'StackIdInput', 'EnableStargatePayload');
export const DISABLE_STARGATE = withStack('disableStargate', 'StackIdInput', 'DisableStargatePayload');
export const UPGRADE_STACK = withStack('upgradeStack', 'UpgradeStackInput', 'UpgradeStackPayload');
export const ENABLE_MODULE = mutationDocument(
  'enableStackModule',
  'StackModuleInput',
  `... on EnableStackModulePayload { module { name enabled version } stack { ${STACK} } }`,
);
export const DISABLE_MODULE = mutationDocument(
  'disableStackModule',
  'StackModuleInput',
  `... on DisableStackModulePayload { module { name enabled version } stack { ${STACK} } }`,
);
export const SET_ACCESS = mutationDocument(
  'setStackUserAccess',
  'SetStackUserAccessInput',
  `... on SetStackUserAccessPayload { access { role stack { id } member { id } viewerCan { update remove assignableRoles } } }`,
);
export const REMOVE_ACCESS = mutationDocument(
  'removeStackUserAccess',
  'StackMemberInput',
  `... on RemoveStackUserAccessPayload { stack { id } member { id } }`,
);

export const STACK_BY_ID = `query($id: ID!) { stack(id: $id) { ${STACK} } }`;

/** Runs the mutation, expects the typed error `typename` and an unchanged database (no audit entry either). */
export const expectRefused = expectRefusedWith(snapshotOf(['stack', 'stackModule', 'stackUserAccess']));

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
