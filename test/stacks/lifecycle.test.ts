import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { createTestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { raceTitle } from '../helpers/race.js';
import { newRegion, newStack } from '../helpers/regions-and-stacks.js';
import {
  CREATE_STACK,
  DELETE_STACK,
  DISABLE_MODULE,
  DISABLE_STACK,
  DISABLE_STARGATE,
  ENABLE_MODULE,
  ENABLE_STACK,
  ENABLE_STARGATE,
  RESTORE_STACK,
  SET_ACCESS,
  UPDATE_STACK,
  UPGRADE_STACK,
  daysAgo,
  expectRefused,
} from './support.js';

let t: TestApp;
let publicRegion: string;
beforeAll(async () => {
  t = await createTestApp();
  publicRegion = await newRegion(t, null);
});
afterAll(() => t.close());

describe('createStack', () => {
  it('creates a stack at the region’s newest version with the default modules, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE_STACK,
      { organizationId: o.org, regionId: publicRegion, name: ' Production ' },
      o.email.owner!,
      {
        payload: 'CreateStackPayload',
        action: 'stack.create',
        organizationId: o.orgId,
        targetType: 'Stack',
      },
    );
    expect(result.stack).toMatchObject({
      name: 'Production',
      status: 'ACTIVE',
      version: 'v2.2.0',
      stargateEnabled: false,
      deletedAt: null,
      restorableUntil: null,
      upgradableVersions: [],
      region: { id: publicRegion },
      organization: { id: o.org },
    });
    expect(result.stack.modules).toEqual(['auth', 'ledger', 'payments', 'wallets', 'webhooks'].map((name) => ({ name, enabled: true, version: 'v2.2.0' })));
    expect(entry.targetId).toBe(rawId(result.stack.id));
    expect(entry.changes).toMatchObject({ name: 'Production', regionId: rawId(publicRegion), version: 'v2.2.0' });
  });

  it('takes an offered version, and its own organization’s private region', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const privateRegion = await newRegion(t, o.orgId, ['v1.0.0', 'v1.1.0']);
    const { result } = await runMutation(
      t,
      CREATE_STACK,
      { organizationId: o.org, regionId: privateRegion, name: 'Private', version: 'v1.0.0' },
      o.email.owner!,
    );
    expect(result.stack).toMatchObject({ version: 'v1.0.0', upgradableVersions: ['v1.1.0'], region: { id: privateRegion } });
  });

  it('answers NOT_FOUND for another organization’s private region, and changes nothing', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const other = await newOrg(t, { owner: 'OWNER' });
    const foreignRegion = await newRegion(t, other.orgId);
    const refused = await expectRefused(t, CREATE_STACK, { organizationId: o.org, regionId: foreignRegion, name: 'X' }, o.email.owner!, 'NotFoundError');
    expect(refused.resource).toBe('Region');
  });

  it('answers ValidationError for a version the region does not offer, a region without versions, and a bad name', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const version = await expectRefused(
      t,
      CREATE_STACK,
      { organizationId: o.org, regionId: publicRegion, name: 'X', version: 'v9.0.0' },
      o.email.owner!,
      'ValidationError',
    );
    expect(version.fields[0].path).toEqual(['input', 'version']);
    const empty = await newRegion(t, o.orgId, []);
    const noVersion = await expectRefused(t, CREATE_STACK, { organizationId: o.org, regionId: empty, name: 'X' }, o.email.owner!, 'ValidationError');
    expect(noVersion.fields[0].path).toEqual(['input', 'regionId']);
    for (const name of ['  ', 'x'.repeat(101)]) {
      const invalid = await expectRefused(t, CREATE_STACK, { organizationId: o.org, regionId: publicRegion, name }, o.email.owner!, 'ValidationError');
      expect(invalid.fields[0].path).toEqual(['input', 'name']);
    }
  });

  it('answers ConflictError for the name of a live stack (case-insensitively), not of a deleted one', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await newStack(t, o.orgId, publicRegion, { name: 'Prod' });
    await newStack(t, o.orgId, publicRegion, { name: 'Old', deletedAt: daysAgo(1) });
    await expectRefused(t, CREATE_STACK, { organizationId: o.org, regionId: publicRegion, name: 'PROD' }, o.email.owner!, 'ConflictError');
    const { result } = await runMutation(t, CREATE_STACK, { organizationId: o.org, regionId: publicRegion, name: 'old' }, o.email.owner!);
    expect(result.__typename).toBe('CreateStackPayload');
  });

  it('is NOT_FOUND for another organization’s user, FORBIDDEN for a member without stack:write; a client with it may', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const outsider = await newOrg(t, { owner: 'OWNER' });
    const input = { organizationId: o.org, regionId: publicRegion, name: 'S' };
    await expectRefused(t, CREATE_STACK, input, outsider.email.owner!, 'NotFoundError');
    await expectRefused(t, CREATE_STACK, input, o.email.member!, 'ForbiddenError');
    const token = await clientToken(t, o.orgId, ['organization:read', 'stack:read', 'stack:write']);
    const { result } = await runMutation(t, CREATE_STACK, input, { token });
    expect(result.__typename).toBe('CreateStackPayload');
    expect(await t.prisma.auditLog.findFirst({ where: { targetId: rawId(result.stack.id) } })).toMatchObject({ actorType: 'CLIENT', action: 'stack.create' });
  });
});

