import { GraphQLError } from 'graphql';
import { PothosValidationError } from '@pothos/core';
import { DomainError } from '../../errors.js';

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401 };

/**
 * Yoga's maskError: domain errors keep their message and gain extensions.code; an invalid
 * global id is BAD_USER_INPUT; anything unexpected is masked so internals never leak.
 */
export function maskError(error: unknown, message: string): Error {
  const graphqlError = error instanceof GraphQLError ? error : undefined;
  const original = graphqlError?.originalError ?? error;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      nodes: graphqlError?.nodes,
      path: graphqlError?.path,
      extensions: { code: original.code, ...(HTTP_STATUS[original.code] ? { http: { status: HTTP_STATUS[original.code] } } : {}) },
    });
  }
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, { nodes: graphqlError?.nodes, path: graphqlError?.path, extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (graphqlError && !graphqlError.originalError) return graphqlError; // parse and validation errors
  return new GraphQLError(message, { nodes: graphqlError?.nodes, path: graphqlError?.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
