import type { Context } from '../../context.js';
import type PrismaTypes from '../../db/generated/pothos-types.js';
import { builder } from '../builder.js';
import type { FieldBuilder } from './field-builder.js';

// A mutation's payload holds the ids of the rows it changed; each field reads its row again once
// the change is done, with exactly the selection the client made (one query a row).

type Model = keyof PrismaTypes;

/** The models whose rows a payload can name by id. */
type ModelWithId = { [M in Model]: { id: string } extends PrismaTypes[M]['WhereUnique'] ? M : never }[Model];

/** What the fields below ask of a model's client: its row by a unique key, with plugin-prisma's selection. */
type RowReader = { findUniqueOrThrow(args: { where: object }): Promise<never> };

const readerOf = (ctx: Context, model: Model) => (ctx.prisma as unknown as Record<string, RowReader>)[`${model[0]!.toLowerCase()}${model.slice(1)}`]!;

/** A payload field: the row of `model` that `where` names from the payload, after the change. */
export function changedRowWhere<P, M extends Model>(t: FieldBuilder<P>, model: M, where: (payload: P) => PrismaTypes[M]['WhereUnique'], description: string) {
  return t.prismaField({
    type: model,
    description,
    // The row is of the field's model, which Pothos cannot tell from a model chosen by the caller.
    resolve: (query, payload, _args, ctx) => readerOf(ctx, model).findUniqueOrThrow({ ...query, where: where(payload) }) as never,
  });
}

/** A payload field: the row of `model` whose id the payload holds as `key`, after the change. */
export function changedRow<P extends Record<K, string>, K extends string>(t: FieldBuilder<P>, model: ModelWithId, key: K, description: string) {
  return changedRowWhere(t, model, (payload) => ({ id: payload[key] }), description);
}

/** A payload field: the global id of the row of `model` that the payload names as `key` (a row the mutation deleted, say). */
export function globalIdOf<P extends Record<K, string>, K extends string>(t: FieldBuilder<P>, model: Model, key: K, description: string) {
  return t.globalID({ description, resolve: (payload) => ({ type: model, id: payload[key] }) });
}

/** A row a payload names: its model, the payload property holding its id, and the field's description. */
type Row = readonly [model: ModelWithId, key: string, description: string];

/**
 * Payload objects of the mutations that change the same rows: each field of `rows` is its row after
 * the change. The returned function makes one such object by name and description.
 */
export function changedRowsPayload<const R extends Record<string, Row>>(rows: R) {
  return (name: string, description: string) =>
    builder.objectRef<Record<R[keyof R][1], string>>(name).implement({
      description,
      fields: (t) =>
        Object.fromEntries(Object.entries<Row>(rows).map(([field, [model, key, fieldDescription]]) => [field, changedRow(t, model, key, fieldDescription)])),
    });
}

/** Whether a client payload shows a secret: none, a rotated one, or a created one (absent when replayed). */
type SecretShown = 'none' | 'rotated' | 'created';

const REPLAYED_SECRET =
  ' Null when this answer replays an earlier call with the same idempotencyKey: the secret was shown to that call only (rotate it for a new one).';

/**
 * Payload objects of the mutations that change a client of `model` (an organization's service
 * client, an application's OAuth client); those that make it a new secret show it, this once.
 */
export function clientPayloads(model: 'Client' | 'ApplicationClient', secretDescription: string) {
  return (name: string, description: string, secret: SecretShown) =>
    builder.objectRef<{ clientId: string; secret?: string }>(name).implement({
      description,
      fields: (t) => ({
        client: changedRow(t, model, 'clientId', 'The client after the change.'),
        ...(secret === 'rotated' ? { secret: t.string({ description: secretDescription, resolve: (payload) => payload.secret! }) } : {}),
        ...(secret === 'created'
          ? { secret: t.string({ nullable: true, description: secretDescription + REPLAYED_SECRET, resolve: (payload) => payload.secret ?? null }) }
          : {}),
      }),
    });
}
