import type { LegalDocument } from '../../db/generated/prisma/client.js';
import { withoutUnasked } from '../../db/unasked-columns.js';
import { builder } from '../builder.js';

/** Payload of requestLegalDocument: the document, loaded with exactly the fields the caller selected. */
export const RequestLegalDocumentPayload = builder.objectRef<{ legalDocumentId: string }>('RequestLegalDocumentPayload').implement({
  description: 'The requested legal document, already generated (status READY) with its download link.',
  fields: (t) => ({
    legalDocument: t.prismaField({
      type: 'LegalDocument',
      description: 'The new legal document.',
      resolve: async (query, payload, _args, ctx) => withoutUnasked<LegalDocument>(await ctx.prisma.legalDocument.findUniqueOrThrow({ ...query, where: { id: payload.legalDocumentId } })),
    }),
  }),
});
