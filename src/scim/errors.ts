// SCIM's error response (RFC 7644 §3.12): the Error message schema, the HTTP status as a string,
// and for 400s a scimType that tells the client what kind of mistake it made.

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The scimType values of RFC 7644 §3.12 that this server sends. */
export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'invalidValue' | 'noTarget' | 'mutability' | 'uniqueness' | 'tooMany';

/** An expected failure of a SCIM request, answered with SCIM's error body. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    /** For 429 and 503: when to try again (Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType);
export const notFound = (resource: 'User' | 'Group') => new ScimError(404, `${resource} not found`);
export const notUnique = (detail: string) => new ScimError(409, detail, 'uniqueness');

/** The body of an error response. */
export function errorBody(error: ScimError) {
  return { schemas: [ERROR_SCHEMA], status: String(error.status), ...(error.scimType ? { scimType: error.scimType } : {}), detail: error.detail };
}
