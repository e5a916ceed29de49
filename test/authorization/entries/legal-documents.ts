import type { TestApp } from '../../helpers/app.js';
import { gid } from '../../helpers/fixtures.js';
import { mutation, WRITERS, type Entry } from '../entry-kit.js';
import type { Fixture } from '../principals.js';
import { readById } from './integrations.js';

// Legal documents: reading needs legal_document:read, requesting legal_document:write (owners,
// admins, a client with the scope).

async function freshDocument(t: TestApp, f: Fixture): Promise<string> {
  const document = await t.prisma.legalDocument.create({
    data: {
      organizationId: f.orgId,
      documentType: 'DPA',
      companyName: 'Matrix Inc.',
      companyAddress: '1 Matrix Way',
      representativeEmail: 'legal@matrix.test',
    },
  });
  return gid('LegalDocument', document.id);
}

export const ENTRIES: Record<string, Entry> = {
  'Query.legalDocument': readById('legalDocument', 'legal_document:read', freshDocument),
  'Mutation.requestLegalDocument': mutation('requestLegalDocument', 'RequestLegalDocumentInput', 'legal_document:write', WRITERS, (_t, f) => ({
    organizationId: f.org,
    documentType: 'DPA',
    companyName: 'Matrix Inc.',
    companyAddress: '1 Matrix Way',
    representativeEmail: 'legal@matrix.test',
  })),
};
