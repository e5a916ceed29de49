import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { ALICE, createDemoAppWithAdmin } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { raceTitle } from '../helpers/race.js';
import { ADD_DELEGATION, CREATE_SCOPE, DELETE_SCOPE, REMOVE_DELEGATION, expectRefused, newApplication } from './support.js';

let t: TestApp;
beforeAll(async () => ({ t } = await createDemoAppWithAdmin()));
afterAll(() => t.close());

describe('createApplicationScope, deleteApplicationScope', () => {
  it('creates a scope with one audit entry', async () => {
    const app = await newApplication(t);
    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE_SCOPE,
      { applicationId: app.id, label: ' ledger:read ', description: 'Read the ledger' },
      PLATFORM_ADMIN,
      {
        payload: 'CreateApplicationScopePayload',
        action: 'application.scope.create',
        organizationId: null,
        targetType: 'ApplicationScope',
      },
    );
    expect(result.scope).toMatchObject({
      label: 'ledger:read',
      description: 'Read the ledger',
      application: { id: app.id },
      delegatesTo: [],
      delegatedFrom: [],
    });
    expect(entry.targetId).toBe(rawId(result.scope.id));
    expect(entry.changes).toMatchObject({ applicationId: app.rawId, label: 'ledger:read' });
  });

  it('refuses a taken label (case-insensitively) with CONFLICT, a malformed one with a field path, and non-admins', async () => {
    const app = await newApplication(t, { scopes: ['ledger:read'] });
    await expectRefused(t, CREATE_SCOPE, { applicationId: app.id, label: 'Ledger:Read' }, PLATFORM_ADMIN, 'ConflictError');
    for (const label of ['', 'has space', ':leading', 'bad/char', 'x'.repeat(101)]) {
      const refused = await expectRefused(t, CREATE_SCOPE, { applicationId: app.id, label }, PLATFORM_ADMIN, 'ValidationError');
      expect(refused.fields[0].path).toEqual(['input', 'label']);
    }
    await expectRefused(t, CREATE_SCOPE, { applicationId: app.id, label: 'ok:read' }, ALICE, 'ForbiddenError');
    await expectRefused(t, CREATE_SCOPE, { applicationId: app.id, label: 'ok:read' }, undefined, 'UNAUTHENTICATED');
    // The same label in another application is fine.
    const other = await newApplication(t);
    expect((await runMutation(t, CREATE_SCOPE, { applicationId: other.id, label: 'ledger:read' }, PLATFORM_ADMIN)).result.__typename).toBe(
      'CreateApplicationScopePayload',
    );
  });

  it('deletes a scope with its delegations both ways, with one audit entry', async () => {
    const app = await newApplication(t, {
      scopes: ['admin', 'write', 'read'],
      delegations: [
        ['admin', 'write'],
        ['write', 'read'],
      ],
    });
    const { result, entry } = await expectAuditedMutation(t, DELETE_SCOPE, { scopeId: app.scopes.write }, PLATFORM_ADMIN, {
      payload: 'DeleteApplicationScopePayload',
      action: 'application.scope.delete',
      organizationId: null,
      targetType: 'ApplicationScope',
      targetId: rawId(app.scopes.write!),
    });
    expect(result).toMatchObject({ deletedScopeId: app.scopes.write, application: { id: app.id, scopes: { totalCount: 2 } } });
    expect(entry.changes).toMatchObject({ label: 'write', delegatesTo: 1, delegatedFrom: 1 });
    expect(await t.prisma.applicationScopeDelegation.count({ where: { scope: { applicationId: app.rawId } } })).toBe(0);
    await expectRefused(t, DELETE_SCOPE, { scopeId: app.scopes.write }, PLATFORM_ADMIN, 'NotFoundError');
    await expectRefused(t, DELETE_SCOPE, { scopeId: app.scopes.read }, ALICE, 'ForbiddenError');
  });
});

