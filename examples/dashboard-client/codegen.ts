import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types and the trusted-documents manifest for the dashboard client, from the server's printed
 * schema. Paths are relative to this folder: `npm run examples:generate` runs codegen here.
 */
const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['*.ts', '!codegen.ts'],
  generates: {
    './generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // generated/persisted-documents.json: { "<sha256 of the document>": "<document text>" },
        // what the server's TRUSTED_DOCUMENTS setting reads; each document also carries its hash.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        // Documents as strings (no graphql runtime in the bundle); each one is a TypedDocumentString.
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        // Every custom scalar must be mapped here, or codegen fails: a new scalar in the schema
        // cannot slip through as `any`.
        strictScalars: true,
        scalars: {
          DateTime: 'string', // ISO 8601 with an offset, e.g. "2026-01-31T09:30:00.000Z"
          JSON: 'unknown', // any JSON value: narrow it where it is read
        },
      },
    },
  },
};

export default config;
