import { z } from 'zod';
import type { MemberStatus } from '../db/generated/prisma/enums.js';
import { email, personName, text } from '../services/validate.js';
import { badRequest } from './errors.js';
import { type ScimCall, USER_SCHEMA } from './request.js';
import { scimBoolean, parseScim } from './values.js';

// A SCIM User is a member of the domain's organization: `id` is the Member's id, `userName` and
// the one email are the user's (lower-cased) address, `externalId` is stored on the Member
// (unique in the organization), `active` is the membership's status (false: SUSPENDED). The
// person's name is the User's one `name`: SCIM's name parts are joined into it.

/** The columns a User resource is made of. */
export const USER_RESOURCE_SELECT = {
  id: true,
  externalId: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { email: true, name: true } },
} as const;

export interface UserRow {
  id: string;
  externalId: string | null;
  status: MemberStatus;
  createdAt: Date;
  updatedAt: Date;
  user: { email: string; name: string };
}

export function userResource(call: ScimCall, row: UserRow) {
  return {
    schemas: [USER_SCHEMA],
    id: row.id,
    ...(row.externalId !== null ? { externalId: row.externalId } : {}),
    userName: row.user.email,
    name: { formatted: row.user.name },
    displayName: row.user.name,
    emails: [{ value: row.user.email, type: 'work', primary: true }],
    active: row.status === 'ACTIVE',
    meta: {
      resourceType: 'User',
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${call.baseUrl}/Users/${row.id}`,
    },
  };
}

const NameParts = z.object({ formatted: z.string().nullish(), givenName: z.string().nullish(), familyName: z.string().nullish() }).partial();

/** The attributes of a User this server keeps; others (phone numbers, the enterprise extension, a password) are accepted and dropped. */
const UserInput = z.object({
  userName: z.string(),
  externalId: text(255).nullish(),
  active: scimBoolean.optional(),
  displayName: z.string().nullish(),
  name: NameParts.nullish(),
});

/** A User's attributes as this server stores them; undefined: not given. */
export interface UserAttributes {
  email?: string;
  externalId?: string | null;
  active?: boolean;
  name?: string;
}

/** The body of POST or PUT /Users. */
export function userInput(body: unknown): UserAttributes & { email: string } {
  const input = parseScim(UserInput, body);
  return {
    email: userEmail(input.userName),
    externalId: input.externalId ?? null,
    active: input.active,
    name: nameOf(input.displayName, input.name),
  };
}

/** userName, which must be an email address (checked on the domain by the service). */
export function userEmail(userName: unknown): string {
  const parsed = email.safeParse(userName);
  if (!parsed.success) throw badRequest('invalidValue', `userName must be an email address: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** The one name from SCIM's displayName or name parts (formatted, else given + family), checked as a person's name; undefined when none is given. */
export function nameOf(displayName: string | null | undefined, name: z.infer<typeof NameParts> | null | undefined): string | undefined {
  const joined = [name?.givenName, name?.familyName].filter((part) => part?.trim()).join(' ');
  const candidate = [displayName, name?.formatted, joined].find((value) => value?.trim());
  if (!candidate) return undefined;
  const parsed = personName.safeParse(candidate);
  if (!parsed.success) throw badRequest('invalidValue', `The name ${JSON.stringify(candidate)} is refused: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