describe('addApplicationScopeDelegation, removeApplicationScopeDelegation', () => {
  it('adds a delegation with one audit entry; both scopes show it', async () => {
    const app = await newApplication(t, { scopes: ['write', 'read'] });
    const { result, entry } = await expectAuditedMutation(
      t,
      ADD_DELEGATION,
      { scopeId: app.scopes.write, delegatesToScopeId: app.scopes.read },
      PLATFORM_ADMIN,
      {
        payload: 'AddApplicationScopeDelegationPayload',
        action: 'application.scope.delegation.add',
        organizationId: null,
        targetType: 'ApplicationScope',
        targetId: rawId(app.scopes.write!),
      },
    );
    expect(result.scope.delegatesTo).toEqual([{ id: app.scopes.read, label: 'read' }]);
    expect(result.delegatesTo.delegatedFrom).toEqual([{ id: app.scopes.write, label: 'write' }]);
    expect(entry.changes).toMatchObject({ delegatesToId: rawId(app.scopes.read!), delegatesToLabel: 'read' });
    // Again: CONFLICT.
    await expectRefused(t, ADD_DELEGATION, { scopeId: app.scopes.write, delegatesToScopeId: app.scopes.read }, PLATFORM_ADMIN, 'ConflictError');
  });

  it('refuses a delegation to itself, to another application’s scope, or one that closes a cycle, changing nothing', async () => {
    const app = await newApplication(t, {
      scopes: ['a', 'b', 'c'],
      delegations: [
        ['a', 'b'],
        ['b', 'c'],
      ],
    });
    const other = await newApplication(t, { scopes: ['x'] });
    const self = await expectRefused(t, ADD_DELEGATION, { scopeId: app.scopes.a, delegatesToScopeId: app.scopes.a }, PLATFORM_ADMIN, 'ValidationError');
    expect(self.fields[0].path).toEqual(['input', 'delegatesToScopeId']);
    const foreign = await expectRefused(t, ADD_DELEGATION, { scopeId: app.scopes.a, delegatesToScopeId: other.scopes.x }, PLATFORM_ADMIN, 'ValidationError');
    expect(foreign.fields[0].message).toMatch(/same application/);
    const direct = await expectRefused(t, ADD_DELEGATION, { scopeId: app.scopes.b, delegatesToScopeId: app.scopes.a }, PLATFORM_ADMIN, 'ValidationError');
    expect(direct.message).toContain('b → a → b');
    const transitive = await expectRefused(t, ADD_DELEGATION, { scopeId: app.scopes.c, delegatesToScopeId: app.scopes.a }, PLATFORM_ADMIN, 'ValidationError');
    expect(transitive.message).toContain('c → a → b → c');
    // A shortcut along the existing direction is no cycle.
    expect((await runMutation(t, ADD_DELEGATION, { scopeId: app.scopes.a, delegatesToScopeId: app.scopes.c }, PLATFORM_ADMIN)).result.__typename).toBe(
      'AddApplicationScopeDelegationPayload',
    );
  });

  it(raceTitle('refuses concurrent delegations that would close a cycle together'), async () => {
    const app = await newApplication(t, { scopes: ['p', 'q'] });
    const results = await Promise.all([
      runMutation(t, ADD_DELEGATION, { scopeId: app.scopes.p, delegatesToScopeId: app.scopes.q }, PLATFORM_ADMIN),
      runMutation(t, ADD_DELEGATION, { scopeId: app.scopes.q, delegatesToScopeId: app.scopes.p }, PLATFORM_ADMIN),
    ]);
    expect(results.map((r) => r.result.__typename).sort()).toEqual(['AddApplicationScopeDelegationPayload', 'ValidationError']);
    expect(await t.prisma.applicationScopeDelegation.count({ where: { scope: { applicationId: app.rawId } } })).toBe(1);
  });

  it('removes a delegation with one audit entry; CONFLICT when there is none; non-admins refused', async () => {
    const app = await newApplication(t, { scopes: ['write', 'read'], delegations: [['write', 'read']] });
    const input = { scopeId: app.scopes.write, delegatesToScopeId: app.scopes.read };
    await expectRefused(t, REMOVE_DELEGATION, input, ALICE, 'ForbiddenError');
    const { result } = await expectAuditedMutation(t, REMOVE_DELEGATION, input, PLATFORM_ADMIN, {
      payload: 'RemoveApplicationScopeDelegationPayload',
      action: 'application.scope.delegation.remove',
      organizationId: null,
      targetType: 'ApplicationScope',
      targetId: rawId(app.scopes.write!),
    });
    expect(result.scope.delegatesTo).toEqual([]);
    await expectRefused(t, REMOVE_DELEGATION, input, PLATFORM_ADMIN, 'ConflictError');
  });
});
