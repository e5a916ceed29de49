import { z } from 'zod';
import { type FieldProblem, ValidationError } from '../errors.js';

/** One ValidationError for all the problems of a request, its message naming each field. */
export function validationError(fields: FieldProblem[]): ValidationError {
  return new ValidationError(fields.map((f) => `${f.path.join('.')}: ${f.message}`).join('; '), fields);
}

/** Parses a mutation's input; problems come back with their paths under `input`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(result.error.issues.map((issue) => ({ path: ['input', ...issue.path.map(String)], message: issue.message })));
}

// Every text argument of every field passes src/schema/shared/text-arguments.ts, which refuses
// what follows before any resolver runs; the schemas below hold each field to its own limit.

/** Longest text any argument may carry unless its field allows more (PEM certificates). */
export const MAX_TEXT_LENGTH = 10_000;

// A NUL byte or half of a UTF-16 surrogate pair cannot be stored as text (PostgreSQL refuses it):
// refused as the input's fault, on its field, instead of failing inside the database.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = 'must not contain NUL bytes or unpaired surrogates';
const storable = (value: string) => !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
const atMost = (max: number) => `must be at most ${max} characters`;

/** Why a text argument is refused whatever its field (too long for `max`, or not storable), or null. */
export function textProblem(value: string, max: number): string | null {
  if (value.length > max) return atMost(max);
  return storable(value) ? null : UNSTORABLE;
}

/** Storable text, trimmed, of at most `max` characters. */
export const text = (max: number) => z.string().refine(storable, UNSTORABLE).trim().max(max, atMost(max));

/** Storable text of at most `max` characters, kept exactly as sent (secrets). */
export const exactText = (max: number) => z.string().refine(storable, UNSTORABLE).max(max, atMost(max));

/** text() that must not be empty once trimmed. */
export const requiredText = (max: number) => text(max).min(1, 'must not be empty');

// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder the characters
// around them, so a name can read as another ("Trojan Source"). The marks U+200E, U+200F and
// U+061C only settle the direction of their neighbours, which right-to-left names may need: allowed.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// Control characters (line breaks, tabs, escapes) have no place in a one-line name.
const CONTROL = /\p{Cc}/u;
// What draws nothing: white space, controls, format characters (zero-width spaces and joiners,
// U+2060, U+FEFF, the bidi marks), other default-ignorable characters (Hangul fillers) and
// combining marks with no character to sit on.
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cc}\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]+$/u;

/** A name people read (an organization, a group, a person, …): at least one visible character, nothing that reorders or hides text. */
export const displayName = (max = 100) =>
  requiredText(max)
    .refine((name) => !INVISIBLE_ONLY.test(name), 'must contain a visible character')
    .refine((name) => !BIDI_CONTROL.test(name), 'must not contain bidi embedding, override or isolate characters (U+202A–U+202E, U+2066–U+2069)')
    .refine((name) => !CONTROL.test(name), 'must not contain control characters such as line breaks or tabs');

export const organizationName = displayName(100);
export const personName = displayName(100);
export const description = text(1000);
// 254 characters: the longest address SMTP can deliver to (RFC 5321).
export const email = text(254).toLowerCase().pipe(z.email('must be an email address'));
export const invitationMessage = text(2000);
