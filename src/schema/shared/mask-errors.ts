import { GraphQLError } from 'graphql';
import { PothosValidationError } from '@pothos/core';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../../db/unavailable.js';
import { DomainError, EventsUnavailableError } from '../../errors.js';
import { signInRequirementOf } from './sign-in-required.js';
import { RateLimitedError } from '../../http/rate-limiters.js';

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401 };

type GraphQLErrorLike = Pick<GraphQLError, 'message' | 'nodes' | 'path' | 'originalError'>;

// By name rather than instanceof: graphql 16 ships CommonJS and ESM builds, and a test runner
// or bundler may load both, each with its own GraphQLError class.
function isGraphQLError(error: unknown): error is GraphQLErrorLike {
  return error instanceof Error && error.name === 'GraphQLError';
}

/**
 * Yoga's maskError: domain errors keep their message and gain extensions.code (a refused sign-in
 * also its reason and, given the server's public URL, where to sign in); an invalid global id is
 * BAD_USER_INPUT; anything unexpected is masked so internals never leak. It logs nothing:
 * src/log/error-log.ts logs what was masked as INTERNAL_SERVER_ERROR, once.
 */
export function maskError(error: unknown, message: string, publicUrl?: string): Error {
  const graphqlError = isGraphQLError(error) ? error : undefined;
  const location = { nodes: graphqlError?.nodes, path: graphqlError?.path };
  const original = innermost(error);
  if (original instanceof DomainError) {
    const http = HTTP_STATUS[original.code] ? { http: { status: HTTP_STATUS[original.code] } } : {};
    const signIn = publicUrl === undefined ? {} : signInRequirementOf(original, publicUrl);
    return new GraphQLError(original.message, { ...location, extensions: { code: original.code, ...signIn, ...http } });
  }
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, { ...location, extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (isDatabaseUnavailable(original)) return unavailable(location);
  if (original instanceof EventsUnavailableError) return new GraphQLError(original.message, { ...location, extensions: { code: 'SERVICE_UNAVAILABLE' } });
  if (original instanceof RateLimitedError) return rateLimited(original);
  if (graphqlError && !graphqlError.path) return requestLevel(error as GraphQLError); // parse, validation, variables
  // Unexpected: tell the client nothing about internals.
  return new GraphQLError(message, { ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** The database cannot be reached: 503 with Retry-After, whether it failed in authentication, a read or a write. */
function unavailable(location: Pick<GraphQLError, 'nodes' | 'path'>): GraphQLError {
  return new GraphQLError('The service is temporarily unavailable: retry shortly', {
    ...location,
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } } },
  });
}

/** A rate limit refused the request (src/http/principal-rate-limit.ts): 429 with Retry-After, as the outage's 503. */
function rateLimited(error: RateLimitedError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'retry-after': String(error.retryAfterSeconds) } } },
  });
}

// graphql-armor's depth, alias and directive limits are validation rules, yet word their refusals
// as syntax errors without a code: they answer as the other refused documents do.
const ARMOR_REFUSAL = /^Syntax Error: ((Query depth|Aliases|Directives) limit of .*)$/s;

/** Errors before execution (syntax, validation, variable values) are the client's: say so. */
function requestLevel(error: GraphQLError): GraphQLError {
  if (error.extensions?.code) return error;
  const refusal = ARMOR_REFUSAL.exec(error.message);
  // `http`: the status of yoga's own validation failures, 400 for GraphQL-over-HTTP clients (spec: 200 for application/json ones).
  if (refusal) {
    return new GraphQLError(refusal[1]!, {
      nodes: error.nodes,
      extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED', http: { spec: true, status: 400 } },
    });
  }
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
}

/** Envelop may wrap a resolver's error in more than one GraphQLError; the cause is innermost. */
export function innermost(error: unknown): unknown {
  let current = error;
  while (isGraphQLError(current) && current.originalError) current = current.originalError;
  return current;
}
