import type { TypedDocumentString } from './generated/graphql.js';

export interface ClientOptions {
  /** The API's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  endpoint: string;
  /** A bearer token (`npm run token -- alice@acme.test` mints one for the demo data). */
  token: string;
  /**
   * Send only the document's hash (`{ "documentId": … }`), as a server with TRUSTED_DOCUMENTS
   * requires, instead of its text.
   */
  persisted?: boolean;
}

interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Runs a generated document: its result and variables are typed by the document itself. */
export async function execute<TResult, TVariables>(
  options: ClientOptions,
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const hash = document.__meta__?.hash;
  if (options.persisted && typeof hash !== 'string') throw new Error('This document has no hash: generate with persistedDocuments');
  const response = await fetch(options.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${options.token}`,
    },
    body: JSON.stringify(options.persisted ? { documentId: hash, variables } : { query: document.toString(), variables }),
  });
  const body = (await response.json()) as GraphQLResponse<TResult>;
  if (body.errors?.length || !body.data) {
    const problems = (body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
    throw new Error(`GraphQL request failed (HTTP ${response.status}): ${problems || 'no data'}`);
  }
  return body.data;
}
