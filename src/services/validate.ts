import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Parses a mutation's input; problems come back with their paths under `input`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)], message: issue.message }));
  throw new ValidationError(fields.map((f) => `${f.path.join('.')}: ${f.message}`).join('; '), fields);
}

// A NUL byte or half of a UTF-16 surrogate pair cannot be stored as text (PostgreSQL refuses it):
// refused as the input's fault, on its field, instead of failing inside the database.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (value: string) => !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
const text = () => z.string().refine(storable, 'must not contain NUL bytes or unpaired surrogates');

export const organizationName = text().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
export const description = text().trim().max(1000, 'must be at most 1000 characters');
// 254 characters: the longest address SMTP can deliver to (RFC 5321).
export const email = text().trim().max(254, 'must be at most 254 characters').toLowerCase().pipe(z.email('must be an email address'));
export const invitationMessage = text().trim().max(2000, 'must be at most 2000 characters');
export const personName = text().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
