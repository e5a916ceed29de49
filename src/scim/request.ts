import type { Context } from '../context.js';
import type { Tx } from '../services/transaction.js';
import { type Change, changeOrganizationAsSystem } from '../services/unit-of-work.js';

// What every SCIM operation runs with: the request's service context, and the domain its bearer
// token selected (the token is the tenant: one base URL for every organization, as Okta and
// Entra ID expect).

/** Where SCIM is served, beside /graphql. */
export const SCIM_BASE_PATH = '/scim/v2';

/** The SCIM base URL administrators give their identity provider (the same for every domain: the token selects it). */
export const scimBaseUrl = (publicUrl: string) => `${publicUrl}${SCIM_BASE_PATH}`;

/** The domain whose SCIM token authenticated the request. */
export interface ScimDomain {
  id: string;
  /** Lower-cased domain name: the users this directory manages have their address there. */
  domain: string;
  organizationId: string;
  /** The role a member the directory creates gets: the domain's default role, shared with JIT provisioning (never OWNER). */
  defaultRole: 'ADMIN' | 'MEMBER' | 'GUEST';
}

export interface ScimCall {
  ctx: Context;
  domain: ScimDomain;
  /** `${PUBLIC_URL}/scim/v2`, for resource locations. */
  baseUrl: string;
}

/** The SYSTEM actor of the audit entries of a domain's SCIM changes. */
export const scimActor = (domain: ScimDomain) => `scim:${domain.id}`;

/** A change by the domain's directory: one transaction under the organization lock, its one audit entry by `scim:<domainId>`. */
export const changeAsDirectory = <T>(call: ScimCall, work: (tx: Tx) => Promise<Change<T>>): Promise<T> =>
  changeOrganizationAsSystem(call.ctx, call.domain.organizationId, scimActor(call.domain), work);

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