describe('updateStack', () => {
  it('renames with one audit entry of the change; refuses a taken name and an empty one', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion, { name: 'Old' });
    await newStack(t, o.orgId, publicRegion, { name: 'Taken' });
    await expectRefused(t, UPDATE_STACK, { stackId: stack, name: 'taken' }, o.email.owner!, 'ConflictError');
    await expectRefused(t, UPDATE_STACK, { stackId: stack, name: '' }, o.email.owner!, 'ValidationError');
    const { result, entry } = await expectAuditedMutation(t, UPDATE_STACK, { stackId: stack, name: 'New' }, o.email.owner!, {
      payload: 'UpdateStackPayload',
      action: 'stack.update',
      organizationId: o.orgId,
      targetType: 'Stack',
      targetId: rawId(stack),
    });
    expect(result.stack.name).toBe('New');
    expect(entry.changes).toEqual({ name: { from: 'Old', to: 'New' } });
  });

  it('is NOT_FOUND for another organization and FORBIDDEN for a member', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const outsider = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion);
    const refused = await expectRefused(t, UPDATE_STACK, { stackId: stack, name: 'X' }, outsider.email.owner!, 'NotFoundError');
    expect(refused.resource).toBe('Stack');
    await expectRefused(t, UPDATE_STACK, { stackId: stack, name: 'X' }, o.email.member!, 'ForbiddenError');
  });
});

describe('deleteStack and restoreStack', () => {
  it('deletes softly, restorable for the retention period, then restores, each with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion, { name: 'Gone' });
    const { result } = await expectAuditedMutation(t, DELETE_STACK, { stackId: stack }, o.email.owner!, {
      payload: 'DeleteStackPayload',
      action: 'stack.delete',
      organizationId: o.orgId,
      targetType: 'Stack',
      targetId: rawId(stack),
    });
    expect(result).toMatchObject({ deletedStackId: stack, organization: { id: o.org } });
    const deletedAt = new Date(result.stack.deletedAt).getTime();
    expect(Date.now() - deletedAt).toBeLessThan(60_000);
    expect(new Date(result.stack.restorableUntil).getTime() - deletedAt).toBe(30 * 86_400_000);

    const restored = await expectAuditedMutation(t, RESTORE_STACK, { stackId: stack }, o.email.owner!, {
      payload: 'RestoreStackPayload',
      action: 'stack.restore',
      organizationId: o.orgId,
      targetType: 'Stack',
      targetId: rawId(stack),
    });
    expect(restored.result.stack).toMatchObject({ deletedAt: null, restorableUntil: null, name: 'Gone' });
  });

  it('a deleted stack refuses every change but restoreStack (ConflictError), deleting it again included', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const stack = await newStack(t, o.orgId, publicRegion, { deletedAt: daysAgo(1) });
    const owner = o.email.owner!;
    await expectRefused(t, DELETE_STACK, { stackId: stack }, owner, 'ConflictError');
    await expectRefused(t, UPDATE_STACK, { stackId: stack, name: 'X' }, owner, 'ConflictError');
    await expectRefused(t, DISABLE_STACK, { stackId: stack }, owner, 'ConflictError');
    await expectRefused(t, ENABLE_STARGATE, { stackId: stack }, owner, 'ConflictError');
    await expectRefused(t, UPGRADE_STACK, { stackId: stack, version: 'v2.1.0' }, owner, 'ConflictError');
    await expectRefused(t, ENABLE_MODULE, { stackId: stack, module: 'search' }, owner, 'ConflictError');
    await expectRefused(t, SET_ACCESS, { stackId: stack, memberId: o.member.m, role: 'VIEWER' }, owner, 'ConflictError');
  });

  it('restoreStack: ConflictError for a live stack, after the retention period, and when a live stack took the name', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const live = await newStack(t, o.orgId, publicRegion);
    await expectRefused(t, RESTORE_STACK, { stackId: live }, o.email.owner!, 'ConflictError');
    const expired = await newStack(t, o.orgId, publicRegion, { deletedAt: daysAgo(31) });
    const late = await expectRefused(t, RESTORE_STACK, { stackId: expired }, o.email.owner!, 'ConflictError');
    expect(late.message).toMatch(/retention period ended/);
    const deleted = await newStack(t, o.orgId, publicRegion, { name: 'Shared', deletedAt: daysAgo(29) });
    await newStack(t, o.orgId, publicRegion, { name: 'shared' });
    await expectRefused(t, RESTORE_STACK, { stackId: deleted }, o.email.owner!, 'ConflictError');
  });

  it('the retention period comes from the settings (STACK_RETENTION_DAYS)', async () => {
    const short = await createTestApp({ STACK_RETENTION_DAYS: '2' });
    try {
      const o = await newOrg(short, { owner: 'OWNER' });
      const region = await newRegion(short, null);
      const recent = await newStack(short, o.orgId, region, { deletedAt: daysAgo(1) });
      const old = await newStack(short, o.orgId, region, { deletedAt: daysAgo(3) });
      expect((await runMutation(short, RESTORE_STACK, { stackId: old }, o.email.owner!)).result.__typename).toBe('ConflictError');
      expect((await runMutation(short, RESTORE_STACK, { stackId: recent }, o.email.owner!)).result.__typename).toBe('RestoreStackPayload');
    } finally {
      await short.close();
    }
  });

  it('is NOT_FOUND for another organization and FORBIDDEN for a member', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const outsider = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion);
    const deleted = await newStack(t, o.orgId, publicRegion, { deletedAt: daysAgo(1) });
    await expectRefused(t, DELETE_STACK, { stackId: stack }, outsider.email.owner!, 'NotFoundError');
    await expectRefused(t, DELETE_STACK, { stackId: stack }, o.email.member!, 'ForbiddenError');
    await expectRefused(t, RESTORE_STACK, { stackId: deleted }, outsider.email.owner!, 'NotFoundError');
    await expectRefused(t, RESTORE_STACK, { stackId: deleted }, o.email.member!, 'ForbiddenError');
  });
});

