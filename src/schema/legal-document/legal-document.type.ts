import { LegalDocumentType } from '../../db/generated/prisma/enums.js';
import { downloadLink } from '../../services/legal-documents.js';
import { actorLoader } from '../audit-log/audit-log.type.js';
import { equals } from '../../db/sql-conditions.js';
import { builder } from '../builder.js';
import { inVisibleOrganization, tenantNode } from '../shared/tenant-node.js';
import { inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { UserRef } from '../user/user.type.js';
import { childPage, NEWEST_FIRST, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';

export const LegalDocumentTypeEnum = builder.enumType(LegalDocumentType, {
  name: 'LegalDocumentType',
  description: 'Kind of legal document an organization can request.',
  values: {
    DPA: { description: 'Data Processing Agreement (GDPR).' },
    BAA: { description: 'Business Associate Agreement (HIPAA).' },
  },
});

const LegalDocumentStatusEnum = builder.enumType('LegalDocumentStatus', {
  description: 'Whether a legal document’s file can be downloaded.',
  values: {
    PENDING: { description: 'The file is still being prepared: no download link yet.' },
    READY: { description: 'The file is stored and can be downloaded through downloadUrl.' },
  } as const,
});

/** The file columns are written together; fileName stands for all of them so lists never load the bytes. */
const isReady = (document: { fileName: string | null }) => document.fileName !== null;

export const LegalDocumentRef = builder.prismaNode('LegalDocument', {
  description: 'A legal document (DPA or BAA) requested by the organization, with its generated file.',
  id: { field: 'id', description: 'Global id of the legal document.' },
  // The file's bytes are read only by the download route (unasked-columns.ts).
  ...tenantNode(inVisibleOrganization),
  // Reading a legal document needs legal_document:read in its organization.
  authScopes: inOrganizationOf('legal_document.read'),
  fields: (t) => ({
    documentType: t.expose('documentType', { type: LegalDocumentTypeEnum, description: 'Kind of document.' }),
    companyName: t.exposeString('companyName', { description: 'Legal name of the company the document is for.' }),
    companyAddress: t.exposeString('companyAddress', { description: 'Postal address of the company; may have several lines.' }),
    representativeEmail: t.exposeString('representativeEmail', { description: 'Email of the company’s representative for the document.' }),
    status: t.field({
      type: LegalDocumentStatusEnum,
      description: 'READY once the file is stored, PENDING before.',
      ...reads('fileName'),
      resolve: (document) => (isReady(document) ? 'READY' : 'PENDING'),
    }),
    fileName: t.exposeString('fileName', { nullable: true, description: 'Name of the file, e.g. dpa-acme-2026-01-31.pdf; null while PENDING.' }),
    contentType: t.exposeString('contentType', { nullable: true, description: 'Media type of the file (application/pdf); null while PENDING.' }),
    downloadUrl: t.string({
      nullable: true,
      description:
        'A short-lived link that downloads the file without a bearer token: a path on this server with a signed token in its query (`/legal-documents/<id>/download?token=…`), valid until downloadUrlExpiresAt (about a minute). Ask for a new one each time rather than storing it. Null while PENDING.',
      ...reads('fileName'),
      resolve: async (document, _args, ctx) => (isReady(document) ? (await downloadLink(ctx, document.id)).url : null),
    }),
    downloadUrlExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When downloadUrl stops working; null while PENDING.',
      ...reads('fileName'),
      resolve: async (document, _args, ctx) => (isReady(document) ? (await downloadLink(ctx, document.id)).expiresAt : null),
    }),
    requestedBy: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user who requested the document; null when a service client did, or for a user the caller can no longer see (no shared organization).',
      ...reads('requestedById'),
      resolve: (document, _args, ctx, info) => (document.requestedById ? actorLoader(ctx, info).load(document.requestedById) : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the document was requested.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the document last changed.' }),
  }),
});

builder.prismaObjectField('Organization', 'legalDocuments', (t) =>
  t.connection(
    {
      type: LegalDocumentRef,
      nullable: true,
      description: 'Legal documents the organization requested, newest first. Null (with a FORBIDDEN error) without legal_document:read.',
      authScopes: inThisOrganization('legal_document.read'),
      args: { documentType: t.arg({ type: LegalDocumentTypeEnum, required: false, description: 'Only documents of this kind.' }) },
      resolve: (organization, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('LegalDocument', 'organizationId', organization.id, {
            filters: args.documentType ? [equals(PAGED, 'documentType', args.documentType, 'LegalDocumentType')] : [],
            order: NEWEST_FIRST,
          }),
        ),
    },
    withTotalCount(),
  ),
);

// Added after the type: see the relation fields of member.type.ts.
builder.prismaObjectField('LegalDocument', 'organization', (t) =>
  t.field({ type: OrganizationRef, description: 'The organization.', ...relationField('LegalDocument', 'organization') }),
);
