import type { TestApp } from './app.js';
import { gid, rawId } from './ids.js';

// Regions and stacks written directly in the database: setup for the tests of the region and
// stack domains, whichever of the two is not under test.

/** The versions a region offers unless a test says otherwise, oldest first. */
export const VERSIONS = ['v2.0.0', 'v2.1.0', 'v2.2.0'];

let count = 0;

/** A region; its global id. organizationId null: a public region. */
export async function newRegion(t: TestApp, organizationId: string | null, versions = VERSIONS, name = `region-${++count}`): Promise<string> {
  const region = await t.prisma.region.create({ data: { organizationId, name, versions } });
  return gid('Region', region.id);
}

/** A stack in the region (global id), with the ledger module; its global id. */
export async function newStack(
  t: TestApp,
  organizationId: string,
  region: string,
  data: { name?: string; version?: string; status?: 'ACTIVE' | 'DISABLED'; deletedAt?: Date | null; stargateEnabled?: boolean } = {},
): Promise<string> {
  const version = data.version ?? VERSIONS[0]!;
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
