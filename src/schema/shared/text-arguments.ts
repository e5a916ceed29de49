import SchemaBuilder, {
  BasePlugin,
  type InputFieldsMapping,
  mapInputFields,
  type PothosInputFieldConfig,
  type PothosOutputFieldConfig,
  PothosValidationError,
  resolveInputTypeConfig,
  type SchemaTypes,
} from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLFieldResolver } from 'graphql';
import type { FieldProblem } from '../../errors.js';
import { MAX_TEXT_LENGTH, textProblem, validationError } from '../../services/validate.js';

// Text the database cannot store (a NUL byte, half a surrogate pair) or of any length would reach
// PostgreSQL and fail there as an internal error, logged with its stack. So every text argument
// of every field (mutation inputs, nested input objects and lists, query filters and cursors)
// is checked here, before authorization and the resolver, whether it came as a literal or a
// variable: a ValidationError on the argument's path. The services' zod schemas then hold each
// field to its own, usually much lower, limit. A field with no text argument is not wrapped at
// all, so the read path's argument-free fields pay nothing.

const PLUGIN_NAME = 'textArguments' as const;

/** Field extension holding the text arguments a field checks (also what tests read to see which fields are checked). */
export const TEXT_ARGUMENTS = 'textArguments';
const MAX_LENGTH = 'maxTextLength';

/** Scalars with no free text: numbers, flags, and global ids (the relay plugin decodes them, with decodeStorableGlobalID below). */
const NOT_TEXT = new Set(['ID', 'Int', 'Float', 'Boolean']);

/** Options of an input field that may carry more than MAX_TEXT_LENGTH characters (a PEM certificate). */
export const textUpTo = (max: number) => ({ extensions: { [MAX_LENGTH]: max } });

/** The text leaves of a field's arguments, each with its length limit. */
export type TextArguments<Types extends SchemaTypes = SchemaTypes> = InputFieldsMapping<Types, number>;

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      textArguments: TextArgumentsPlugin<Types>;
    }
  }
}

export class TextArgumentsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  /** Input types already mapped, shared by all fields (each input type is walked once). */
  private readonly inputTypes = new Map();

  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const plan = mapInputFields(fieldConfig.args, this.buildCache, (input) => this.limitOf(input), this.inputTypes);
    return plan ? { ...fieldConfig, extensions: { ...fieldConfig.extensions, [TEXT_ARGUMENTS]: plan } } : fieldConfig;
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const plan = fieldConfig.extensions?.[TEXT_ARGUMENTS] as TextArguments | undefined;
    if (!plan) return resolver;
    return (parent, args, context, info) => {
      const problems: FieldProblem[] = [];
      checkFields(args as Record<string, unknown>, plan, [], problems);
      if (problems.length > 0) throw validationError(problems);
      return resolver(parent, args, context, info);
    };
  }

  /** A text leaf's limit; null for what is not text (ids, numbers, enums, input objects). */
  private limitOf(input: PothosInputFieldConfig<Types>): number | null {
    const type = resolveInputTypeConfig(input.type, this.buildCache);
    if (type.kind !== 'Scalar' || NOT_TEXT.has(type.name)) return null;
    return (input.extensions?.[MAX_LENGTH] as number | undefined) ?? MAX_TEXT_LENGTH;
  }
}

function checkFields(values: Record<string, unknown>, plan: TextArguments, path: string[], problems: FieldProblem[]): void {
  for (const [name, field] of plan) {
    if (values[name] == null) continue;
    eachItem(values[name], field.listDepth, [...path, name], (item, at) => {
      if (field.kind !== 'InputObject') checkText(item, field.value, at, problems);
      else if (field.fields.map) checkFields(item as Record<string, unknown>, field.fields.map, at, problems);
    });
  }
}

/** Calls `check` on a value, or on each item of a list (of lists), with its index in the path. */
function eachItem(value: unknown, listDepth: number, path: string[], check: (item: unknown, path: string[]) => void): void {
  if (listDepth === 0 || !Array.isArray(value)) {
    check(value, path);
    return;
  }
  value.forEach((item, index) => {
    if (item != null) eachItem(item, listDepth - 1, [...path, String(index)], check);
  });
}

/** A text scalar's value: its string, or every string inside it (a JSON-like custom scalar). */
function checkText(value: unknown, max: number, path: string[], problems: FieldProblem[]): void {
  if (typeof value === 'string') {
    const problem = textProblem(value, max);
    if (problem) problems.push({ path, message: problem });
  } else if (value !== null && typeof value === 'object' && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) {
    for (const [key, item] of Object.entries(value)) checkText(item, max, [...path, key], problems);
  }
}

/**
 * The relay plugin's decoding of global ids, which refuses an id part the database cannot store
 * (base64 can carry a NUL byte) as it refuses a malformed id, rather than failing in the database.
 */
export function decodeStorableGlobalID(globalID: string): { typename: string; id: string } {
  const decoded = decodeGlobalID(globalID);
  if (textProblem(decoded.id, MAX_TEXT_LENGTH)) throw new PothosValidationError(`Invalid global ID: ${globalID}`);
  return decoded;
}

SchemaBuilder.registerPlugin(PLUGIN_NAME, TextArgumentsPlugin);

export default PLUGIN_NAME;
