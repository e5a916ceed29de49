/**
 * Refuses what GraphQL over HTTP does not need before any parsing: oversized bodies and
 * form-encoded POSTs (which browsers send cross-site without a preflight).
 */
export function rejectRequest(request: Request, maxBodyBytes: number): Response | undefined {
  if (request.method !== 'POST') return undefined;
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > maxBodyBytes) return new Response(`Request body larger than ${maxBodyBytes} bytes`, { status: 413 });
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/graphql-response+json') {
    return new Response('POST bodies must be application/json', { status: 415 });
  }
  return undefined;
}
