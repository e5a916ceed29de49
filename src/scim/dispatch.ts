import { resourceTypes, schemas, serviceProviderConfig } from './discovery.js';
import { ScimError } from './errors.js';
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup, replaceGroup } from './groups.js';
import { listParams, listResponse } from './list.js';
import type { ScimCall } from './request.js';
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser } from './users.js';

// Which operation a SCIM request under /scim/v2 asks for (RFC 7644 §3.2), by method and path.

export interface ScimResult {
  status: number;
  body?: unknown;
}

export interface ScimRequest {
  method: string;
  /** Path segments after /scim/v2, decoded. */
  segments: string[];
  url: URL;
  body: unknown;
}

const ok = (body: unknown): ScimResult => ({ status: 200, body });
const created = (body: unknown): ScimResult => ({ status: 201, body });
const NO_CONTENT: ScimResult = { status: 204 };

/** `excludedAttributes=members`: groups without their member lists (Entra ID asks so when it looks a group up). */
const withMembers = (url: URL) =>
  !(url.searchParams.get('excludedAttributes') ?? '')
    .toLowerCase()
    .split(',')
    .map((a) => a.trim())
    .includes('members');

export async function dispatch(call: ScimCall, { method, segments, url, body }: ScimRequest): Promise<ScimResult> {
  const [collection, id, ...rest] = segments;
  if (rest.length > 0) throw new ScimError(404, 'No such SCIM endpoint');
  switch (`${method} ${collection ?? ''}${id === undefined ? '' : '/:id'}`) {
    case 'GET ServiceProviderConfig':
      return ok(serviceProviderConfig(call.baseUrl));
    case 'GET ResourceTypes':
      return ok(listOf(resourceTypes(call.baseUrl)));
    case 'GET ResourceTypes/:id':
      return ok(oneOf(resourceTypes(call.baseUrl), id!));
    case 'GET Schemas':
      return ok(listOf(schemas(call.baseUrl)));
    case 'GET Schemas/:id':
      return ok(oneOf(schemas(call.baseUrl), id!));
    case 'GET Users':
      return ok(await listUsers(call, listParams(url)));
    case 'POST Users':
      return created(await createUser(call, body));
    case 'GET Users/:id':
      return ok(await getUser(call, id!));
    case 'PUT Users/:id':
      return ok(await replaceUser(call, id!, body));
    case 'PATCH Users/:id':
      return ok(await patchUser(call, id!, body));
    case 'DELETE Users/:id':
      await deleteUser(call, id!);
      return NO_CONTENT;
    case 'GET Groups':
      return ok(await listGroups(call, listParams(url), withMembers(url)));
    case 'POST Groups':
      return created(await createGroup(call, body));
    case 'GET Groups/:id':
      return ok(await getGroup(call, id!, withMembers(url)));
    case 'PUT Groups/:id':
      return ok(await replaceGroup(call, id!, body));
    case 'PATCH Groups/:id':
      await patchGroup(call, id!, body);
      return NO_CONTENT;
    case 'DELETE Groups/:id':
      await deleteGroup(call, id!);
      return NO_CONTENT;
    default:
      throw new ScimError(404, `${method} /scim/v2/${segments.join('/')} is not a SCIM endpoint of this server (bulk, /Me and .search are not supported)`);
  }
}

function listOf(resources: unknown[]) {
  return listResponse({ filter: null, startIndex: 1, count: resources.length }, resources.length, resources);
}

function oneOf<T extends { id: string }>(resources: T[], id: string): T {
  const found = resources.find((resource) => resource.id === id);
  if (!found) throw new ScimError(404, `No ${id} here`);
  return found;
}
