import { createContextCache } from '@pothos/core';
import { z } from 'zod';
import type { Context } from '../context.js';
import { renderLegalDocument } from './legal-document-file.js';
import { signDownloadLink } from '../auth/legal-document-link.js';
import { changeOrganization } from './unit-of-work.js';
import { displayName, email, parseInput, requiredText } from './validate.js';

// Legal documents (DPA, BAA) an organization requests for itself. The file is generated at once,
// inside the request's transaction, and stored in the database; it is read back through a
// short-lived signed link (src/auth/legal-document-link.ts, src/http/legal-document-download.ts).

const RequestInput = z.object({
  documentType: z.enum(['DPA', 'BAA']),
  companyName: displayName(200),
  // Several lines are fine (street, city, country); each becomes a line of the document.
  companyAddress: requiredText(500).refine((address) => address.split(/\r?\n/).length <= 8, 'must be at most 8 lines'),
  representativeEmail: email,
});

/** Records the request, generates the document and stores it. Returns its id. */
export async function requestLegalDocument(ctx: Context, organizationId: string, input: z.input<typeof RequestInput>): Promise<string> {
  const data = parseInput(RequestInput, input);
  return changeOrganization(ctx, organizationId, 'legal_document.request', async ({ tx, userId }) => {
    const file = renderLegalDocument({ ...data, date: new Date() });
    const document = await tx.legalDocument.create({ data: { organizationId, ...data, ...file, requestedById: userId }, select: { id: true } });
    return {
      result: document.id,
      audit: { action: 'legal_document.request', targetType: 'LegalDocument', targetId: document.id, changes: { ...data, fileName: file.fileName } },
    };
  });
}

// One link per document per request, so that downloadUrl and downloadUrlExpiresAt agree.
const linksOfRequest = createContextCache((_ctx: Context) => new Map<string, Promise<{ url: string; expiresAt: Date }>>());

/** The caller's download link of a generated document (the caller already passed legal_document:read). */
export function downloadLink(ctx: Context, documentId: string): Promise<{ url: string; expiresAt: Date }> {
  const links = linksOfRequest(ctx);
  let link = links.get(documentId);
  if (!link) {
    link = signDownloadLink({ signingKey: ctx.deps.signingKey, issuer: ctx.settings.tokenIssuer }, documentId, ctx.settings.downloadLinkTtlSeconds);
    links.set(documentId, link);
  }
  return link;
}
