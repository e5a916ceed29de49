import { builder } from '../builder.js';
import type { FieldBuilder } from './field-builder.js';

// A `viewerCan` field tells, for each mutation (or set of mutations) on its parent, whether the
// caller may run it, from the rules the mutations ask: one Boolean each, described by what it allows.

type BooleanKeys<P> = { [K in keyof P]: P[K] extends boolean ? K : never }[keyof P] & string;

/** The Boolean fields of a permissions object, from a { field: description } map naming every Boolean property. */
export function booleanFields<P>(t: FieldBuilder<P>, descriptions: Record<BooleanKeys<P>, string>) {
  // The map's keys are Boolean properties of P; Pothos cannot see that of a key of Object.entries.
  const booleans = t as unknown as FieldBuilder<Record<string, boolean>>;
  return Object.fromEntries(Object.entries<string>(descriptions).map(([field, description]) => [field, booleans.exposeBoolean(field, { description })]));
}

/** The object of a `viewerCan` field whose fields are all Booleans, from a { field: description } map. */
export function permissionsType<const D extends Record<string, string>>(name: string, description: string, descriptions: D) {
  return builder.objectRef<Record<keyof D, boolean>>(name).implement({ description, fields: (t) => booleanFields(t, descriptions) });
}