describe('enableStack, disableStack, enableStargate, disableStargate', () => {
  it('switches the status and Stargate with one audit entry each; the same state again is a ConflictError', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion);
    const owner = o.email.owner!;
    const steps = [
      { doc: DISABLE_STACK, payload: 'DisableStackPayload', action: 'stack.disable', check: { status: 'DISABLED' } },
      { doc: ENABLE_STACK, payload: 'EnableStackPayload', action: 'stack.enable', check: { status: 'ACTIVE' } },
      { doc: ENABLE_STARGATE, payload: 'EnableStargatePayload', action: 'stack.stargate.enable', check: { stargateEnabled: true } },
      { doc: DISABLE_STARGATE, payload: 'DisableStargatePayload', action: 'stack.stargate.disable', check: { stargateEnabled: false } },
    ];
    await expectRefused(t, ENABLE_STACK, { stackId: stack }, owner, 'ConflictError');
    await expectRefused(t, DISABLE_STARGATE, { stackId: stack }, owner, 'ConflictError');
    for (const step of steps) {
      const { result } = await expectAuditedMutation(t, step.doc, { stackId: stack }, owner, {
        payload: step.payload,
        action: step.action,
        organizationId: o.orgId,
        targetType: 'Stack',
        targetId: rawId(stack),
      });
      expect(result.stack).toMatchObject(step.check);
      await expectRefused(t, step.doc, { stackId: stack }, owner, 'ConflictError');
    }
  });

  it('is NOT_FOUND for another organization and FORBIDDEN for a member', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const outsider = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion);
    for (const doc of [DISABLE_STACK, ENABLE_STARGATE]) {
      await expectRefused(t, doc, { stackId: stack }, outsider.email.owner!, 'NotFoundError');
      await expectRefused(t, doc, { stackId: stack }, o.email.member!, 'ForbiddenError');
    }
  });
});

describe('upgradeStack', () => {
  it('upgrades the stack and its modules to a newer offered version, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion, { version: 'v2.0.0' });
    const { result, entry } = await expectAuditedMutation(t, UPGRADE_STACK, { stackId: stack, version: 'v2.1.0' }, o.email.owner!, {
      payload: 'UpgradeStackPayload',
      action: 'stack.upgrade',
      organizationId: o.orgId,
      targetType: 'Stack',
      targetId: rawId(stack),
    });
    expect(result.stack).toMatchObject({ version: 'v2.1.0', upgradableVersions: ['v2.2.0'], modules: [{ name: 'ledger', version: 'v2.1.0' }] });
    expect(entry.changes).toEqual({ version: { from: 'v2.0.0', to: 'v2.1.0' } });
  });

  it('answers ValidationError for a version the region does not offer, the same version or an older one', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion, { version: 'v2.1.0' });
    for (const version of ['v3.0.0', 'v2.1.0', 'v2.0.0', '']) {
      const refused = await expectRefused(t, UPGRADE_STACK, { stackId: stack, version }, o.email.owner!, 'ValidationError');
      expect(refused.fields[0].path).toEqual(['input', 'version']);
    }
  });

  it('is NOT_FOUND for another organization and FORBIDDEN for a member', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const outsider = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion);
    await expectRefused(t, UPGRADE_STACK, { stackId: stack, version: 'v2.2.0' }, outsider.email.owner!, 'NotFoundError');
    await expectRefused(t, UPGRADE_STACK, { stackId: stack, version: 'v2.2.0' }, o.email.member!, 'ForbiddenError');
  });
});

