import { z } from 'zod';
import { text } from '../services/validate.js';
import { GROUP_SCHEMA, type ScimCall } from './request.js';
import { parseScim } from './values.js';

// A SCIM Group is an external group of the organization (the groups SSO sign-ins reveal are the
// same rows): `id` is the ExternalGroup's id, `externalId` the provider's id of the group (when
// the provider sends none, the group's own id stands in), `members` are SCIM Users (Member ids).
// Administrators map it to a local group in Orgraph (mapExternalGroup).

export const GROUP_RESOURCE_SELECT = { id: true, externalId: true, name: true, discoveredAt: true, updatedAt: true } as const;

/** A member of a group, as its resource lists it. */
export const GROUP_MEMBER_FIELDS = { memberId: true, member: { select: { user: { select: { email: true } } } } } as const;

export interface GroupRow {
  id: string;
  externalId: string;
  name: string;
  discoveredAt: Date;
  updatedAt: Date;
  members?: { memberId: string; member: { user: { email: string } } }[];
}

export function groupResource(call: ScimCall, row: GroupRow) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.externalId !== row.id ? { externalId: row.externalId } : {}),
    displayName: row.name,
    ...(row.members
      ? { members: row.members.map((m) => ({ value: m.memberId, display: m.member.user.email, type: 'User', $ref: `${call.baseUrl}/Users/${m.memberId}` })) }
      : {}),
    meta: {
      resourceType: 'Group',
      created: row.discoveredAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${call.baseUrl}/Groups/${row.id}`,
    },
  };
}

export const groupName = text(255).min(1, 'displayName must not be empty');
export const MemberValues = z.array(z.object({ value: z.string() }));

const GroupInput = z.object({ displayName: groupName, externalId: text(255).min(1).nullish(), members: MemberValues.optional() });

/** The body of POST or PUT /Groups. */
export function groupInput(body: unknown) {
  const input = parseScim(GroupInput, body);
  return { name: input.displayName, externalId: input.externalId ?? null, memberIds: (input.members ?? []).map((m) => m.value) };
}
