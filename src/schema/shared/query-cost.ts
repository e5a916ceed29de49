import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLField,
  type GraphQLOutputType,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

// A query's cost, computed from its shape and page sizes before it runs (plugin-complexity): every
// field costs 1, and what a field selects is counted once per item it can return — a connection's
// `first`/`last` (20 when absent, at most 100), the number of ids of `nodes`, 10 for other lists.
// Aliases are counted separately. A query above the limit is refused with COST_LIMIT_EXCEEDED.

const PAGE_DEFAULT = 20;
const PAGE_MAX = 100;
const LIST_ESTIMATE = 10;

function isConnection(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isObjectType(named) && named.name.endsWith('Connection') && 'edges' in named.getFields();
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** plugin-complexity's cost of a field: 1, times the items it can return for what it selects. */
export function fieldCost<Ctx>(args: Record<string, unknown>, _ctx: Ctx, field: GraphQLField<unknown, Ctx>): { field: number; multiplier: number } {
  if (isConnection(field.type)) {
    const size = (args.first ?? args.last ?? PAGE_DEFAULT) as number;
    return { field: 1, multiplier: Math.min(Math.max(size, 0), PAGE_MAX) };
  }
  if (Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
  // A connection's own lists (edges, nodes) are counted by the connection.
  if (field.name === 'edges' || field.name === 'nodes') return { field: 1, multiplier: 1 };
  return { field: 1, multiplier: isList(field.type) ? LIST_ESTIMATE : 1 };
}

/** The document with only the operation that runs (plugin-complexity measures the first one). */
function onlyOperation(document: DocumentNode, operationName: string | null | undefined): DocumentNode {
  let seen = false;
  return {
    ...document,
    definitions: document.definitions.filter((definition) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION) return true;
      const runs = operationName ? definition.name?.value === operationName : !seen;
      seen = true;
      return runs;
    }),
  };
}

/** Why an operation is refused for its cost above `limit`, or null. */
function costRefusal(args: ExecutionArgs, limit: number): GraphQLError | null {
  let cost: number;
  try {
    cost = complexityFromQuery(onlyOperation(args.document, args.operationName), {
      schema: args.schema,
      ctx: args.contextValue as object,
      variables: args.variableValues ?? {},
    }).complexity;
  } catch {
    return null; // Invalid variables and the like: execution reports them.
  }
  if (cost <= limit) return null;
  return new GraphQLError(`The query costs ${cost}, above the limit of ${limit}: ask for smaller pages (first/last), fewer nested lists or fewer aliases`, {
    extensions: { code: 'COST_LIMIT_EXCEEDED', cost, limit },
  });
}

/** Refuses, before execution, operations (subscriptions included: each event runs their selection) whose cost is above `limit`. */
export function costLimit(limit: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = costRefusal(args, limit);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = costRefusal(args, limit);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}
