// Domain errors: thrown by services, free of GraphQL. The schema exposes each as a typed error
// object in mutation results, and src/schema/shared/mask-errors.ts maps them to extensions.code.

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'INVARIANT_VIOLATED';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
}

/** The principal could not be authenticated (bad, expired or foreign token). */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication required: send a valid bearer token') {
    super(message);
  }
}

/** The thing does not exist, or the principal may not know that it exists. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

/** The principal can see the thing but may not do this with it. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

/**
 * A member whose token does not meet the organization's SSO or MFA requirement: FORBIDDEN, with
 * the reason (`SSO_REQUIRED`, `MFA_REQUIRED`) and the organization, whose sign-in URL the answer
 * carries for SSO.
 */
export class SignInRequiredError extends ForbiddenError {
  constructor(
    readonly reason: 'SSO_REQUIRED' | 'MFA_REQUIRED',
    readonly organizationId: string,
  ) {
    super(
      reason === 'SSO_REQUIRED'
        ? "This organization requires signing in through its identity provider (SSO): sign in at the URL in this error's signInUrl"
        : 'This organization requires multi-factor authentication: sign in again with a second factor',
    );
  }
}

export interface FieldProblem {
  path: string[];
  message: string;
}

/** The input is malformed; `fields` says which input fields and why. */
export class ValidationError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** The action clashes with the current state (already a member, invitation no longer pending). */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

/** The action would break an invariant, such as leaving an organization without an owner. */
export class InvariantViolationError extends DomainError {
  readonly code = 'INVARIANT_VIOLATED';
}

/**
 * The committed-events feed is not running in this server (the app was started without the events
 * runtime): subscriptions cannot be served. Not a DomainError: it is the server's state, not the
 * caller's mistake (extensions.code SERVICE_UNAVAILABLE, src/schema/shared/mask-errors.ts).
 */
export class EventsUnavailableError extends Error {
  constructor() {
    super('Subscriptions are unavailable: events are not running on this server');
  }
}
