import { createHash } from 'node:crypto';
import type { Context } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { withIdempotencyKey } from '../../services/idempotency.js';
import type { Types } from './field-builder.js';

// The `idempotencyKey` of create mutations: a retry with the same key (and the same input) gets the
// first call's result instead of a second object. See services/idempotency.ts.

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The optional `idempotencyKey` input field of a create mutation. */
export const idempotencyKeyField = (input: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) =>
  input.string({
    required: false,
    description:
      'Makes retries safe: a repeat of this call by the same caller with the same key and input, within IDEMPOTENCY_KEY_TTL_HOURS (24 by default), returns the first call’s result instead of creating again. The same key with another input is a CONFLICT. 1 to 255 visible ASCII characters; a UUID per request is a good key.',
  });

/**
 * Runs a create mutation's resolver under its idempotency key, when it has one. The key is per
 * principal; the fingerprint is the rest of the input, as GraphQL coerced it.
 */
export function idempotently<T>(ctx: Context, operation: string, key: string | null | undefined, input: object, run: () => Promise<T>): Promise<T> {
  const principal = ctx.principal && (ctx.principal.kind === 'user' ? `user:${ctx.principal.userId}` : `client:${ctx.principal.clientId}`);
  if (key == null || !principal) return run();
  if (!KEY.test(key)) {
    const field = { path: ['input', 'idempotencyKey'], message: 'must be 1 to 255 visible ASCII characters' };
    throw new ValidationError(`${field.path.join('.')}: ${field.message}`, [field]);
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
  return withIdempotencyKey({ principal, key, operation, fingerprint, ttlHours: ctx.settings.idempotencyKeyTtlHours }, run);
}
