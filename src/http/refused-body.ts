/**
 * An answer given without reading the whole request body (too large, or a type we refuse) closes
 * the connection: the unread rest would otherwise be parsed as the next request, which behind a
 * pooling proxy is another user's. The server (node-server.ts) still reads and discards what the
 * client sends while it closes, so the answer is not lost to a TCP reset.
 */
export function closingConnection(response: Response): Response {
  response.headers.set('connection', 'close');
  return response;
}

/**
 * The body as text, or null as soon as it passes `limit` bytes. The rest is then read and thrown
 * away in the background, not cancelled: cancelling destroys node's request and with it the
 * socket, before the refusal is written; and a body left unread stalls the connection. The
 * refusal closes the connection (closingConnection), which bounds how long the discarding lasts.
 */
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
      void discardRest(reader);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done);
  } catch {
    // The connection closed: nothing is left to discard.
  }
}
