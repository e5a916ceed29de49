import { Prisma } from './generated/prisma/client.js';

// The building blocks of the read path's statements. Values are always parameters; only names
// from the datamodel are spliced in.

/** An SQL identifier from the datamodel (never user input). */
export const identifier = (name: string) => Prisma.raw(`"${name}"`);

/** `alias."column"` */
export const column = (alias: string, name: string) => Prisma.raw(`${alias}."${name}"`);

/**
 * A text[] parameter. Passed as PostgreSQL's array literal, because the two drivers serialise a
 * JavaScript array differently (PGlite joins it with commas).
 */
export function textArray(values: readonly string[]): Prisma.Sql {
  const literal = `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  return Prisma.sql`CAST(${literal} AS text[])`;
}

/**
 * The database's clock as a UTC `timestamp`, like the DateTime columns. Rather than a parameter:
 * the statement's text and values stay the same from one request to the next (so pages of every
 * parent batch together, and the plan can be reused).
 */
export const utcNow = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
