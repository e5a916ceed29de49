import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import { requestLegalDocument } from '../../services/legal-documents.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationWithInput } from '../shared/mutation.js';
import { RequestLegalDocumentPayload } from './legal-document.payload.js';
import { LegalDocumentTypeEnum } from './legal-document.type.js';

builder.mutationField('requestLegalDocument', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('legal_document.request', { type: 'What a legal document is for.', argument: 'The document.' }),
    type: RequestLegalDocumentPayload,
    description:
      'Requests a legal document: the PDF is generated at once and stored; download it through LegalDocument.downloadUrl. Needs legal_document:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      documentType: t.input.field({ type: LegalDocumentTypeEnum, required: true, description: 'Kind of document.' }),
      companyName: t.input.string({ required: true, description: 'Legal name of the company, 1 to 200 characters.' }),
      companyAddress: t.input.string({ required: true, description: 'Postal address of the company, 1 to 500 characters, at most 8 lines.' }),
      representativeEmail: t.input.string({ required: true, description: 'Email of the company’s representative (stored lower-case).' }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'requestLegalDocument', idempotencyKey, input, async () => {
        const { organizationId, ...data } = input;
        return { legalDocumentId: await requestLegalDocument(ctx, organizationId.id, data) };
      }),
  }),
);
