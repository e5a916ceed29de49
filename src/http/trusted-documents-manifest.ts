import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { z } from 'zod';

// The TRUSTED_DOCUMENTS setting (src/config.ts) and the manifests it names; trusted-documents.ts serves them.

/** TRUSTED_DOCUMENTS: comma-separated paths of manifests (one per frontend, say); empty (the default): none. */
export const TrustedDocumentsSetting = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((file) => path.resolve(file)),
  );

/** A persisted-documents manifest as graphql-codegen's client preset writes it: document id → document text. */
const Manifest = z.record(z.string().min(1), z.string().min(1));

const SHA256_ID = /^sha256:([0-9a-f]{64})$/;

/**
 * The documents of every manifest, by id. Anything wrong stops the server at startup, naming the
 * file and the document: an unreadable file, not a JSON object of strings, a text that is not
 * GraphQL, a `sha256:` id that is not the hash of its text (an edited or mis-merged manifest), or
 * one id with two texts in two manifests.
 */
export function loadTrustedDocuments(files: readonly string[]): ReadonlyMap<string, string> {
  const documents = new Map<string, string>();
  for (const file of files) {
    const problem = (message: string) => new Error(`TRUSTED_DOCUMENTS: ${file}: ${message}`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw problem(messageOf(error));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw problem(`is not JSON: ${messageOf(error)}`);
    }
    const manifest = Manifest.safeParse(json);
    if (!manifest.success) throw problem('must be a JSON object of document ids to document texts ({ "sha256:…": "query …" })');
    for (const [id, document] of Object.entries(manifest.data)) {
      try {
        parse(document);
      } catch (error) {
        throw problem(`document ${id} is not a GraphQL document: ${messageOf(error)}`);
      }
      const hash = SHA256_ID.exec(id)?.[1];
      if (hash && createHash('sha256').update(document).digest('hex') !== hash) throw problem(`document ${id} is not the text its hash says`);
      const known = documents.get(id);
      if (known !== undefined && known !== document) throw problem(`document ${id} has another text in an earlier manifest`);
      documents.set(id, document);
    }
  }
  return documents;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
