import { changedRowsPayload } from '../shared/payload.js';

/** Payload of requestLegalDocument. */
export const RequestLegalDocumentPayload = changedRowsPayload({ legalDocument: ['LegalDocument', 'legalDocumentId', 'The new legal document.'] })(
  'RequestLegalDocumentPayload',
  'The requested legal document, already generated (status READY) with its download link.',
);
