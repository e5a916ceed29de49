import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { Context } from '../../context.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { named, type NamedRule } from './rules.js';

// The rule of a type on the main path (Organization, Member, User), checked once per object where
// its objects enter the response (the relation, connection, payload or node field that returns
// them), instead of by scope-auth before each of the object's fields: a type-level scope-auth rule
// wraps every field of the type, so graphql-jit can no longer read `role` or `email` inline, and
// the organization page lost 40% of its speed to it. The check is the same action of the table.

/** Allowed (true), refused (false: FORBIDDEN), or a thrown NOT_FOUND; maybe after a standing load. */
type EntryCheck = (row: never, ctx: Context) => boolean | Promise<boolean>;

interface EntryExtensions {
  orgraphEntryRule?: NamedRule<EntryCheck>;
  /** The rule reads only the caller, not the row: checked before the field resolves, with no promise added. */
  orgraphEntryRuleOfCaller?: boolean;
  /** A field whose objects the caller may read by another right (the invitee's organization). */
  orgraphEntryGranted?: boolean;
  propertyRead?: boolean;
}

/** Type options: the type's rule, checked where its objects enter the response. */
export function entryRule<Row>(rule: NamedRule<(row: Row, ctx: Context) => boolean | Promise<boolean>>) {
  return { extensions: { orgraphEntryRule: rule as unknown as NamedRule<EntryCheck> } };
}

/** Type options: a rule that depends on the caller alone (the same answer for every object of the type). */
export function callerEntryRule(rule: NamedRule<(ctx: Context) => boolean>) {
  const check = named((_row: unknown, ctx: Context) => rule(ctx), ...rule.actions);
  return { extensions: { orgraphEntryRule: check as unknown as NamedRule<EntryCheck>, orgraphEntryRuleOfCaller: true } };
}

/** Field options: the field hands out objects the caller may read by another right than their type's rule. */
export const ENTRY_GRANTED = { orgraphEntryGranted: true } as const;

export function entryRuleOf(type: GraphQLObjectType): NamedRule<EntryCheck> | undefined {
  return (type.extensions as EntryExtensions).orgraphEntryRule;
}

/** How a field returns objects of a ruled type: one (or a list), or the nodes of a connection page. */
interface Reach {
  rule: EntryCheck;
  inConnection: boolean;
  ofCaller: boolean;
}

/** The entry rule of an object type, as a reach of the given shape; null without one. */
function ruledReach(type: unknown, inConnection: boolean): Reach | null {
  if (!isObjectType(type)) return null;
  const rule = entryRuleOf(type);
  return rule ? { rule, inConnection, ofCaller: Boolean((type.extensions as EntryExtensions).orgraphEntryRuleOfCaller) } : null;
}

/** A field's reach: objects of a ruled type directly (or in a list), or as the nodes of a connection's edges. */
function reachOf(type: GraphQLOutputType): Reach | null {
  const named = getNamedType(type);
  if (!isObjectType(named)) return null;
  const edge = named.getFields().edges && getNamedType(named.getFields().edges!.type);
  const node = isObjectType(edge) ? edge.getFields().node : undefined;
  return ruledReach(named, false) ?? (node ? ruledReach(getNamedType(node.type), true) : null);
}

/** The objects a field's value holds: itself, a list's items, or a connection page's nodes. */
function objectsOf(value: unknown, inConnection: boolean): unknown[] {
  if (value == null) return [];
  if (inConnection) return ((value as { edges?: { node: unknown }[] }).edges ?? []).map((edge) => edge.node);
  return Array.isArray(value) ? value : [value];
}

const refuse = (): never => {
  throw new ForbiddenError('You may not read this in this organization');
};

/** The value once every object in it passed the rule; synchronous when every answer is. */
function admitted<T>(value: T, reach: Reach, ctx: Context): T | Promise<T> {
  if (value == null) return value;
  if (!reach.inConnection && !Array.isArray(value)) {
    const answer = reach.rule(value as never, ctx);
    if (answer === true) return value;
    return answer === false ? refuse() : answer.then((allowed) => (allowed ? value : refuse()));
  }
  const answers = objectsOf(value, reach.inConnection).map((row) => (row == null ? true : reach.rule(row as never, ctx)));
  if (answers.every((answer) => answer === true)) return value;
  if (answers.some((answer) => answer === false)) refuse();
  return Promise.all(answers).then((all) => (all.every(Boolean) ? value : refuse()));
}

function guarded(field: GraphQLField<unknown, Context>, reach: Reach): GraphQLFieldResolver<unknown, Context> {
  const resolve = field.resolve ?? defaultFieldResolver;
  if (reach.ofCaller) {
    // Allowed callers pay nothing more; a refused one still gets what holds no object (a null).
    const nothingOrRefuse = (value: unknown) => (objectsOf(value, reach.inConnection).some((row) => row != null) ? refuse() : value);
    return (parent, args, ctx, info) => {
      if (reach.rule(undefined as never, ctx) === true) return resolve(parent, args, ctx, info);
      const value = resolve(parent, args, ctx, info);
      return value instanceof Promise ? value.then(nothingOrRefuse) : nothingOrRefuse(value);
    };
  }
  return (parent, args, ctx, info) => {
    const value = resolve(parent, args, ctx, info);
    return value instanceof Promise ? value.then((resolved) => admitted(resolved, reach, ctx)) : admitted(value, reach, ctx);
  };
}

/** Wraps every field that returns objects of a type with an entry rule, except relay's property reads (their connection field checks). */
export function applyEntryRules(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const extensions = (field.extensions ?? {}) as EntryExtensions;
      if (extensions.propertyRead || extensions.orgraphEntryGranted) continue;
      const reach = reachOf(field.type);
      if (reach) field.resolve = guarded(field as GraphQLField<unknown, Context>, reach);
    }
  }
  return schema;
}

/** Whether an object of `typename` found by node(id:) or nodes(ids:) passes its type's entry rule (a refusal hides it). */
export async function mayEnter(schema: GraphQLSchema, typename: string, row: unknown, ctx: Context): Promise<boolean> {
  const type = schema.getType(typename);
  const rule = type && isObjectType(type) ? entryRuleOf(type) : undefined;
  if (!rule) return true;
  try {
    return await rule(row as never, ctx);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ForbiddenError) return false;
    throw error;
  }
}

/** The object node(id:) (or a federation entity reference) found, once it passed its type's entry rule; NOT_FOUND when missing or refused. */
export async function enteredNode<T>(schema: GraphQLSchema, typename: string, row: T | null | undefined, ctx: Context): Promise<T> {
  if (row == null || !(await mayEnter(schema, typename, row, ctx))) throw new NotFoundError(typename);
  return row;
}
