import type { Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import type { LegalDocumentType } from '../db/generated/prisma/enums.js';
import { fontRuns, type FontStyle } from './legal-document-fonts.js';

// PDFKit 0.20 takes an already parsed fontkit font (see its changelog); @types/pdfkit does not say so yet.
declare global {
  namespace PDFKit.Mixins {
    interface PDFFont {
      registerFont(name: string, src: Font): this;
    }
  }
}

// The file of a requested legal document: a PDF (one A4 page unless the address is very long) made
// with PDFKit, in fonts shipped with the server (legal-document-fonts.ts) so that names in
// Japanese, Greek, Cyrillic or accented Latin print as written. PDFKit embeds only the glyphs used.

export interface LegalDocumentFacts {
  documentType: LegalDocumentType;
  companyName: string;
  companyAddress: string;
  representativeEmail: string;
  date: Date;
}

export interface LegalDocumentFile {
  fileName: string;
  contentType: 'application/pdf';
  content: Uint8Array<ArrayBuffer>;
}

const TITLES: Record<LegalDocumentType, string> = {
  DPA: 'Data Processing Agreement (DPA)',
  BAA: 'Business Associate Agreement (BAA)',
};

const BODIES: Record<LegalDocumentType, string> = {
  DPA:
    'This Data Processing Agreement forms part of the agreement between the Customer named above and the service provider. ' +
    'It governs the processing of personal data by the service provider on the Customer’s behalf, in accordance with applicable ' +
    'data protection law, including the EU General Data Protection Regulation (GDPR).',
  BAA:
    'This Business Associate Agreement forms part of the agreement between the Customer named above, as covered entity, and the ' +
    'service provider, as business associate. It sets out how the service provider protects, uses and discloses protected health ' +
    'information on the Customer’s behalf, as the HIPAA Privacy and Security Rules require.',
};

/** Renders the document for the facts given; the same facts always give the same bytes. */
export function renderLegalDocument(facts: LegalDocumentFacts): LegalDocumentFile {
  const day = facts.date.toISOString().slice(0, 10);
  const title = TITLES[facts.documentType];
  // The creation date is the document's own, not the clock's, so that nothing else varies between two renderings.
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.4',
    info: { Title: title, Producer: 'Orgraph', Creator: 'Orgraph', CreationDate: facts.date },
  });
  write(doc, title, { style: 'bold', size: 18 });
  doc.moveDown(1);
  write(doc, `Customer: ${facts.companyName}`);
  write(doc, 'Address:');
  for (const line of facts.companyAddress.split(/\r?\n/)) write(doc, line, { indent: ADDRESS_INDENT });
  write(doc, `Representative: ${facts.representativeEmail}`);
  write(doc, `Date: ${day}`);
  doc.moveDown(1);
  write(doc, BODIES[facts.documentType]);
  return { fileName: `${facts.documentType.toLowerCase()}-${slug(facts.companyName)}-${day}.pdf`, contentType: 'application/pdf', content: finish(doc) };
}

const MARGIN = 56;
const ADDRESS_INDENT = 24;

/** Writes one paragraph, wrapped to the page's width, each character in a font that has it. */
function write(
  doc: PDFKit.PDFDocument,
  text: string,
  { style = 'regular', size = 11, indent = 0 }: { style?: FontStyle; size?: number; indent?: number } = {},
): void {
  // An empty line (between two address lines) still takes a line's height.
  const runs = fontRuns(text || ' ', style);
  const width = doc.page.width - 2 * MARGIN - indent;
  doc.x = MARGIN + indent;
  // Runs in other fonts continue the same paragraph, so PDFKit wraps them as one text.
  for (const [i, { font, text }] of runs.entries()) {
    doc
      .registerFont(font.name, font.parsed)
      .font(font.name, size)
      .text(text, { width, continued: i < runs.length - 1 });
  }
  doc.x = MARGIN;
}

/** Ends the document and takes its bytes: PDFKit writes the whole file into its stream's buffer on end(). */
function finish(doc: PDFKit.PDFDocument): Uint8Array<ArrayBuffer> {
  doc.end();
  const bytes = doc.read() as Buffer | null;
  if (!bytes || doc.readableLength > 0) throw new Error('PDFKit did not finish the document at once');
  return new Uint8Array(bytes);
}

/** A file-name-safe version of the company name: lower-case ASCII letters, digits and dashes. */
function slug(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return ascii || 'company';
}
