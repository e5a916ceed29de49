import type { Context } from '../context.js';
import { changeOrganizationAsSystem } from './unit-of-work.js';

// The `groups` claim of a sign-in through the organization's provider: each group is recorded as
// a discovered ExternalGroup, and the member is put into the local groups those map to, and taken
// out of mapped local groups no longer asserted (mapped groups follow the provider). A sign-in
// without the claim changes nothing: the provider may simply not be configured to send it.

export const GROUP_SYNC_ACTOR = 'sso-group-sync';

/** Most groups taken from one sign-in, and the longest group id. */
const MAX_GROUPS = 500;
const MAX_GROUP_LENGTH = 255;

/** The groups a claim asserts, cleaned; null when there is no such claim. */
export function assertedGroups(claim: unknown): string[] | null {
  if (!Array.isArray(claim)) return null;
  const groups = claim.filter((group): group is string => typeof group === 'string' && group.length > 0 && group.length <= MAX_GROUP_LENGTH);
  return [...new Set(groups)].slice(0, MAX_GROUPS);
}

/** Records the asserted groups and the member's mapped groups; one audit entry when anything changed. */
export async function syncExternalGroups(ctx: Context, organizationId: string, userId: string, groups: string[]): Promise<void> {
  await changeOrganizationAsSystem(ctx, organizationId, GROUP_SYNC_ACTOR, async (tx) => {
    const member = await tx.member.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { id: true, status: true } });
    const known = await tx.externalGroup.findMany({ where: { organizationId }, select: { externalId: true, groupId: true } });
    const knownIds = new Set(known.map((group) => group.externalId));
    const discovered = groups.filter((group) => !knownIds.has(group));
    if (discovered.length) {
      await tx.externalGroup.createMany({ data: discovered.map((externalId) => ({ organizationId, externalId, name: externalId })), skipDuplicates: true });
    }
    const asserted = new Set(groups);
    const mapped = new Set(known.flatMap((group) => (group.groupId ? [group.groupId] : [])));
    const wanted = new Set(known.flatMap((group) => (group.groupId && asserted.has(group.externalId) ? [group.groupId] : [])));
    let joined: string[] = [];
    let left: string[] = [];
    // A suspended member keeps its groups until it is active again: signing in changes nothing of it.
    if (member?.status === 'ACTIVE' && mapped.size) {
      const current = await tx.groupMember.findMany({ where: { memberId: member.id, groupId: { in: [...mapped] } }, select: { groupId: true } });
      const has = new Set(current.map((row) => row.groupId));
      joined = [...wanted].filter((groupId) => !has.has(groupId));
      left = [...has].filter((groupId) => !wanted.has(groupId));
      if (joined.length) await tx.groupMember.createMany({ data: joined.map((groupId) => ({ groupId, memberId: member.id })), skipDuplicates: true });
      if (left.length) await tx.groupMember.deleteMany({ where: { memberId: member.id, groupId: { in: left } } });
    }
    if (!discovered.length && !joined.length && !left.length) return { result: undefined, audit: null };
    return {
      result: undefined,
      audit: {
        action: 'member.sync_groups',
        targetType: member ? 'Member' : 'User',
        targetId: member?.id ?? userId,
        changes: { discovered, joinedGroupIds: joined, leftGroupIds: left },
      },
    };
  });
}
