import { z } from 'zod';
import { badRequest } from './errors.js';
import { groupName, MemberValues } from './group-resource.js';
import { type PatchOperation, patchOperations, valueEquals } from './patch.js';
import { parseScim } from './values.js';

// PATCH of a Group (RFC 7644 §3.5.2), operation by operation on the group's member set:
// `add` members, `remove` with `members[value eq "…"]` (Entra ID, Okta) or with a value list,
// `replace` members (the whole set), and `replace` of displayName or externalId, with a path or
// as an object value.

export interface GroupEdit {
  name?: string;
  externalId?: string;
  /** The member ids after the operations. */
  memberIds: Set<string>;
}

const idsOf = (value: unknown) => parseScim(MemberValues, value).map((m) => m.value);
const GroupObject = z.object({ displayName: groupName.optional(), externalId: z.string().min(1).optional(), members: MemberValues.optional() });

/** Applies the body's operations to the group's current members (and name). */
export function groupPatch(body: unknown, currentMemberIds: string[]): GroupEdit {
  const edit: GroupEdit = { memberIds: new Set(currentMemberIds) };
  for (const operation of patchOperations(body)) applyOperation(edit, operation);
  return edit;
}

function applyOperation(edit: GroupEdit, { op, path, value }: PatchOperation): void {
  if (!path) {
    const object = parseScim(GroupObject, value);
    if (object.displayName !== undefined) edit.name = object.displayName;
    if (object.externalId !== undefined) edit.externalId = object.externalId;
    if (object.members)
      changeMembers(
        edit,
        op,
        object.members.map((m) => m.value),
      );
    return;
  }
  switch (path.attribute) {
    case 'members':
      if (path.filter) {
        if (op !== 'remove') throw badRequest('invalidPath', `A members[…] path is supported with remove only, not ${op}`);
        edit.memberIds.delete(valueEquals(path.filter));
      } else changeMembers(edit, op, value === undefined ? null : idsOf(value));
      return;
    case 'displayname':
      if (op === 'remove') throw badRequest('mutability', 'displayName is required and cannot be removed');
      edit.name = parseScim(groupName, value);
      return;
    case 'externalid':
      if (op !== 'remove') edit.externalId = parseScim(z.string().min(1), value);
      return;
    default:
    // Not kept by this server: accepted without effect.
  }
}

/** add, remove (null: every member) or replace members. */
function changeMembers(edit: GroupEdit, op: PatchOperation['op'], ids: string[] | null): void {
  if (op === 'replace' || (op === 'remove' && ids === null)) edit.memberIds.clear();
  for (const id of ids ?? []) {
    if (op === 'remove') edit.memberIds.delete(id);
    else edit.memberIds.add(id);
  }
}