describe('enableStackModule and disableStackModule', () => {
  it('enables a catalog module at the stack version, disables and re-enables it, each with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion, { version: 'v2.1.0' });
    const owner = o.email.owner!;
    const audited = (doc: string, payload: string, action: string) =>
      expectAuditedMutation(t, doc, { stackId: stack, module: 'search' }, owner, {
        payload,
        action,
        organizationId: o.orgId,
        targetType: 'Stack',
        targetId: rawId(stack),
      });
    const enabled = await audited(ENABLE_MODULE, 'EnableStackModulePayload', 'stack.module.enable');
    expect(enabled.result.module).toEqual({ name: 'search', enabled: true, version: 'v2.1.0' });
    expect(enabled.entry.changes).toEqual({ module: 'search', version: 'v2.1.0' });
    expect(enabled.result.stack.modules.map((m: { name: string }) => m.name)).toEqual(['ledger', 'search']);
    await expectRefused(t, ENABLE_MODULE, { stackId: stack, module: 'search' }, owner, 'ConflictError');

    const disabled = await audited(DISABLE_MODULE, 'DisableStackModulePayload', 'stack.module.disable');
    expect(disabled.result.module).toEqual({ name: 'search', enabled: false, version: 'v2.1.0' });
    await expectRefused(t, DISABLE_MODULE, { stackId: stack, module: 'search' }, owner, 'ConflictError');
    await expectRefused(t, DISABLE_MODULE, { stackId: stack, module: 'wallets' }, owner, 'ConflictError');
    expect((await audited(ENABLE_MODULE, 'EnableStackModulePayload', 'stack.module.enable')).result.module.enabled).toBe(true);
  });

  it('answers ValidationError for a name outside the catalog; NOT_FOUND for another organization; FORBIDDEN for a member', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const outsider = await newOrg(t, { owner: 'OWNER' });
    const stack = await newStack(t, o.orgId, publicRegion);
    const invalid = await expectRefused(t, ENABLE_MODULE, { stackId: stack, module: 'bitcoin' }, o.email.owner!, 'ValidationError');
    expect(invalid.fields[0].path).toEqual(['input', 'module']);
    await expectRefused(t, DISABLE_MODULE, { stackId: stack, module: 'bitcoin' }, o.email.owner!, 'ValidationError');
    await expectRefused(t, ENABLE_MODULE, { stackId: stack, module: 'search' }, outsider.email.owner!, 'NotFoundError');
    await expectRefused(t, DISABLE_MODULE, { stackId: stack, module: 'ledger' }, o.email.member!, 'ForbiddenError');
  });
});

describe('under concurrency', () => {
  it(raceTitle('two creations of the same name at once: one stack, one ConflictError, one audit entry'), async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const input = { organizationId: o.org, regionId: publicRegion, name: 'Racy' };
    const results = await Promise.all([runMutation(t, CREATE_STACK, input, o.email.owner!), runMutation(t, CREATE_STACK, input, o.email.owner!)]);
    expect(results.map((r) => r.result.__typename).sort()).toEqual(['ConflictError', 'CreateStackPayload']);
    expect(await t.prisma.stack.count({ where: { organizationId: o.orgId, name: 'Racy' } })).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { organizationId: o.orgId, action: 'stack.create' } })).toBe(1);
  });

  it(raceTitle('restoring while a stack of the same name is created: never two live stacks with one name'), async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const deleted = await newStack(t, o.orgId, publicRegion, { name: 'Twin', deletedAt: daysAgo(1) });
    const results = await Promise.all([
      runMutation(t, RESTORE_STACK, { stackId: deleted }, o.email.owner!),
      runMutation(t, CREATE_STACK, { organizationId: o.org, regionId: publicRegion, name: 'twin' }, o.email.owner!),
    ]);
    expect(results.map((r) => r.result.__typename).filter((name) => name === 'ConflictError')).toHaveLength(1);
    expect(await t.prisma.stack.count({ where: { organizationId: o.orgId, deletedAt: null } })).toBe(1);
  });
});
