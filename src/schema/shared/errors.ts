import { ConflictError, type DomainError, ForbiddenError, InvariantViolationError, NotFoundError, ValidationError, type FieldProblem } from '../../errors.js';
import type { SignInRefusalReason } from '../../auth/sign-in-requirements.js';
import { builder } from '../builder.js';
import { signInRequirementOf } from './sign-in-required.js';

// Expected failures of mutations are typed results: a union of the payload and these objects.

const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Machine-readable kind of an error; also sent as extensions.code on top-level errors.',
  values: {
    UNAUTHENTICATED: { description: 'No valid bearer token was sent.' },
    FORBIDDEN: { description: 'The caller can see the object but may not do this with it.' },
    NOT_FOUND: { description: 'The object does not exist or is not visible to the caller.' },
    BAD_USER_INPUT: { description: 'The input is invalid; see the field problems.' },
    CONFLICT: { description: 'The action clashes with the current state.' },
    INVARIANT_VIOLATED: { description: 'The action would break a rule that always holds, such as keeping one owner.' },
  } as const,
});

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure of a mutation.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.field({ type: ErrorCodeEnum, description: 'What went wrong, for programs.', resolve: (error) => error.code }),
  }),
});

const FieldProblemRef = builder.objectRef<FieldProblem>('FieldProblem').implement({
  description: 'One invalid input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field from the mutation arguments, e.g. ["input", "email"].' }),
    message: t.exposeString('message', { description: 'Why the value is not accepted.' }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The object does not exist, or the caller may not know that it exists.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ resource: t.exposeString('resource', { description: 'Kind of object that was not found.' }) }),
});

export const SignInRequirementEnum = builder.enumType('SignInRequirement', {
  description: 'What the organization requires of the way its member signed in, and the caller’s token lacks.',
  values: {
    SSO_REQUIRED: { description: 'Sign in through the organization’s identity provider (see signInUrl).' },
    MFA_REQUIRED: { description: 'Sign in with a second factor (the token’s amr must show one).' },
  } satisfies Record<SignInRefusalReason, { description: string }>,
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The caller lacks the scope or rank this needs, or its token does not meet the organization’s SSO or MFA requirement.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.field({
      type: SignInRequirementEnum,
      nullable: true,
      description: 'Set when the refusal is the organization’s sign-in requirement (the same as extensions.reason of a top-level error).',
      resolve: (error, _args, ctx) => signInRequirementOf(error, ctx.settings.publicUrl).reason ?? null,
    }),
    signInUrl: t.string({
      nullable: true,
      description: 'For SSO_REQUIRED: where to sign in through the organization’s identity provider.',
      resolve: (error, _args, ctx) => signInRequirementOf(error, ctx.settings.publicUrl).signInUrl ?? null,
    }),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input is invalid; nothing was changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldProblemRef], description: 'The invalid fields.', resolve: (error) => error.fields }) }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The action clashes with the current state, such as an existing membership or a final invitation status.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(InvariantViolationError, {
  name: 'InvariantViolationError',
  description: 'The action would break an invariant, such as leaving an organization without an owner.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});
