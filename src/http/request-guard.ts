import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { closingConnection, readAtMost } from './refused-body.js';

const plain = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain' } });
/** A refusal of a body left unread: the connection closes after it (see refused-body.ts). */
const refusal = (status: number, message: string) => closingConnection(plain(status, message));

/**
 * Refuses what GraphQL over HTTP does not need before any parsing: form-encoded POSTs (which
 * browsers send cross-site without a preflight) and bodies over the limit, whether the size is
 * declared in content-length or only found while reading a chunked body. Every path but the
 * exempt ones (fail closed): POST /oauth/token takes form bodies by definition (RFC 6749) and
 * bounds its own.
 */
export function requestGuard(maxBodyBytes: number, exemptPaths: readonly string[] = []): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'POST' || exemptPaths.includes(url.pathname)) return;
      const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json' && type !== 'application/graphql-response+json') {
        endResponse(refusal(415, 'POST bodies must be application/json'));
      } else if (Number(request.headers.get('content-length') ?? '0') > maxBodyBytes) {
        endResponse(refusal(413, `Request body larger than ${maxBodyBytes} bytes`));
      }
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'POST') setRequestParser((req) => parseBoundedJson(req, maxBodyBytes));
    },
  };
}

async function parseBoundedJson(request: Request, maxBodyBytes: number): Promise<GraphQLParams | Response> {
  const text = await readAtMost(request, maxBodyBytes);
  if (text === null) return refusal(413, `Request body larger than ${maxBodyBytes} bytes`);
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as GraphQLParams;
  } catch {
    // answered below
  }
  return plain(400, 'POST body must be a JSON object: { "query": …, "variables": … }');
}
