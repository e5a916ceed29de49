import type { TestApp } from '../../helpers/app.js';
import { gid } from '../../helpers/fixtures.js';
import type { Entry } from '../entry-kit.js';
import { nextUnique, rawId, send, write } from '../entry-kit.js';
import type { Fixture } from '../principals.js';

// Stacks: reading needs stack:read, every change stack:write in the stack's organization.
// Each run gets a fresh public region and a fresh stack of the fixture's organization.

const VERSIONS = ['v2.0.0', 'v2.1.0', 'v2.2.0'];

async function freshRegion(t: TestApp): Promise<string> {
  const region = await t.prisma.region.create({ data: { organizationId: null, name: `matrix-stack-region-${nextUnique()}`, versions: VERSIONS } });
  return gid('Region', region.id);
}

/** A fresh stack (setup, not under test) with the ledger module; global id. */
export async function freshStack(
  t: TestApp,
  f: Fixture,
  data: { status?: 'ACTIVE' | 'DISABLED'; deletedAt?: Date; stargateEnabled?: boolean } = {},
): Promise<string> {
  const region = await freshRegion(t);
  const stack = await t.prisma.stack.create({
    data: {
      organizationId: f.orgId,
      regionId: rawId(region),
      name: `matrix-stack-${nextUnique()}`,
      version: 'v2.0.0',
      ...data,
      modules: { create: [{ name: 'ledger', version: 'v2.0.0' }] },
    },
  });
  return gid('Stack', stack.id);
}

const stackIds = new Map<Fixture, string>();
const stackOnly =
  (data: Parameters<typeof freshStack>[2] = {}) =>
  async (t: TestApp, f: Fixture) => ({ stackId: await freshStack(t, f, data) });

export const ENTRIES: Record<string, Entry> = {
  'Query.stack': {
    scope: 'stack:read',
    allowed: ['owner', 'admin', 'member', 'clientWithScope'],
    run: async (t, f, who) => {
      stackIds.set(f, await freshStack(t, f));
      return send(t, f, who, 'stack:read', `query($id: ID!) { stack(id: $id) { id } }`, { id: stackIds.get(f) });
    },
    granted: (response, f) => (response.data as { stack?: { id: string } | null } | undefined)?.stack?.id === stackIds.get(f),
  },

  'Mutation.createStack': write('createStack', 'CreateStackInput', 'stack:write', async (t, f) => ({
    organizationId: f.org,
    regionId: await freshRegion(t),
    name: `new-${nextUnique()}`,
  })),
  'Mutation.updateStack': write('updateStack', 'UpdateStackInput', 'stack:write', async (t, f) => ({
    stackId: await freshStack(t, f),
    name: `renamed-${nextUnique()}`,
  })),
  'Mutation.deleteStack': write('deleteStack', 'StackIdInput', 'stack:write', stackOnly()),
  'Mutation.restoreStack': write('restoreStack', 'StackIdInput', 'stack:write', stackOnly({ deletedAt: new Date(Date.now() - 86_400_000) })),
  'Mutation.enableStack': write('enableStack', 'StackIdInput', 'stack:write', stackOnly({ status: 'DISABLED' })),
  'Mutation.disableStack': write('disableStack', 'StackIdInput', 'stack:write', stackOnly()),
  'Mutation.enableStargate': write('enableStargate', 'StackIdInput', 'stack:write', stackOnly()),
  'Mutation.disableStargate': write('disableStargate', 'StackIdInput', 'stack:write', stackOnly({ stargateEnabled: true })),
  'Mutation.upgradeStack': write('upgradeStack', 'UpgradeStackInput', 'stack:write', async (t, f) => ({ stackId: await freshStack(t, f), version: 'v2.1.0' })),
  'Mutation.enableStackModule': write('enableStackModule', 'StackModuleInput', 'stack:write', async (t, f) => ({
    stackId: await freshStack(t, f),
    module: 'search',
  })),
  'Mutation.disableStackModule': write('disableStackModule', 'StackModuleInput', 'stack:write', async (t, f) => ({
    stackId: await freshStack(t, f),
    module: 'ledger',
  })),
  // The target is the fixture's GUEST: the client with the scope also holds a GUEST's scopes (write() adds them).
  'Mutation.setStackUserAccess': write('setStackUserAccess', 'SetStackUserAccessInput', 'stack:write', async (t, f) => ({
    stackId: await freshStack(t, f),
    memberId: f.memberIds.guest,
    role: 'VIEWER',
  })),
  'Mutation.removeStackUserAccess': write('removeStackUserAccess', 'StackMemberInput', 'stack:write', async (t, f) => {
    const stackId = await freshStack(t, f);
    await t.prisma.stackUserAccess.create({ data: { stackId: rawId(stackId), memberId: rawId(f.memberIds.guest), role: 'VIEWER' } });
    return { stackId, memberId: f.memberIds.guest };
  }),
};
