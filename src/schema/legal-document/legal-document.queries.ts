import { visibleOrganizations } from '../../auth/visibility.js';
import { NotFoundError } from '../../errors.js';
import type { LegalDocument } from '../../db/generated/prisma/client.js';
import { withoutUnasked } from '../../db/unasked-columns.js';
import { builder } from '../builder.js';
import { LegalDocumentRef } from './legal-document.type.js';

builder.queryField('legalDocument', (t) =>
  t.prismaField({
    type: 'LegalDocument',
    nullable: true,
    description: 'One legal document of an organization the caller belongs to (needs legal_document:read there); NOT_FOUND for any other.',
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ for: LegalDocumentRef, required: true, description: 'Global id of the legal document.' }) },
    resolve: async (query, _root, args, ctx) => {
      const document = await ctx.prisma.legalDocument.findFirst({ ...query, where: { id: args.id.id, organization: visibleOrganizations(ctx.principal) } });
      if (!document) throw new NotFoundError('LegalDocument');
      return withoutUnasked<LegalDocument>(document);
    },
  }),
);
