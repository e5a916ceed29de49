import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { createDemoAppWithAdmin } from '../helpers/fixtures.js';
import { expectAuditedMutation, mutate, mutationDocument, runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { PINNED_ROLE_SCOPES } from '../helpers/role-scopes.js';
import { DELETE_SCOPE, DISABLE, UPDATE_APPLICATION, newApplication } from './support.js';

// Application scopes in effect: named app:<alias>/<label>, placed in policies of organizations
// that enabled the application, held with their delegations, gone when the application is disabled.

let t: TestApp;
beforeAll(async () => ({ t } = await createDemoAppWithAdmin()));
afterAll(() => t.close());

const CREATE_POLICY = mutationDocument('createPolicy', 'CreatePolicyInput', '... on CreatePolicyPayload { policy { id scopes } }');
const ADD_SCOPE = mutationDocument('addPolicyScope', 'PolicyScopeInput', '... on AddPolicyScopePayload { policy { id scopes } }');
const ATTACH = mutationDocument('attachPolicyToMember', 'PolicyMemberInput', '... on AttachPolicyToMemberPayload { member { id effectiveScopes } }');

const MEMBER_SCOPES = `query($id: ID!) { node(id: $id) { ... on Member { effectiveScopes } } }`;
const VIEWER = `query($id: ID!) { organization(id: $id) { viewerScopes } }`;
const POLICY = `query($id: ID!) { node(id: $id) { ... on Policy { scopes viewerCan { addableScopes } } } }`;

const BUILT_IN_MEMBER_SCOPES = PINNED_ROLE_SCOPES.MEMBER;

async function effectiveScopes(memberId: string, as: string): Promise<string[]> {
  return expectData(await t.gql(MEMBER_SCOPES, { id: memberId }, { as })).node.effectiveScopes;
}

/** An organization (owner, admin, member) with an application enabled: ledger-like scopes, write → read → audit. */
async function setup(options: { enabled?: boolean; delegations?: [string, string][] } = {}) {
  const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER' });
  const app = await newApplication(t, {
    scopes: ['ledger:write', 'ledger:read', 'ledger:audit', 'other'],
    delegations: options.delegations ?? [
      ['ledger:write', 'ledger:read'],
      ['ledger:read', 'ledger:audit'],
    ],
    enabledIn: options.enabled === false ? [] : [o.orgId],
  });
  const name = (label: string) => `app:${app.alias}/${label}`;
  return { o, app, name };
}

describe('application scopes in policies', () => {
  it('an owner holds every scope of the enabled application, puts one in a policy and attaches it; the member holds it and, transitively, what it delegates to', async () => {
    const { o, name } = await setup();
    const viewer = expectData(await t.gql(VIEWER, { id: o.org }, { as: o.email.owner! })).organization.viewerScopes;
    expect(viewer).toEqual(expect.arrayContaining([name('ledger:write'), name('ledger:read'), name('ledger:audit'), name('other')]));
    expect(await effectiveScopes(o.member.member!, o.email.owner!)).toEqual(BUILT_IN_MEMBER_SCOPES);

    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE_POLICY,
      { organizationId: o.org, name: 'Ledger writers', scopes: [name('ledger:write'), 'group:read'] },
      o.email.owner!,
      { payload: 'CreatePolicyPayload', action: 'policy.create', organizationId: o.orgId, targetType: 'Policy' },
    );
    expect(result.policy.scopes).toEqual(['group:read', name('ledger:write')]);
    expect((entry.changes as { scopes: string[] }).scopes).toEqual(['group:read', name('ledger:write')]);

    const attached = await mutate(t, ATTACH, { policyId: result.policy.id, memberId: o.member.member }, o.email.owner!);
    expect(attached.member.effectiveScopes).toEqual([...BUILT_IN_MEMBER_SCOPES, name('ledger:audit'), name('ledger:read'), name('ledger:write')]);
    // The member sees the same of itself, and its viewerScopes say so too.
    expect(expectData(await t.gql(VIEWER, { id: o.org }, { as: o.email.member! })).organization.viewerScopes).toEqual([
      ...BUILT_IN_MEMBER_SCOPES,
      name('ledger:audit'),
      name('ledger:read'),
      name('ledger:write'),
    ]);
  });

  it('delegations that loop (written directly, the service refuses them) still end', async () => {
    const { o, name } = await setup({
      delegations: [
        ['ledger:write', 'ledger:read'],
        ['ledger:read', 'ledger:write'],
      ],
    });
    const policy = await mutate(t, CREATE_POLICY, { organizationId: o.org, name: 'Loop', scopes: [name('ledger:read')] }, o.email.owner!);
    const attached = await mutate(t, ATTACH, { policyId: policy.policy.id, memberId: o.member.member }, o.email.owner!);
    expect(attached.member.effectiveScopes).toEqual([...BUILT_IN_MEMBER_SCOPES, name('ledger:read'), name('ledger:write')]);
  });

  it('refuses, with BAD_USER_INPUT saying why, a scope of an application not enabled, of no application, or that the application lacks', async () => {
    const { o, name } = await setup({ enabled: false });
    const refusals = [
      [name('ledger:read'), /not enabled for this organization/],
      ['app:no-such-app-anywhere/read', /no application of the catalog has the alias/],
    ] as const;
    for (const [scope, why] of refusals) {
      const { result } = await runMutation(t, CREATE_POLICY, { organizationId: o.org, name: 'Refused', scopes: [scope] }, o.email.owner!);
      expect(result).toMatchObject({ __typename: 'ValidationError', fields: [{ path: ['input', 'scopes'] }] });
      expect(result.message).toMatch(why);
    }
    const enabled = await setup();
    const { result } = await runMutation(
      t,
      CREATE_POLICY,
      { organizationId: enabled.o.org, name: 'Refused', scopes: [enabled.name('nope')] },
      enabled.o.email.owner!,
    );
    expect(result.message).toMatch(/has no scope “nope”/);
    // Malformed names are not scopes at all.
    const malformed = await runMutation(t, CREATE_POLICY, { organizationId: enabled.o.org, name: 'Refused', scopes: ['app:'] }, enabled.o.email.owner!);
    expect(malformed.result.__typename).toBe('ValidationError');
    expect(await t.prisma.policy.count({ where: { organizationId: { in: [o.orgId, enabled.o.orgId] } } })).toBe(0);

    // addPolicyScope is held to the same rule.
    const policy = await mutate(t, CREATE_POLICY, { organizationId: o.org, name: 'Empty', scopes: ['group:read'] }, o.email.owner!);
    const added = await runMutation(t, ADD_SCOPE, { policyId: policy.policy.id, scope: name('ledger:read') }, o.email.owner!);
    expect(added.result).toMatchObject({ __typename: 'ValidationError', fields: [{ path: ['input', 'scope'] }] });
    expect(added.result.message).toMatch(/not enabled for this organization/);
  });

  it('nobody grants an application scope they do not hold: an admin is FORBIDDEN until a policy gives it the scope', async () => {
    const { o, name } = await setup();
    const refused = await runMutation(t, CREATE_POLICY, { organizationId: o.org, name: 'Escalation', scopes: [name('ledger:read')] }, o.email.admin!);
    expect(refused.result).toMatchObject({ __typename: 'ForbiddenError' });
    expect(refused.result.message).toContain(name('ledger:read'));

    const given = await mutate(t, CREATE_POLICY, { organizationId: o.org, name: 'For the admin', scopes: [name('ledger:read')] }, o.email.owner!);
    // A policy of scopes the admin lacks is not one it may attach, change or extend.
    const view = expectData(await t.gql(POLICY, { id: given.policy.id }, { as: o.email.admin! })).node;
    expect(view.viewerCan.addableScopes).toEqual([]);
    await mutate(t, ATTACH, { policyId: given.policy.id, memberId: o.member.admin }, o.email.owner!);

    // Holding ledger:read now (and ledger:audit through it), the admin grants them, and nothing more.
    const own = await mutate(t, CREATE_POLICY, { organizationId: o.org, name: 'Readers', scopes: [name('ledger:audit')] }, o.email.admin!);
    expect(own.__typename).toBe('CreatePolicyPayload');
    const addable = expectData(await t.gql(POLICY, { id: own.policy.id }, { as: o.email.admin! })).node.viewerCan.addableScopes;
    expect(addable).toContain(name('ledger:read'));
    expect(addable).not.toContain(name('ledger:write'));
    const more = await runMutation(t, ADD_SCOPE, { policyId: own.policy.id, scope: name('ledger:write') }, o.email.admin!);
    expect(more.result.__typename).toBe('ForbiddenError');
  });

  it('disabling the application takes its scopes out of effect on the next request, and out of the organization’s policies', async () => {
    const { o, app, name } = await setup();
    const policy = await mutate(t, CREATE_POLICY, { organizationId: o.org, name: 'Ledger', scopes: ['group:read', name('ledger:read')] }, o.email.owner!);
    await mutate(t, ATTACH, { policyId: policy.policy.id, memberId: o.member.member }, o.email.owner!);
    expect(await effectiveScopes(o.member.member!, o.email.member!)).toContain(name('ledger:audit'));

    const { entry } = await expectAuditedMutation(t, DISABLE, { organizationId: o.org, applicationId: app.id }, o.email.admin!, {
      payload: 'DisableApplicationPayload',
      action: 'application.disable',
      organizationId: o.orgId,
      targetType: 'Application',
    });
    expect(entry.changes).toEqual({ alias: app.alias, removedFromPolicies: 1 });
    expect(await effectiveScopes(o.member.member!, o.email.member!)).toEqual(BUILT_IN_MEMBER_SCOPES);
    expect(expectData(await t.gql(VIEWER, { id: o.org }, { as: o.email.owner! })).organization.viewerScopes.some((s: string) => s.startsWith('app:'))).toBe(
      false,
    );
    expect(expectData(await t.gql(POLICY, { id: policy.policy.id }, { as: o.email.owner! })).node.scopes).toEqual(['group:read']);
  });

  it('renaming the alias renames the scopes in policies; deleting a scope takes it out of them; both in the platform admin’s one audit entry', async () => {
    const { o, app, name } = await setup();
    const policy = await mutate(t, CREATE_POLICY, { organizationId: o.org, name: 'Ledger', scopes: [name('ledger:read'), name('other')] }, o.email.owner!);
    await mutate(t, ATTACH, { policyId: policy.policy.id, memberId: o.member.member }, o.email.owner!);

    const alias = `${app.alias}-renamed`;
    const { entry } = await expectAuditedMutation(t, UPDATE_APPLICATION, { applicationId: app.id, alias }, PLATFORM_ADMIN, {
      payload: 'UpdateApplicationPayload',
      action: 'application.update',
      organizationId: null,
      targetType: 'Application',
    });
    expect(entry.changes).toMatchObject({ alias: { from: app.alias, to: alias }, renamedInPolicies: 1 });
    const renamed = (label: string) => `app:${alias}/${label}`;
    expect(expectData(await t.gql(POLICY, { id: policy.policy.id }, { as: o.email.owner! })).node.scopes).toEqual([renamed('ledger:read'), renamed('other')]);
    expect(await effectiveScopes(o.member.member!, o.email.member!)).toEqual([
      ...BUILT_IN_MEMBER_SCOPES,
      renamed('ledger:audit'),
      renamed('ledger:read'),
      renamed('other'),
    ]);

    const deleted = await expectAuditedMutation(t, DELETE_SCOPE, { scopeId: app.scopes.other }, PLATFORM_ADMIN, {
      payload: 'DeleteApplicationScopePayload',
      action: 'application.scope.delete',
      organizationId: null,
      targetType: 'ApplicationScope',
    });
    expect(deleted.entry.changes).toMatchObject({ label: 'other', removedFromPolicies: 1 });
    expect(expectData(await t.gql(POLICY, { id: policy.policy.id }, { as: o.email.owner! })).node.scopes).toEqual([renamed('ledger:read')]);
  });
});
