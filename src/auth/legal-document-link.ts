import { SignJWT } from 'jose';
import type { SigningKey } from './keys.js';
import { verifyLinkToken } from './link-token.js';

// Signed download links of legal documents. The link itself is the authorization (no bearer
// token: a browser follows it), so it is short-lived and names one document. Its JWT has its own
// audience and type: an API token is no link, and a link is no API token.

export const DOWNLOAD_LINK_AUDIENCE = 'orgraph:legal-document-download';
const DOWNLOAD_LINK_TYPE = 'orgraph-download+jwt';

export interface DownloadLinkKeys {
  signingKey: SigningKey;
  /** `iss` of the server's tokens. */
  issuer: string;
}

/** The path of a document's download route; the token goes in its `token` query parameter. */
export function downloadPath(documentId: string): string {
  return `/legal-documents/${encodeURIComponent(documentId)}/download`;
}

/** A link (path and query, relative to this server) that downloads the document until `expiresAt`. */
export async function signDownloadLink(
  keys: DownloadLinkKeys,
  documentId: string,
  ttlSeconds: number,
  now = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: keys.signingKey.alg, kid: keys.signingKey.kid, typ: DOWNLOAD_LINK_TYPE })
    .setIssuer(keys.issuer)
    .setAudience(DOWNLOAD_LINK_AUDIENCE)
    .setSubject(documentId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(keys.signingKey.privateKey);
  return { url: `${downloadPath(documentId)}?token=${token}`, expiresAt: new Date(expiresAt * 1000) };
}

/** Whether `token` is a valid, unexpired link of this server for exactly this document. */
export async function isValidDownloadToken(keys: DownloadLinkKeys, token: string, documentId: string): Promise<boolean> {
  const payload = await verifyLinkToken(keys.signingKey, token, {
    issuer: keys.issuer,
    audience: DOWNLOAD_LINK_AUDIENCE,
    typ: DOWNLOAD_LINK_TYPE,
    subject: documentId,
    requiredClaims: ['exp', 'sub'],
  });
  return payload?.sub === documentId;
}
