import type { GraphQLParams, Plugin } from 'graphql-yoga';

const plain = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain' } });

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
        endResponse(plain(415, 'POST bodies must be application/json'));
      } else if (Number(request.headers.get('content-length') ?? '0') > maxBodyBytes) {
        endResponse(plain(413, `Request body larger than ${maxBodyBytes} bytes`));
      }
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'POST') setRequestParser((req) => parseBoundedJson(req, maxBodyBytes));
    },
  };
}

async function parseBoundedJson(request: Request, maxBodyBytes: number): Promise<GraphQLParams | Response> {
  const text = await readAtMost(request, maxBodyBytes);
  if (text === null) return plain(413, `Request body larger than ${maxBodyBytes} bytes`);
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as GraphQLParams;
  } catch {
    // answered below
  }
  return plain(400, 'POST body must be a JSON object: { "query": …, "variables": … }');
}

/** The body as text, or null as soon as it passes `limit` bytes (the rest is never read). */
export async function readAtMost(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
