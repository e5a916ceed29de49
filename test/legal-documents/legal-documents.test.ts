import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { expectReadDenied } from '../helpers/denied.js';
import { gid, rawId } from '../helpers/ids.js';
import { expectAuditedMutation, expectRefusedMutation, FAILURE, runMutation, type Caller } from '../helpers/mutations.js';
import { snapshotOf } from '../helpers/no-change.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';

// Legal documents: requested through GraphQL, generated at once and stored in the database;
// listed and read with legal_document:read. The download route has its own file (download.test.ts).

const FIELDS = `id documentType companyName companyAddress representativeEmail status fileName contentType downloadUrl downloadUrlExpiresAt requestedBy { email } organization { id } createdAt updatedAt`;
const REQUEST = `mutation($input: RequestLegalDocumentInput!) { result: requestLegalDocument(input: $input) { __typename ${FAILURE} ... on RequestLegalDocumentPayload { legalDocument { ${FIELDS} } } } }`;
const LIST = `query($id: ID!, $type: LegalDocumentType) { organization(id: $id) { legalDocuments(documentType: $type) { totalCount edges { node { id documentType status } } } } }`;
const READ = `query($id: ID!) { legalDocument(id: $id) { ${FIELDS} } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on LegalDocument { companyName } } }`;

let t: TestApp;
let o: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER' });
  other = await newOrg(t, { owner: 'OWNER' });
});
afterAll(() => t.close());

const DPA = { documentType: 'DPA', companyName: 'Acme Inc.', companyAddress: '1 Main Street\nSpringfield, USA', representativeEmail: 'Legal@Acme.test' };

/** A refused request for a document: the typed error, and no document or audit entry written. */
const expectRefused = (input: Record<string, unknown>, as: Caller, typename: string) =>
  expectRefusedMutation(t, snapshotOf(['legalDocument']), REQUEST, input, as, typename);

