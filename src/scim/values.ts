import { z } from 'zod';
import { badRequest } from './errors.js';

// Values as identity providers send them: Entra ID writes booleans as the strings "True" and
// "False" in PATCH operations, so both forms are taken.

/** A boolean, or the string "true"/"false" in any case. */
export const scimBoolean = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i)
    .transform((value) => value.toLowerCase() === 'true'),
]);

/** Parses a request body or value; 400 invalidValue naming the attribute otherwise. */
export function parseScim<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw badRequest('invalidValue', `${where}${issue?.message ?? 'invalid value'}`);
}
