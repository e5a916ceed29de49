import type { Tx } from './transaction.js';

// Members of external groups (as a SCIM directory sends them) and the local group each one is
// mapped to: while an external group is mapped, its members are members of the local group. A
// member leaves the local group when it leaves the external group, when the external group is
// deleted, unmapped or mapped elsewhere, unless another external group mapped to the same local
// group still holds it. Memberships an administrator added by hand are not told apart from these:
// a directory-synced member leaves with the directory's group.

interface ExternalGroupMapping {
  id: string;
  groupId: string | null;
}

/** Puts the members into the external group, and into its mapped local group. */
export async function addExternalGroupMembers(tx: Tx, externalGroup: ExternalGroupMapping, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.externalGroupMember.createMany({ data: memberIds.map((memberId) => ({ externalGroupId: externalGroup.id, memberId })), skipDuplicates: true });
  if (externalGroup.groupId) await joinLocalGroup(tx, externalGroup.groupId, memberIds);
}

/** Takes the members out of the external group, and out of its mapped local group. */
export async function removeExternalGroupMembers(tx: Tx, externalGroup: ExternalGroupMapping, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.externalGroupMember.deleteMany({ where: { externalGroupId: externalGroup.id, memberId: { in: memberIds } } });
  if (externalGroup.groupId) await leaveLocalGroup(tx, externalGroup.groupId, externalGroup.id, memberIds);
}

/**
 * The external group's mapping moves from `from` to `to` (either null): its members leave the old
 * local group and join the new one. Call before the mapping is written or after: only the members
 * of other external groups are looked at.
 */
export async function moveExternalGroupMapping(tx: Tx, externalGroupId: string, from: string | null, to: string | null): Promise<void> {
  if (from === to) return;
  const memberIds = (await tx.externalGroupMember.findMany({ where: { externalGroupId }, select: { memberId: true } })).map((row) => row.memberId);
  if (from) await leaveLocalGroup(tx, from, externalGroupId, memberIds);
  if (to) await joinLocalGroup(tx, to, memberIds);
}

async function joinLocalGroup(tx: Tx, groupId: string, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.groupMember.createMany({ data: memberIds.map((memberId) => ({ groupId, memberId })), skipDuplicates: true });
}

/** The members leave the local group, but those another external group mapped to it still holds. */
async function leaveLocalGroup(tx: Tx, groupId: string, externalGroupId: string, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.groupMember.deleteMany({
    where: {
      groupId,
      memberId: { in: memberIds },
      member: { externalGroups: { none: { externalGroupId: { not: externalGroupId }, externalGroup: { groupId } } } },
    },
  });
}
