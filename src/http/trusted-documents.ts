import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { Logger } from '../log/logger.js';
import { loadTrustedDocuments } from './trusted-documents-manifest.js';

export interface TrustedDocumentsSettings {
  /** Manifests of the documents that may run by id (TRUSTED_DOCUMENTS); none: no document runs by id. */
  manifests: readonly string[];
  /** Whether only those run, a document's text being refused (TRUSTED_DOCUMENTS_ONLY). */
  only: boolean;
}

const refusal = (message: string, code: string) => ({ message, extensions: { code, http: { status: 400 } } });

/**
 * Trusted (persisted) documents: a request names a document by id, `{"documentId": "sha256:…"}`
 * (in a GET: `?documentId=`; Apollo's `extensions.persistedQuery.sha256Hash` too), and runs the
 * manifest's text for it, with its variables and through every limit as if it had been sent. With
 * `only`, a document's text is refused, so the API runs nothing its frontends did not ship.
 * Without manifests, a document id gets a clear refusal (not yoga's "Unexpected parameter").
 */
export function trustedDocuments(settings: TrustedDocumentsSettings, logger: Logger): Plugin {
  const documents = loadTrustedDocuments(settings.manifests);
  const enabled = settings.manifests.length > 0;
  if (enabled) {
    logger.info(
      `trusted documents: ${documents.size} from ${settings.manifests.join(', ')}; ${settings.only ? 'other documents are refused' : 'other documents run too'}`,
    );
  }
  const persisted = usePersistedOperations({
    extractPersistedOperationId: (params, request) => explicitDocumentId(params, request) ?? defaultExtractPersistedOperationId(params, request, {}),
    // A bare SHA-256 (Apollo's hash) names the manifest's `sha256:` id.
    getPersistedOperation: (id) => documents.get(id) ?? documents.get(`sha256:${id}`) ?? null,
    allowArbitraryOperations: !enabled || !settings.only,
    customErrors: {
      notFound: enabled
        ? refusal('Unknown documentId: it is not one of this server’s trusted documents', 'PERSISTED_QUERY_NOT_IN_LIST')
        : refusal('This server has no trusted documents: send the document’s text as `query`, not a documentId', 'PERSISTED_QUERY_NOT_SUPPORTED'),
      persistedQueryOnly: refusal(
        'This server runs trusted documents only: send the documentId of a document its manifest holds, not the document’s text',
        'PERSISTED_QUERY_ID_REQUIRED',
      ),
      keyNotFound: refusal(
        enabled ? (settings.only ? 'Must provide documentId.' : 'Must provide documentId or query string.') : 'Must provide query string.',
        'BAD_REQUEST',
      ),
    },
  });
  return {
    ...persisted,
    onParams(payload) {
      const id = explicitDocumentId(payload.params, payload.request);
      if (id === '' || (id !== null && payload.params.query != null)) {
        throw createGraphQLError(id ? 'Send either a documentId or a query, not both' : 'documentId must be a non-empty string', {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        });
      }
      return persisted.onParams?.(payload);
    },
  };
}

/**
 * The documentId a request sends itself: a POST body's member, a GET's query parameter (yoga's
 * GET parser keeps only query, variables, operationName and extensions). '' when it is not a
 * non-empty string; null when there is none.
 */
function explicitDocumentId(params: GraphQLParams, request: Request): string | null {
  const sent: unknown = request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : (params as { documentId?: unknown }).documentId;
  if (sent == null) return null;
  return typeof sent === 'string' ? sent : '';
}