describe('requestLegalDocument', () => {
  it('generates and stores the PDF at once, with a download link and one audit entry', async () => {
    const start = Date.now();
    const { result, entry } = await expectAuditedMutation(t, REQUEST, { organizationId: o.org, ...DPA }, o.email.admin!, {
      payload: 'RequestLegalDocumentPayload',
      action: 'legal_document.request',
      organizationId: o.orgId,
      targetType: 'LegalDocument',
    });
    const document = result.legalDocument;
    const day = new Date().toISOString().slice(0, 10);
    expect(document).toMatchObject({
      documentType: 'DPA',
      companyName: 'Acme Inc.',
      companyAddress: '1 Main Street\nSpringfield, USA',
      representativeEmail: 'legal@acme.test',
      status: 'READY',
      fileName: `dpa-acme-inc-${day}.pdf`,
      contentType: 'application/pdf',
      requestedBy: { email: o.email.admin },
      organization: { id: o.org },
    });
    expect(entry.targetId).toBe(rawId(document.id));
    expect(entry.changes).toMatchObject({ documentType: 'DPA', companyName: 'Acme Inc.', representativeEmail: 'legal@acme.test', fileName: document.fileName });
    // A relative link to this server's download route, valid for DOWNLOAD_LINK_TTL_SECONDS (60 s by default).
    expect(document.downloadUrl).toMatch(new RegExp(`^/legal-documents/${rawId(document.id)}/download\\?token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    const expires = Date.parse(document.downloadUrlExpiresAt);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(start / 1000) * 1000 + 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 60_000);

    const row = await t.prisma.legalDocument.findUniqueOrThrow({ where: { id: rawId(document.id) }, omit: { content: false } });
    expect(Buffer.from(row.content!).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(row.requestedById).not.toBeNull();
  });

  it('records no requester for a service client with legal_document:write', async () => {
    const token = await clientToken(t, o.orgId, ['organization:read', 'legal_document:read', 'legal_document:write']);
    const result = expectData<any>(await t.gql(REQUEST, { input: { organizationId: o.org, ...DPA, documentType: 'BAA' } }, { token })).result;
    expect(result.__typename).toBe('RequestLegalDocumentPayload');
    expect(result.legalDocument).toMatchObject({ documentType: 'BAA', requestedBy: null, status: 'READY' });
  });

  it('refuses invalid input, changing nothing', async () => {
    const bad = await expectRefused(
      { organizationId: o.org, documentType: 'DPA', companyName: '  ', companyAddress: 'x'.repeat(501), representativeEmail: 'not-an-email' },
      o.email.owner!,
      'ValidationError',
    );
    expect(bad.fields.map((f: any) => f.path.join('.'))).toEqual(['input.companyName', 'input.companyAddress', 'input.representativeEmail']);
    const lines = await expectRefused({ organizationId: o.org, ...DPA, companyAddress: Array(9).fill('line').join('\n') }, o.email.owner!, 'ValidationError');
    expect(lines.fields).toEqual([{ path: ['input', 'companyAddress'], message: 'must be at most 8 lines' }]);
  });

  it('is NOT_FOUND in another organization and FORBIDDEN without legal_document:write', async () => {
    await expectRefused({ organizationId: o.org, ...DPA }, other.email.owner!, 'NotFoundError');
    await expectRefused({ organizationId: o.org, ...DPA }, o.email.member!, 'ForbiddenError');
    await expectRefused(
      { organizationId: o.org, ...DPA },
      { token: await clientToken(t, o.orgId, ['organization:read', 'legal_document:read']) },
      'ForbiddenError',
    );
  });
});

describe('Organization.legalDocuments, legalDocument(id) and node(id)', () => {
  it('lists newest first with a type filter, and reads one by id and by node(id)', async () => {
    const org = await newOrg(t, { owner: 'OWNER' });
    const ids: string[] = [];
    for (const documentType of ['DPA', 'BAA', 'DPA']) {
      ids.push((await runMutation(t, REQUEST, { organizationId: org.org, ...DPA, documentType }, org.email.owner)).result.legalDocument.id);
    }
    const list = expectData(await t.gql(LIST, { id: org.org }, { as: org.email.owner })).organization.legalDocuments;
    expect(list.totalCount).toBe(3);
    expect(list.edges.map((e: any) => e.node.id)).toEqual([...ids].reverse());
    const baas = expectData(await t.gql(LIST, { id: org.org, type: 'BAA' }, { as: org.email.owner })).organization.legalDocuments;
    expect(baas.edges.map((e: any) => e.node.id)).toEqual([ids[1]]);

    const one = expectData(await t.gql(READ, { id: ids[0] }, { as: org.email.owner })).legalDocument;
    expect(one).toMatchObject({ id: ids[0], documentType: 'DPA', status: 'READY', requestedBy: { email: org.email.owner } });
    expect(expectData(await t.gql(NODE, { id: ids[0] }, { as: org.email.owner })).node).toEqual({ id: ids[0], companyName: 'Acme Inc.' });
  });

  it('shows a document without a file as PENDING, without a link', async () => {
    const pending = await t.prisma.legalDocument.create({
      data: { organizationId: o.orgId, documentType: 'BAA', companyName: 'Acme', companyAddress: 'Somewhere', representativeEmail: 'legal@acme.test' },
    });
    const document = expectData(await t.gql(READ, { id: gid('LegalDocument', pending.id) }, { as: o.email.owner })).legalDocument;
    expect(document).toMatchObject({ status: 'PENDING', fileName: null, contentType: null, downloadUrl: null, downloadUrlExpiresAt: null, requestedBy: null });
  });

  it('answers NOT_FOUND to another organization’s owner, and FORBIDDEN to a member without legal_document:read', async () => {
    const id = (await runMutation(t, REQUEST, { organizationId: o.org, ...DPA }, o.email.owner)).result.legalDocument.id;
    const paths = {
      object: [READ, { id }],
      objectField: 'legalDocument',
      node: [NODE, { id }],
      list: [LIST, { id: o.org }],
      listField: 'legalDocuments',
    } as const;
    await expectReadDenied(t, paths, { outsider: other.email.owner!, member: o.email.member! });
  });

  it('loads a page of documents with their requesters in a fixed number of statements, never reading the files', async () => {
    const QUERY = `query($id: ID!) { organization(id: $id) { legalDocuments { edges { node { id status downloadUrl requestedBy { email } } } } } }`;
    const few = await newOrg(t, { owner: 'OWNER' });
    await runMutation(t, REQUEST, { organizationId: few.org, ...DPA }, few.email.owner);
    const many = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    for (let i = 0; i < 6; i++) await runMutation(t, REQUEST, { organizationId: many.org, ...DPA }, i % 2 ? many.email.owner : many.email.admin);
    const measure = async (org: TestOrg) => t.counter.during(async () => expectData(await t.gql(QUERY, { id: org.org }, { as: org.email.owner })));
    const [a, b] = [await measure(few), await measure(many)];
    expect(b.count).toBe(a.count);
    expect(b.statements.filter((sql) => sql.includes('"LegalDocument"') && sql.includes('"content"'))).toEqual([]);
  });
});
