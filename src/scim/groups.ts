import { randomUUID } from 'node:crypto';
import type { Prisma } from '../db/generated/prisma/client.js';
import { addExternalGroupMembers, moveExternalGroupMapping, removeExternalGroupMembers } from '../services/external-group-members.js';
import type { Tx } from '../services/transaction.js';
import { badRequest, notFound, notUnique } from './errors.js';
import { type FilterAttributes, filterWhere, textValue } from './filter.js';
import { type GroupEdit, groupPatch } from './group-patch.js';
import { GROUP_MEMBER_FIELDS, GROUP_RESOURCE_SELECT, type GroupRow, groupInput, groupResource } from './group-resource.js';
import { type ListParams, listResponse, pageOf } from './list.js';
import { type ScimCall, changeAsDirectory } from './request.js';
import { domainUsers } from './users.js';

// SCIM Groups: the organization's external groups. A directory creates, renames and deletes them
// and sets their members (users of its domain); while an external group is mapped to a local group,
// its members are in that group too (services/external-group-members.ts). Each change is one
// transaction under the organization lock with one audit entry, actor SYSTEM `scim:<domainId>`.

const GROUP_FILTERS: FilterAttributes<Prisma.ExternalGroupWhereInput> = {
  id: (value) => ({ id: textValue(value) }),
  displayname: (value) => ({ name: { equals: textValue(value), mode: 'insensitive' } }),
  externalid: (value) => ({ externalId: textValue(value) }),
  'members.value': (value) => ({ members: { some: { memberId: textValue(value) } } }),
};

/** The group's members that are users of the call's domain (another domain's are not this directory's). */
const membersSelect = (call: ScimCall) => ({
  select: GROUP_MEMBER_FIELDS,
  where: { member: domainUsers(call.domain) },
  orderBy: { createdAt: 'asc' as const },
});

/** The resource's columns, with the members' unless `withMembers` is false. */
const groupSelect = (call: ScimCall, withMembers: boolean) => ({ ...GROUP_RESOURCE_SELECT, members: withMembers ? membersSelect(call) : (false as const) });

// Prisma types a conditional relation selection as the plainer branch: the rows are GroupRows.
const asGroupRow = (row: object) => row as GroupRow;

export async function listGroups(call: ScimCall, params: ListParams, withMembers: boolean) {
  const where = { AND: [{ organizationId: call.domain.organizationId }, filterWhere(params.filter, GROUP_FILTERS) ?? {}] };
  const select = groupSelect(call, withMembers);
  const [total, rows] = await Promise.all([
    call.ctx.prisma.externalGroup.count({ where }),
    params.count === 0 ? [] : call.ctx.prisma.externalGroup.findMany({ where, select, orderBy: [{ discoveredAt: 'asc' }, { id: 'asc' }], ...pageOf(params) }),
  ]);
  return listResponse(
    params,
    total,
    rows.map((row) => groupResource(call, asGroupRow(row))),
  );
}

export async function getGroup(call: ScimCall, id: string, withMembers: boolean) {
  const row = await call.ctx.prisma.externalGroup.findFirst({
    where: { id, organizationId: call.domain.organizationId },
    select: groupSelect(call, withMembers),
  });
  if (!row) throw notFound('Group');
  return groupResource(call, asGroupRow(row));
}

export async function createGroup(call: ScimCall, body: unknown) {
  const input = groupInput(body);
  const { organizationId } = call.domain;
  const id = await changeAsDirectory(call, async (tx) => {
    const id = randomUUID();
    const externalId = input.externalId ?? id;
    await requireFreeExternalId(tx, organizationId, externalId);
    const memberIds = await requireDomainUsers(tx, call, [...new Set(input.memberIds)]);
    await tx.externalGroup.create({ data: { id, organizationId, externalId, name: input.name } });
    await addExternalGroupMembers(tx, { id, groupId: null }, memberIds);
    return {
      result: id,
      audit: {
        action: 'scim.group.create',
        targetType: 'ExternalGroup',
        targetId: id,
        changes: { displayName: input.name, externalId, membersAdded: memberIds },
      },
    };
  });
  return getGroup(call, id, true);
}

