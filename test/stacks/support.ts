import type { TestApp } from '../helpers/app.js';
import { gid } from '../helpers/fixtures.js';
import { expectAuditedMutation, expectRefusedMutation, runMutation, type Caller, type ExpectedAudit } from '../helpers/mutations.js';
import { rawId } from '../members/support.js';

// Shared documents and setup for the stack tests. Each mutation is aliased `result` so that
// `run` returns the union value whatever the mutation.

export { newOrg, rawId } from '../members/support.js';
export type { TestOrg as TestOrgLike } from '../members/support.js';

const FAILURE = `... on Error { code message } ... on NotFoundError { resource } ... on ValidationError { fields { path message } }`;
export const STACK = `id name status version stargateEnabled deletedAt restorableUntil upgradableVersions region { id } organization { id }
  modules { name enabled version }`;

const mutation = (field: string, inputType: string, payload: string) =>
  `mutation($input: ${inputType}!) { result: ${field}(input: $input) { __typename ${FAILURE} ${payload} } }`;
const withStack = (field: string, inputType: string, payloadType: string) => mutation(field, inputType, `... on ${payloadType} { stack { ${STACK} } }`);

export const CREATE_STACK = withStack('createStack', 'CreateStackInput', 'CreateStackPayload');
export const UPDATE_STACK = withStack('updateStack', 'UpdateStackInput', 'UpdateStackPayload');
export const DELETE_STACK = mutation('deleteStack', 'StackIdInput', `... on DeleteStackPayload { deletedStackId organization { id } stack { ${STACK} } }`);
export const RESTORE_STACK = withStack('restoreStack', 'StackIdInput', 'RestoreStackPayload');
export const ENABLE_STACK = withStack('enableStack', 'StackIdInput', 'EnableStackPayload');
export const DISABLE_STACK = withStack('disableStack', 'StackIdInput', 'DisableStackPayload');
export const ENABLE_STARGATE = withStack('enableStargate', 'StackIdInput', 'EnableStargatePayload');
export const DISABLE_STARGATE = withStack('disableStargate', 'StackIdInput', 'DisableStargatePayload');
export const UPGRADE_STACK = withStack('upgradeStack', 'UpgradeStackInput', 'UpgradeStackPayload');
export const ENABLE_MODULE = mutation('enableStackModule', 'StackModuleInput', `... on EnableStackModulePayload { module { name enabled version } stack { ${STACK} } }`);
export const DISABLE_MODULE = mutation('disableStackModule', 'StackModuleInput', `... on DisableStackModulePayload { module { name enabled version } stack { ${STACK} } }`);
export const SET_ACCESS = mutation(
  'setStackUserAccess',
  'SetStackUserAccessInput',
  `... on SetStackUserAccessPayload { access { role stack { id } member { id } viewerCan { update remove assignableRoles } } }`,
);
export const REMOVE_ACCESS = mutation('removeStackUserAccess', 'StackMemberInput', `... on RemoveStackUserAccessPayload { stack { id } member { id } }`);

export const STACK_BY_ID = `query($id: ID!) { stack(id: $id) { ${STACK} } }`;

/** Runs a mutation as a user (email) or with request options; returns the union value and the request id. */
export const run = runMutation;

/** Everything a stack mutation could touch, to show that a refused one changed nothing. */
export async function snapshot(t: TestApp) {
  const [stacks, modules, access, audit] = await Promise.all([
    t.prisma.stack.findMany({ orderBy: { id: 'asc' } }),
    t.prisma.stackModule.findMany({ orderBy: [{ stackId: 'asc' }, { name: 'asc' }] }),
    t.prisma.stackUserAccess.findMany({ orderBy: [{ stackId: 'asc' }, { memberId: 'asc' }] }),
    t.prisma.auditLog.count(),
  ]);
  return { stacks, modules, access, audit };
}

/** Runs the mutation, expects the typed error `typename` and an unchanged database (no audit entry either). */
export const expectRefused = (t: TestApp, document: string, input: Record<string, unknown>, as: Caller, typename: string) =>
  expectRefusedMutation(t, snapshot, document, input, as, typename);

/** Runs the mutation as a user, expects the payload and exactly one new audit entry on the stack, which it returns. */
export const expectAudited = (t: TestApp, document: string, input: Record<string, unknown>, as: string, expected: Omit<ExpectedAudit, 'targetType'>) =>
  expectAuditedMutation(t, document, input, as, { ...expected, targetType: 'Stack' });

export const VERSIONS = ['v2.0.0', 'v2.1.0', 'v2.2.0'];
let count = 0;

/** A region made directly in the database (setup); global id. organizationId null: public. */
export async function newRegion(t: TestApp, organizationId: string | null, versions = VERSIONS): Promise<string> {
  const region = await t.prisma.region.create({ data: { organizationId, name: `stack-region-${++count}`, versions } });
  return gid('Region', region.id);
}

/** A stack made directly in the database (setup, for tests of something else than createStack); global id. */
export async function newStack(
  t: TestApp,
  organizationId: string,
  region: string,
  data: { name?: string; version?: string; status?: 'ACTIVE' | 'DISABLED'; deletedAt?: Date | null; stargateEnabled?: boolean } = {},
): Promise<string> {
  const version = data.version ?? 'v2.0.0';
  const stack = await t.prisma.stack.create({
    data: {
      organizationId,
      regionId: rawId(region),
      name: data.name ?? `stack-${++count}`,
      version,
      status: data.status ?? 'ACTIVE',
      deletedAt: data.deletedAt ?? null,
      stargateEnabled: data.stargateEnabled ?? false,
      modules: { create: [{ name: 'ledger', version }] },
    },
  });
  return gid('Stack', stack.id);
}

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
