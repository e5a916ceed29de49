import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Parses a mutation's input; problems come back with their paths under `input`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)], message: issue.message }));
  throw new ValidationError(fields.map((f) => `${f.path.join('.')}: ${f.message}`).join('; '), fields);
}

export const organizationName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
export const description = z.string().trim().max(1000, 'must be at most 1000 characters');
export const email = z.string().trim().toLowerCase().pipe(z.email('must be an email address'));
export const invitationMessage = z.string().trim().max(2000, 'must be at most 2000 characters');
export const personName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
