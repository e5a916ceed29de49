import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';
import { mutate } from '../helpers/mutations.js';
import { MAP_GROUP, UNMAP_GROUP } from '../sso/support.js';
import { GROUP_SCHEMA, PATCH_OP, scim, scimAudit, scimLog, scimOrganization, USER_SCHEMA } from './support.js';

// The requests Microsoft Entra ID's provisioning service sends, after Microsoft's "Develop a
// SCIM endpoint" tutorial (its request/response examples): capitalised ops, `active` as a path
// with the string "False", attribute paths, groups looked up with excludedAttributes=members,
// members added with a value list and removed with `members[value eq "…"]` or a value list.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const entraUser = (userName: string, externalId: string) => ({
  schemas: [USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  externalId,
  userName,
  active: true,
  emails: [{ primary: true, type: 'work', value: userName }],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Research', employeeNumber: '42' },
});

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

describe('Entra ID provisioning: users', () => {
  it('filters, creates, updates attributes, disables with "False", enables, and deletes', async () => {
    const setup = await scimOrganization(t);
    const userName = `test_user_1@${setup.domain}`;
    const filter = `/Users?filter=${encodeURIComponent(`userName eq "${userName.toUpperCase()}"`)}`;
    expect((await scim(t, setup.token, 'GET', filter)).body.totalResults).toBe(0);

    const created = await scim(t, setup.token, 'POST', '/Users', entraUser(userName, '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef'));
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ userName, externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef', displayName: 'givenName familyName', active: true });

    // userName is case-insensitive; externalId and emails[value eq] find the same user.
    expect((await scim(t, setup.token, 'GET', filter)).body.Resources.map((u: any) => u.id)).toEqual([id]);
    const byExternalId = await scim(t, setup.token, 'GET', `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`);
    expect(byExternalId.body.Resources.map((u: any) => u.id)).toEqual([id]);
    const byEmail = await scim(t, setup.token, 'GET', `/Users?filter=${encodeURIComponent(`emails[value eq "${userName}"]`)}`);
    expect(byEmail.body.Resources.map((u: any) => u.id)).toEqual([id]);
    expect((await scim(t, setup.token, 'GET', `/Users/${id}`)).body.id).toBe(id);

    const updated = await scim(
      t,
      setup.token,
      'PATCH',
      `/Users/${id}`,
      patch(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'other@elsewhere.example' },
        { op: 'Replace', path: 'name.givenName', value: 'Grace' },
        { op: 'Replace', path: 'name.familyName', value: 'Hopper' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Navy' },
      ),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, userName, displayName: 'Grace Hopper' });

    const disabled = await scim(t, setup.token, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'False' }));
    expect(disabled.body.active).toBe(false);
    expect((await t.prisma.member.findUniqueOrThrow({ where: { id } })).status).toBe('SUSPENDED');
    const enabled = await scim(t, setup.token, 'PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'active', value: 'True' }));
    expect(enabled.body.active).toBe(true);

    const deleted = await scim(t, setup.token, 'DELETE', `/Users/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expect(await t.prisma.member.findUnique({ where: { id } })).toBeNull();
    const gone = await scim(t, setup.token, 'GET', `/Users/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'User not found' });

    const audit = await scimAudit(t, setup);
    expect(audit.map((entry) => entry.action)).toEqual(['scim.user.create', 'scim.user.update', 'scim.user.update', 'scim.user.update', 'scim.user.delete']);
    expect(audit.every((entry) => entry.actorType === 'SYSTEM' && entry.actorId === setup.actor)).toBe(true);
    expect(audit[1]!.changes).toEqual({ name: { from: 'givenName familyName', to: 'Grace Hopper' } });
    expect((await scimLog(t, setup)).length).toBe(11);
  });
});

