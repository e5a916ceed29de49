import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** A document's id as graphql-codegen's client preset computes it (hashAlgorithm sha256). */
export function documentId(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Writes a persisted-documents manifest of these texts (id → text) into `dir`; returns its path. */
export function writeManifest(dir: string, name: string, texts: readonly string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(Object.fromEntries(texts.map((text) => [documentId(text), text])), null, 2));
  return file;
}
