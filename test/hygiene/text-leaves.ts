import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isUnionType,
} from 'graphql';

// What the text-argument walk reads of the schema: the text leaves of a field's arguments, a
// document calling the field many times at once, and the ValidationErrors anywhere in its result.

/**
 * Scalars with no free text to send: numbers, flags, global ids, DateTime (its scalar parses it),
 * and federation's entity representations (_Any), whose `id` is a global id decoded as node(id:)'s.
 */
const NOT_TEXT = new Set(['ID', 'Int', 'Float', 'Boolean', 'DateTime', '_Any']);

/** Path of a text leaf from the field's arguments; list items are named by position 0: ['input', 'invitations', 0, 'email']. */
export type LeafPath = (string | number)[];

/** Every text leaf of a field's arguments, through input objects and lists. */
export function textLeaves(field: GraphQLField<unknown, unknown>): LeafPath[] {
  return field.args.flatMap((arg) => leavesOf(arg.type, [arg.name], new Set()));
}

function leavesOf(type: GraphQLInputType, path: LeafPath, enclosing: Set<string>): LeafPath[] {
  if (isNonNullType(type)) return leavesOf(type.ofType, path, enclosing);
  if (isListType(type)) return leavesOf(type.ofType, [...path, 0], enclosing);
  if (isScalarType(type)) return NOT_TEXT.has(type.name) ? [] : [path];
  // An input type inside itself would be walked forever: its own fields are walked once.
  if (!isInputObjectType(type) || enclosing.has(type.name)) return [];
  const inside = new Set([...enclosing, type.name]);
  return Object.values(type.getFields()).flatMap((field) => leavesOf(field.type, [...path, field.name], inside));
}

/** How a leaf reads in a test title: `input.invitations.0.email`. */
export const leafName = (path: LeafPath) => path.join('.');

/** `args` with the leaf set to `value`; null when an input object on its path is absent (the call cannot hold it). */
export function withLeaf(args: Record<string, unknown>, path: LeafPath, value: string): Record<string, unknown> | null {
  const copy = structuredClone(args);
  let node = copy as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    // A list of text the call left out is the leaf's own: it becomes [value].
    if (node[key] == null && i === path.length - 2 && path[i + 1] === 0) node[key] = [];
    if (node[key] == null) return null;
    node = node[key] as Record<string | number, unknown>;
  }
  node[path.at(-1)!] = value;
  return copy;
}

const PROBLEMS = '... on ValidationError { fields { path message } }';

/**
 * The selection of a mutation's result: its typename and field problems, and those of the typed
 * errors its payload holds per item (inviteMembers' outcomes).
 */
function resultSelection(type: GraphQLOutputType): string {
  const result = getNamedType(type);
  if (!isUnionType(result)) return '';
  const itemErrors = result
    .getTypes()
    .filter((member) => !member.getInterfaces().some((i) => i.name === 'Error'))
    .flatMap((payload) =>
      Object.values(payload.getFields())
        .filter((field) => {
          const items = getNamedType(field.type);
          return field.args.length === 0 && isUnionType(items) && items.getTypes().some((t) => t.name === 'ValidationError');
        })
        .map((field) => `... on ${payload.name} { ${field.name} { __typename ${PROBLEMS} } }`),
    );
  return `{ __typename ${PROBLEMS} ${itemErrors.join(' ')} }`;
}

/** A document calling `field` once per set of arguments (aliased r0, r1, …), and its variables. */
export function batchDocument(field: GraphQLField<unknown, unknown>, calls: Record<string, unknown>[]) {
  const variableName = (call: number, arg: string) => `v${call}_${arg}`;
  const definitions = calls.flatMap((_, i) => field.args.map((arg) => `$${variableName(i, arg.name)}: ${String(arg.type)}`));
  const selection = resultSelection(field.type);
  const fields = calls.map((_, i) => `r${i}: ${field.name}(${field.args.map((arg) => `${arg.name}: $${variableName(i, arg.name)}`).join(', ')}) ${selection}`);
  const variables = Object.fromEntries(calls.flatMap((args, i) => field.args.map((arg) => [variableName(i, arg.name), args[arg.name]])));
  return { document: `mutation(${definitions.join(', ')}) { ${fields.join(' ')} }`, variables };
}

export interface Problem {
  path: string[];
  message: string;
}

/** The field problems of every ValidationError in a result, however deep (a bulk mutation's items). */
export function validationProblems(value: unknown): Problem[] {
  if (Array.isArray(value)) return value.flatMap(validationProblems);
  if (value === null || typeof value !== 'object') return [];
  const object = value as { __typename?: string; fields?: Problem[] };
  if (object.__typename === 'ValidationError') return object.fields ?? [];
  return Object.values(object).flatMap(validationProblems);
}
