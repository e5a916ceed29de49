import type { SigningKey } from '../auth/keys.js';
import type { PrismaClient } from '../db/client.js';
import { isValidDownloadToken } from '../auth/legal-document-link.js';

// GET /legal-documents/:id/download?token=…: the file of a legal document, for the signed link
// that LegalDocument.downloadUrl hands out. The link is the authorization (a browser follows it
// without a bearer token), which is why it lives about a minute. Whatever is wrong (no token, a
// tampered or expired one, one for another document, no such document, no file yet) the answer is
// the same bare 404: no hint of what exists.

export const DOWNLOAD_PATH = /^\/legal-documents\/([^/]+)\/download$/;

export interface DownloadDeps {
  prisma: PrismaClient;
  signingKey: SigningKey;
  /** `iss` of the server's tokens. */
  issuer: string;
}

const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain;charset=UTF-8', ...PRIVATE } });

/** Answers the download route; undefined for any other path. */
export async function legalDocumentDownloadResponse(request: Request, url: URL, deps: DownloadDeps): Promise<Response | undefined> {
  const match = DOWNLOAD_PATH.exec(url.pathname);
  if (!match) return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD', ...PRIVATE } });
  const documentId = decodeSegment(match[1]!);
  const token = url.searchParams.get('token');
  if (!documentId || !token || !(await isValidDownloadToken({ signingKey: deps.signingKey, issuer: deps.issuer }, token, documentId))) return notFound();

  const document = await deps.prisma.legalDocument.findUnique({ where: { id: documentId }, select: { fileName: true, contentType: true, content: true } });
  if (!document?.content || !document.fileName) return notFound();
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(document.content), {
    status: 200,
    headers: {
      'content-type': document.contentType ?? 'application/octet-stream',
      'content-length': String(document.content.byteLength),
      'content-disposition': attachment(document.fileName),
      ...PRIVATE,
    },
  });
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Content-Disposition for a download (RFC 6266): a quoted ASCII name, and the exact name in filename* (RFC 8187). */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
