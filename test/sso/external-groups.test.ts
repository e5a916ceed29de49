import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { CAROL, createDemoApp } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { newGroup, newPolicy } from '../helpers/policies-and-groups.js';
import { expectRefused } from '../helpers/sso.js';
import { discoveredGroup, EXTERNAL_GROUPS, MAP_GROUP, UNMAP_GROUP } from './support.js';

// Discovered groups are inserted directly: discovery happens at SSO sign-in, outside this API.

let t: TestApp;
beforeAll(async () => ({ t } = await createDemoApp()));
afterAll(() => t.close());

describe('Organization.externalGroups and Group.externalGroups', () => {
  it('lists discovered groups by name with their mapping, filtered by mapped', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const engineers = await newGroup(t, o.orgId, { name: 'Engineers' });
    const devs = await discoveredGroup(t, o.orgId, 'devs', rawId(engineers));
    const ops = await discoveredGroup(t, o.orgId, 'ops');
    const all = expectData(await t.gql(EXTERNAL_GROUPS, { id: o.org }, { as: o.email.owner })).organization.externalGroups;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e: any) => [e.node.id, e.node.name, e.node.group?.name ?? null])).toEqual([
      [devs, 'devs', 'Engineers'],
      [ops, 'ops', null],
    ]);
    expect(all.edges[1].node.viewerCan).toEqual({ map: true, unmap: false });
    const mapped = expectData(await t.gql(EXTERNAL_GROUPS, { id: o.org, mapped: true }, { as: o.email.owner })).organization.externalGroups;
    expect(mapped.edges.map((e: any) => e.node.id)).toEqual([devs]);
    const unmapped = expectData(await t.gql(EXTERNAL_GROUPS, { id: o.org, mapped: false }, { as: o.email.owner })).organization.externalGroups;
    expect(unmapped).toMatchObject({ totalCount: 1, edges: [{ node: { id: ops } }] });

    const group = expectData(await t.gql(`query($id: ID!) { group(id: $id) { externalGroups { id name } } }`, { id: engineers }, { as: o.email.owner })).group;
    expect(group.externalGroups).toEqual([{ id: devs, name: 'devs' }]);
    const node = expectData(
      await t.gql(`query($id: ID!) { node(id: $id) { ... on ExternalGroup { externalId name } } }`, { id: ops }, { as: o.email.owner }),
    ).node;
    expect(node.name).toBe('ops');
  });

  it('is FORBIDDEN for a MEMBER (no sso:read) and NOT_FOUND for another organization', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const group = await newGroup(t, o.orgId);
    const external = await discoveredGroup(t, o.orgId, 'devs', rawId(group));
    const asMember = await t.gql(EXTERNAL_GROUPS, { id: o.org }, { as: o.email.member });
    expect(asMember.data.organization.externalGroups).toBeNull();
    expect(errorCodes(asMember)).toEqual(['FORBIDDEN']);
    const groupAsMember = await t.gql(`query($id: ID!) { group(id: $id) { name externalGroups { id } } }`, { id: group }, { as: o.email.member });
    expect(groupAsMember.data.group).toMatchObject({ externalGroups: null });
    expect(errorCodes(groupAsMember)).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: external }, { as: CAROL }))).toEqual(['NOT_FOUND']);
  });
});