describe('Entra ID provisioning: groups', () => {
  it('creates a group, looks it up without members, adds and removes members; a mapped group’s members follow', async () => {
    const setup = await scimOrganization(t);
    const users: string[] = [];
    for (const name of ['ann', 'bob', 'cy']) {
      const { body } = await scim(t, setup.token, 'POST', '/Users', entraUser(`${name}@${setup.domain}`, `ext-${name}`));
      users.push(body.id);
    }
    const [ann, bob, cy] = users as [string, string, string];

    const created = await scim(t, setup.token, 'POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Engineering',
      meta: { resourceType: 'Group' },
    });
    expect(created.status).toBe(201);
    const groupId = created.body.id;
    expect(created.body).toMatchObject({
      schemas: [GROUP_SCHEMA],
      id: groupId,
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Engineering',
      members: [],
    });

    const lookup = await scim(t, setup.token, 'GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "engineering"')}`);
    expect(lookup.body.totalResults).toBe(1);
    expect(lookup.body.Resources[0]).not.toHaveProperty('members');
    expect((await scim(t, setup.token, 'GET', `/Groups/${groupId}?excludedAttributes=members`)).body).not.toHaveProperty('members');

    // Mapped by an administrator to a local group: the directory's members are in it from now on.
    const local = await t.prisma.group.create({ data: { organizationId: setup.org.orgId, name: 'Engineers' } });
    await mutate(t, MAP_GROUP, { externalGroupId: gid('ExternalGroup', groupId), groupId: gid('Group', local.id) }, setup.org.email.owner!);
    const localMembers = async () =>
      (await t.prisma.groupMember.findMany({ where: { groupId: local.id }, select: { memberId: true } })).map((row) => row.memberId).sort();

    const added = await scim(
      t,
      setup.token,
      'PATCH',
      `/Groups/${groupId}`,
      patch({ op: 'Add', path: 'members', value: [{ $ref: null, value: ann }, { $ref: null, value: bob }, { value: cy }] }),
    );
    expect(added.status).toBe(204);
    expect(await localMembers()).toEqual([ann, bob, cy].sort());
    const group = await scim(t, setup.token, 'GET', `/Groups/${groupId}`);
    expect(group.body.members.map((m: any) => m.value).sort()).toEqual([ann, bob, cy].sort());
    expect(group.body.members.find((m: any) => m.value === ann)).toMatchObject({
      display: `ann@${setup.domain}`,
      $ref: `${t.config.publicUrl}/scim/v2/Users/${ann}`,
    });

    const removed = await scim(t, setup.token, 'PATCH', `/Groups/${groupId}`, patch({ op: 'Remove', path: `members[value eq "${ann}"]` }));
    expect(removed.status).toBe(204);
    await scim(t, setup.token, 'PATCH', `/Groups/${groupId}`, patch({ op: 'Remove', path: 'members', value: [{ value: bob }] }));
    expect(await localMembers()).toEqual([cy]);
    const byMember = await scim(t, setup.token, 'GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${cy}"]`)}`);
    expect(byMember.body.Resources.map((g: any) => g.id)).toEqual([groupId]);

    // Renamed with a path, then as an object value (Okta's form).
    await scim(t, setup.token, 'PATCH', `/Groups/${groupId}`, patch({ op: 'Replace', path: 'displayName', value: 'Eng' }));
    await scim(t, setup.token, 'PATCH', `/Groups/${groupId}`, patch({ op: 'replace', value: { id: groupId, displayName: 'Engineering & Co' } }));
    expect((await t.prisma.externalGroup.findUniqueOrThrow({ where: { id: groupId } })).name).toBe('Engineering & Co');

    // Unmapped: the directory's members leave the local group; mapped again, they are back.
    await mutate(t, UNMAP_GROUP, { externalGroupId: gid('ExternalGroup', groupId) }, setup.org.email.owner!);
    expect(await localMembers()).toEqual([]);
    await mutate(t, MAP_GROUP, { externalGroupId: gid('ExternalGroup', groupId), groupId: gid('Group', local.id) }, setup.org.email.owner!);
    expect(await localMembers()).toEqual([cy]);

    // replace sets the whole member list.
    await scim(t, setup.token, 'PATCH', `/Groups/${groupId}`, patch({ op: 'replace', path: 'members', value: [{ value: ann }, { value: bob }] }));
    expect(await localMembers()).toEqual([ann, bob].sort());

    const deleted = await scim(t, setup.token, 'DELETE', `/Groups/${groupId}`);
    expect(deleted.status).toBe(204);
    expect(await localMembers()).toEqual([]);
    expect(await t.prisma.externalGroup.findUnique({ where: { id: groupId } })).toBeNull();
    expect((await scim(t, setup.token, 'GET', `/Groups/${groupId}`)).status).toBe(404);

    const audit = (await scimAudit(t, setup)).filter((entry) => entry.action.startsWith('scim.group.'));
    expect(audit.map((entry) => entry.action)).toEqual([
      'scim.group.create',
      'scim.group.update',
      'scim.group.update',
      'scim.group.update',
      'scim.group.update',
      'scim.group.update',
      'scim.group.update',
      'scim.group.delete',
    ]);
    expect(audit[1]!.changes).toEqual({ membersAdded: [ann, bob, cy] });
    expect(audit[2]!.changes).toEqual({ membersRemoved: [ann] });
    expect(audit.every((entry) => entry.actorType === 'SYSTEM' && entry.actorId === setup.actor)).toBe(true);
  });

  it('refuses a member that is not a user of the directory, and a second group with the same externalId', async () => {
    const setup = await scimOrganization(t);
    const { body: group } = await scim(t, setup.token, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], externalId: 'g-1', displayName: 'G' });
    const owner = await t.prisma.member.findFirstOrThrow({ where: { organizationId: setup.org.orgId } });
    const refused = await scim(t, setup.token, 'PATCH', `/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: [{ value: owner.id }] }));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    const duplicate = await scim(t, setup.token, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], externalId: 'g-1', displayName: 'G again' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect((await scimAudit(t, setup)).map((entry) => entry.action)).toEqual(['scim.group.create']);
  });
});