/** PUT: the body's displayName, externalId (absent: kept) and members (absent: none) replace the stored ones. */
export async function replaceGroup(call: ScimCall, id: string, body: unknown) {
  const input = groupInput(body);
  await changeGroup(call, id, () => ({ name: input.name, externalId: input.externalId ?? undefined, memberIds: new Set(input.memberIds) }));
  return getGroup(call, id, true);
}

/** PATCH, answered 204 without a body (RFC 7644 §3.5.2 allows it; large groups are not sent back). */
export async function patchGroup(call: ScimCall, id: string, body: unknown): Promise<void> {
  await changeGroup(call, id, (memberIds) => groupPatch(body, memberIds));
}

/** DELETE: the external group goes, and its members leave the local group it was mapped to. */
export async function deleteGroup(call: ScimCall, id: string): Promise<void> {
  await changeAsDirectory(call, async (tx) => {
    const group = await tx.externalGroup.findFirst({ where: { id, organizationId: call.domain.organizationId } });
    if (!group) throw notFound('Group');
    await moveExternalGroupMapping(tx, id, group.groupId, null);
    await tx.externalGroup.delete({ where: { id } });
    return {
      result: undefined,
      audit: {
        action: 'scim.group.delete',
        targetType: 'ExternalGroup',
        targetId: id,
        changes: { displayName: group.name, externalId: group.externalId, groupId: group.groupId },
      },
    };
  });
}

/** Applies the edit `editOf` makes of the group's current members (those of the domain); one audit entry when something changed. */
async function changeGroup(call: ScimCall, id: string, editOf: (memberIds: string[]) => GroupEdit): Promise<void> {
  const { organizationId } = call.domain;
  await changeAsDirectory(call, async (tx) => {
    const group = await tx.externalGroup.findFirst({ where: { id, organizationId } });
    if (!group) throw notFound('Group');
    const current = await tx.externalGroupMember.findMany({ where: { externalGroupId: id, member: domainUsers(call.domain) }, select: { memberId: true } });
    const currentIds = current.map((row) => row.memberId);
    const edit = editOf(currentIds);
    const added = await requireDomainUsers(
      tx,
      call,
      [...edit.memberIds].filter((memberId) => !currentIds.includes(memberId)),
    );
    const removed = currentIds.filter((memberId) => !edit.memberIds.has(memberId));
    const changes: Record<string, unknown> = {};
    if (edit.name !== undefined && edit.name !== group.name) changes.displayName = { from: group.name, to: edit.name };
    if (edit.externalId !== undefined && edit.externalId !== group.externalId) {
      await requireFreeExternalId(tx, organizationId, edit.externalId);
      changes.externalId = { from: group.externalId, to: edit.externalId };
    }
    if (added.length) changes.membersAdded = added;
    if (removed.length) changes.membersRemoved = removed;
    if (Object.keys(changes).length === 0) return { result: undefined, audit: null };
    await addExternalGroupMembers(tx, group, added);
    await removeExternalGroupMembers(tx, group, removed);
    await tx.externalGroup.update({ where: { id }, data: { name: edit.name, externalId: edit.externalId, updatedAt: new Date() } });
    return { result: undefined, audit: { action: 'scim.group.update', targetType: 'ExternalGroup', targetId: id, changes } };
  });
}

async function requireFreeExternalId(tx: Tx, organizationId: string, externalId: string): Promise<void> {
  const taken = await tx.externalGroup.findUnique({ where: { organizationId_externalId: { organizationId, externalId } }, select: { id: true } });
  if (taken) throw notUnique(`The organization already has a group with the externalId ${externalId}`);
}

/** The ids, each a User of the call's domain; 400 invalidValue naming those that are not. */
async function requireDomainUsers(tx: Tx, call: ScimCall, memberIds: string[]): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const found = await tx.member.findMany({ where: { id: { in: memberIds }, ...domainUsers(call.domain) }, select: { id: true } });
  const known = new Set(found.map((row) => row.id));
  const unknown = memberIds.filter((memberId) => !known.has(memberId));
  if (unknown.length) throw badRequest('invalidValue', `No User with the id ${unknown.join(', ')} in this directory`);
  return memberIds;
}
