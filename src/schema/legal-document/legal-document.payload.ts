import { changedRowPayload } from '../shared/payload.js';

/** Payload of requestLegalDocument. */
export const RequestLegalDocumentPayload = changedRowPayload('legalDocument', 'LegalDocument', 'legalDocumentId', 'The new legal document.')(
  'RequestLegalDocumentPayload',
  'The requested legal document, already generated (status READY) with its download link.',
);
