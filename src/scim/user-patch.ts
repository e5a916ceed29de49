import { z } from 'zod';
import { type PatchOperation, patchOperations } from './patch.js';
import { nameOf, type UserAttributes, type UserRow, userEmail } from './user-resource.js';
import { parseScim, scimBoolean } from './values.js';

// PATCH of a User, as the providers send it: Okta `{"op":"replace","value":{"active":false}}`,
// Entra ID `{"op":"Replace","path":"active","value":"False"}`, and attribute paths such as
// `name.givenName` or `userName`. Attributes this server does not keep (phone numbers, the
// enterprise extension, emails beside userName) are accepted and left alone, so that a provider's
// full attribute mapping does not fail provisioning.

/** The attributes a User PATCH body sets, derived from the stored member. */
export function userPatch(body: unknown, row: UserRow): UserAttributes {
  const wanted: UserAttributes = {};
  const name: NameEdit = {};
  for (const operation of patchOperations(body)) {
    if (operation.path) setAttribute(wanted, name, operation.path.filter ? null : operation.path.attribute, operation);
    else for (const [key, value] of Object.entries(objectValue(operation.value))) setAttribute(wanted, name, key.toLowerCase(), { ...operation, value });
  }
  // A lone given or family name would erase the other half of the one stored name: only full names count.
  const parts = name.givenName !== undefined && name.familyName !== undefined ? name : { formatted: name.formatted };
  const newName = nameOf(name.displayName, parts);
  if (newName !== undefined && newName !== row.user.name) wanted.name = newName;
  return wanted;
}

interface NameEdit {
  displayName?: string;
  formatted?: string;
  givenName?: string;
  familyName?: string;
}

const NameValue = z.object({ formatted: z.string().optional(), givenName: z.string().optional(), familyName: z.string().optional() });
const text = (value: unknown, attribute: string) => parseScim(z.string({ error: `${attribute} must be a string` }), value);

function setAttribute(wanted: UserAttributes, name: NameEdit, attribute: string | null, { op, value }: PatchOperation): void {
  const removing = op === 'remove';
  switch (attribute) {
    case 'active':
      if (!removing) wanted.active = parseScim(scimBoolean, value);
      return;
    case 'username':
      if (!removing) wanted.email = userEmail(value);
      return;
    case 'externalid':
      wanted.externalId = removing || value === null ? null : text(value, 'externalId');
      return;
    case 'displayname':
      if (!removing) name.displayName = text(value, 'displayName');
      return;
    case 'name':
      if (!removing) Object.assign(name, parseScim(NameValue, value));
      return;
    case 'name.formatted':
    case 'name.givenname':
    case 'name.familyname':
      if (!removing) name[attribute === 'name.formatted' ? 'formatted' : attribute === 'name.givenname' ? 'givenName' : 'familyName'] = text(value, attribute);
      return;
    default:
    // Not kept by this server: accepted without effect.
  }
}

/** The value of an operation without a path: an object of attributes. */
function objectValue(value: unknown): Record<string, unknown> {
  return parseScim(z.record(z.string(), z.unknown(), { error: 'An operation without a path needs an object value' }), value);
}
