import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { OperationResult, SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { App } from '../app.js';
import { maskError } from '../schema/shared/mask-errors.js';
import type { TrustedDocumentsSettings } from './trusted-documents.js';
import { loadTrustedDocuments } from './trusted-documents-manifest.js';

export interface WebSocketOptions {
  /** Largest message accepted from a client (MAX_BODY_BYTES, as for a request body). */
  maxPayloadBytes: number;
  /** TRUSTED_DOCUMENTS and TRUSTED_DOCUMENTS_ONLY, applied as to HTTP requests. */
  trustedDocuments: TrustedDocumentsSettings;
  /** Aborted when the server begins to shut down: every socket is closed (1001, going away). */
  stopping?: AbortSignal;
}

/**
 * GraphQL over WebSocket (the graphql-ws protocol, `graphql-transport-ws`) on the app's own port
 * and path (/graphql). Each operation runs through the app's envelop pipeline (yoga.getEnveloped):
 * the same context and authentication (the bearer token from `connectionParams.authorization`, as
 * the Authorization header would carry it), the same parse and validation limits (graphql-armor),
 * the cost limit, error masking and trusted documents. Resolves to a function that closes it.
 */
export function serveWebSockets(server: Server, app: App, options: WebSocketOptions): () => Promise<void> {
  const sockets = new WebSocketServer({ server, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const documentText = trustedDocumentText(options.trustedDocuments);
  const served = useServer<Record<string, unknown>>(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const text = documentText(payload);
        if (text instanceof GraphQLError) return [text];
        const upgrade = ctx.extra.request;
        const authorization = ctx.connectionParams?.authorization;
        const forwardedFor = upgrade.headers['x-forwarded-for'];
        const request = new Request(`http://${upgrade.headers.host ?? 'localhost'}/graphql`, {
          method: 'POST',
          headers: {
            ...(typeof authorization === 'string' ? { authorization } : {}),
            ...(forwardedFor ? { 'x-forwarded-for': [forwardedFor].flat().join(', ') } : {}),
          },
        });
        // `req`: the upgrade request, whose socket (and X-Forwarded-For) the per-address rate limit reads.
        const { schema, execute, subscribe, contextFactory, parse, validate } = app.getEnveloped({
          request,
          params: payload,
          socket: ctx.extra.socket,
          req: upgrade,
        });
        // Refusals before execution (syntax, armor's limits, validation, authentication) are masked
        // as yoga masks them over HTTP, so that each carries its extensions.code.
        const refused = (errors: readonly unknown[]) => errors.map((error) => maskError(error, 'Unexpected error') as GraphQLError);
        try {
          const document = parse(text);
          const errors = validate(schema, document);
          if (errors.length) return refused(errors);
          return {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe },
          };
        } catch (error) {
          return refused([error]);
        }
      },
    },
    sockets,
  );
  const close = async () => {
    await served.dispose();
  };
  options.stopping?.addEventListener('abort', () => void close(), { once: true });
  return close;
}

interface Enveloped {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
}

/**
 * The text to run for a WebSocket operation: a trusted document named by `extensions.documentId`
 * (or Apollo's `extensions.persistedQuery.sha256Hash`), or the query sent, which under
 * TRUSTED_DOCUMENTS_ONLY must be the text of one of the manifest's documents.
 */
function trustedDocumentText(settings: TrustedDocumentsSettings): (payload: SubscribePayload) => string | GraphQLError {
  const documents = loadTrustedDocuments(settings.manifests);
  const texts = new Set(documents.values());
  const refused = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });
  return (payload) => {
    const extensions = (payload.extensions ?? {}) as { documentId?: unknown; persistedQuery?: { sha256Hash?: unknown } };
    const id = extensions.documentId ?? extensions.persistedQuery?.sha256Hash;
    if (typeof id === 'string') {
      return (
        documents.get(id) ??
        documents.get(`sha256:${id}`) ??
        refused('Unknown documentId: it is not one of this server’s trusted documents', 'PERSISTED_QUERY_NOT_IN_LIST')
      );
    }
    if (settings.manifests.length > 0 && settings.only && !texts.has(payload.query)) {
      return refused(
        'This server runs trusted documents only: send the documentId of a document its manifest holds, not the document’s text',
        'PERSISTED_QUERY_ID_REQUIRED',
      );
    }
    return payload.query;
  };
}
