import type { ArgBuilder, InputObjectRef, ObjectParam, SchemaTypes } from '@pothos/core';
import type { ActionName } from '../../auth/permissions.js';
import { builder } from '../builder.js';
import type { Types } from './field-builder.js';

// What every mutation shares, spread into its `t.fieldWithInput` (or `t.field`): `errors` makes its
// result the union `<Field>Result` of the payload and the expected failures (defaults in
// builder.ts); `authScopes` asks its action of the table (auth/permissions.ts) before anything is
// read, and the service checks the rest under its lock.

/** Descriptions of a mutation's own input object and of its `input` argument; the object is `<Field>Input` unless named. */
interface OwnInput {
  name?: string;
  type: string;
  argument: string;
}

/** What every mutation has. */
const mutation = (action: ActionName) => ({ errors: {}, authScopes: { action } });

/** The options of a mutation asking `action`, for `t.fieldWithInput`: its input object is its own. */
export const mutationWithInput = (action: ActionName, { name, type, argument }: OwnInput) => ({
  ...mutation(action),
  typeOptions: { name, description: type },
  argOptions: { description: argument },
});

/** The options of a mutation asking `action`, for `t.field`: its `input` is an input object other mutations take too. */
export const mutationTaking = <Types extends SchemaTypes, Shape extends object>(
  arg: ArgBuilder<Types>,
  action: ActionName,
  input: InputObjectRef<Types, Shape>,
  argument: string,
) => ({ ...mutation(action), args: { input: arg({ type: input, required: true, description: argument }) } });

/** An input object that several mutations take, naming one row: `{ [key]: global id of a row of type \`of\` }`. */
export function idInput<K extends string>(name: string, description: string, key: K, of: ObjectParam<Types>, keyDescription: string) {
  return builder.inputType(name, {
    description,
    fields: (t) => {
      const id = t.globalID({ for: of, required: true, description: keyDescription });
      return { [key]: id } as Record<K, typeof id>;
    },
  });
}
