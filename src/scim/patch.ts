import { type Filter, parse } from 'scim2-parse-filter';
import { z } from 'zod';
import { badRequest } from './errors.js';
import { PATCH_OP_SCHEMA } from './request.js';
import { parseScim } from './values.js';

// A PATCH request (RFC 7644 §3.5.2) read into operations with a lower-cased op and a parsed path.
// Providers differ in form: Entra ID capitalises ops ("Replace") and sends `active` as a path with
// a string value; Okta sends no path and an object value ({"active": false}). A path's value
// filter (`members[value eq "…"]`) is parsed by scim2-parse-filter.

const PatchBody = z.object({
  schemas: z.array(z.string()).refine((schemas) => schemas.includes(PATCH_OP_SCHEMA), `must include ${PATCH_OP_SCHEMA}`),
  Operations: z.array(z.object({ op: z.string(), path: z.string().optional(), value: z.unknown().optional() })).min(1, 'must hold an operation'),
});

export type PatchOp = 'add' | 'replace' | 'remove';

export interface PatchPath {
  /** Lower-case attribute, without the core schema's URN: `active`, `name.givenname`, `members`. */
  attribute: string;
  /** The value filter of `attribute[…]`, if any. */
  filter?: Filter;
}

export interface PatchOperation {
  op: PatchOp;
  path: PatchPath | null;
  value: unknown;
}

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/i;
const VALUE_PATH = /^([^[\]]+)\[(.+)\](?:\.([^[\]]+))?$/;

/** The operations of a PATCH body; 400 invalidSyntax / invalidPath / invalidValue when malformed. */
export function patchOperations(body: unknown): PatchOperation[] {
  const { Operations } = parseScim(PatchBody, body);
  return Operations.map(({ op, path, value }) => {
    const name = op.toLowerCase();
    if (name !== 'add' && name !== 'replace' && name !== 'remove')
      throw badRequest('invalidSyntax', `Unknown PATCH op ${JSON.stringify(op)}: use add, replace or remove`);
    const parsed = path === undefined || path.trim() === '' ? null : patchPath(path);
    if (name === 'remove' && !parsed) throw badRequest('noTarget', 'A remove operation needs a path');
    if (name !== 'remove' && value === undefined) throw badRequest('invalidValue', `The ${name} operation needs a value`);
    return { op: name, path: parsed, value };
  });
}

function patchPath(path: string): PatchPath {
  const match = VALUE_PATH.exec(path.trim());
  if (!match) return { attribute: attributeOf(path) };
  const [, attribute = '', , subAttribute] = match;
  let filter: Filter;
  try {
    // The library parses `attribute[filter]` as a value-path filter.
    const parsed = parse(`${attribute}[${match[2]}]`);
    if (parsed.op !== '[]') throw new Error('not a value path');
    filter = parsed.valFilter;
  } catch (error) {
    throw badRequest('invalidPath', `The path ${JSON.stringify(path)} cannot be parsed: ${(error as Error).message}`);
  }
  return { attribute: attributeOf(subAttribute ? `${attribute}.${subAttribute}` : attribute), filter };
}

const attributeOf = (path: string) => path.trim().replace(CORE_PREFIX, '').toLowerCase();

/** The value of `value eq "…"` in a path filter (`members[value eq "id"]`); 400 invalidPath for any other filter. */
export function valueEquals(filter: Filter): string {
  if (filter.op === 'eq' && filter.attrPath.toLowerCase() === 'value' && typeof filter.compValue === 'string') return filter.compValue;
  throw badRequest('invalidPath', 'Only value eq "…" filters are supported in this path');
}
