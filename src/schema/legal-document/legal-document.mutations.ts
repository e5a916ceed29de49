import { requestLegalDocument } from '../../services/legal-documents.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationErrors } from '../shared/errors.js';
import { RequestLegalDocumentPayload } from './legal-document.payload.js';
import { LegalDocumentTypeEnum } from './legal-document.type.js';

const RequestLegalDocumentInput = builder.inputType('RequestLegalDocumentInput', {
  description: 'What a legal document is for.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    documentType: t.field({ type: LegalDocumentTypeEnum, required: true, description: 'Kind of document.' }),
    companyName: t.string({ required: true, description: 'Legal name of the company, 1 to 200 characters.' }),
    companyAddress: t.string({ required: true, description: 'Postal address of the company, 1 to 500 characters, at most 8 lines.' }),
    representativeEmail: t.string({ required: true, description: 'Email of the company’s representative (stored lower-case).' }),
  }),
});

builder.mutationField('requestLegalDocument', (t) =>
  t.field({
    type: RequestLegalDocumentPayload,
    description: 'Requests a legal document: the PDF is generated at once and stored; download it through LegalDocument.downloadUrl. Needs legal_document:write.',
    errors: mutationErrors('RequestLegalDocumentResult'),
    authScopes: { action: 'legal_document.request' },
    args: { input: t.arg({ type: RequestLegalDocumentInput, required: true, description: 'The document.' }) },
    resolve: async (_root, { input: { organizationId, ...data } }, ctx) => ({ legalDocumentId: await requestLegalDocument(ctx, organizationId.id, data) }),
  }),
);