describe('mapExternalGroup and unmapExternalGroup', () => {
  it('maps, refuses mapping twice to the same group, remaps and unmaps, one audit entry each', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const [first, second] = [await newGroup(t, o.orgId, { name: 'First' }), await newGroup(t, o.orgId, { name: 'Second' })];
    const external = await discoveredGroup(t, o.orgId, 'devs');
    const mapped = await expectAuditedMutation(t, MAP_GROUP, { externalGroupId: external, groupId: first }, o.email.owner!, {
      payload: 'MapExternalGroupPayload',
      action: 'sso.group.map',
      organizationId: o.orgId,
      targetType: 'ExternalGroup',
      targetId: rawId(external),
    });
    expect(mapped.result.externalGroup).toMatchObject({ id: external, group: { id: first }, viewerCan: { map: true, unmap: true } });
    expect(mapped.result.group.externalGroups).toEqual([{ id: external }]);
    expect(mapped.entry.changes).toMatchObject({ groupId: { from: null, to: rawId(first) } });

    await expectRefused(t, MAP_GROUP, { externalGroupId: external, groupId: first }, o.email.owner!, 'ConflictError');
    const remapped = await expectAuditedMutation(t, MAP_GROUP, { externalGroupId: external, groupId: second }, o.email.owner!, {
      payload: 'MapExternalGroupPayload',
      action: 'sso.group.map',
      organizationId: o.orgId,
      targetType: 'ExternalGroup',
    });
    expect(remapped.entry.changes).toMatchObject({ groupId: { from: rawId(first), to: rawId(second) } });

    const unmapped = await expectAuditedMutation(t, UNMAP_GROUP, { externalGroupId: external }, o.email.owner!, {
      payload: 'UnmapExternalGroupPayload',
      action: 'sso.group.unmap',
      organizationId: o.orgId,
      targetType: 'ExternalGroup',
      targetId: rawId(external),
    });
    expect(unmapped.result.externalGroup.group).toBeNull();
    expect(unmapped.result.group).toEqual({ id: second, externalGroups: [] });
    await expectRefused(t, UNMAP_GROUP, { externalGroupId: external }, o.email.owner!, 'ConflictError');
  });

  it('refuses a group of another organization, and callers outside or without the scopes', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER' });
    const other = await newOrg(t, { owner: 'OWNER' });
    // The owner of both organizations sees the foreign group, which is refused as input.
    await t.prisma.member.create({
      data: { organizationId: other.orgId, userId: (await t.prisma.user.findUniqueOrThrow({ where: { email: o.email.owner! } })).id, role: 'OWNER' },
    });
    const foreignGroup = await newGroup(t, other.orgId);
    const group = await newGroup(t, o.orgId);
    const external = await discoveredGroup(t, o.orgId, 'devs');
    const refused = await expectRefused(t, MAP_GROUP, { externalGroupId: external, groupId: foreignGroup }, o.email.owner!, 'ValidationError');
    expect(refused.fields[0].path).toEqual(['input', 'groupId']);
    await expectRefused(t, MAP_GROUP, { externalGroupId: external, groupId: group }, o.email.member!, 'ForbiddenError');
    await expectRefused(t, MAP_GROUP, { externalGroupId: external, groupId: group }, CAROL, 'NotFoundError');
    await t.prisma.externalGroup.update({ where: { id: rawId(external) }, data: { groupId: rawId(group) } });
    await expectRefused(t, UNMAP_GROUP, { externalGroupId: external }, o.email.member!, 'ForbiddenError');
    await expectRefused(t, UNMAP_GROUP, { externalGroupId: external }, CAROL, 'NotFoundError');
  });

  it('refuses mapping into a group whose policies grant scopes the caller lacks (no escalation)', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const powerful = await newGroup(t, o.orgId, { policies: [await newPolicy(t, o.orgId, ['member:write'])] });
    const modest = await newGroup(t, o.orgId, { policies: [await newPolicy(t, o.orgId, ['member:read'])] });
    const external = await discoveredGroup(t, o.orgId, 'devs');
    const client = await clientToken(t, o.orgId, ['organization:read', 'sso:read', 'sso:write', 'group:read', 'group:write', 'member:read']);
    const refused = await expectRefused(t, MAP_GROUP, { externalGroupId: external, groupId: powerful }, { token: client }, 'ForbiddenError');
    expect(refused.message).toMatch(/member:write/);
    // Without group:write, even a modest group is out of reach.
    const ssoOnly = await clientToken(t, o.orgId, ['organization:read', 'sso:read', 'sso:write', 'group:read', 'member:read']);
    await expectRefused(t, MAP_GROUP, { externalGroupId: external, groupId: modest }, { token: ssoOnly }, 'ForbiddenError');
    const ok = await t.gql(MAP_GROUP, { input: { externalGroupId: external, groupId: modest } }, { token: client });
    expect(expectData(ok).result).toMatchObject({ __typename: 'MapExternalGroupPayload', externalGroup: { group: { id: modest } } });
    expect(await t.prisma.auditLog.findFirst({ where: { action: 'sso.group.map', targetId: rawId(external) } })).toMatchObject({ actorType: 'CLIENT' });
  });
});
