import type { LegalDocumentType } from '../db/generated/prisma/enums.js';

// The file of a requested legal document: a one-page PDF written by hand (a few objects and a
// cross-reference table), so no PDF library is needed. Text uses the standard Helvetica fonts
// with WinAnsiEncoding; characters outside it print as "?".

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
  const lines = [
    `Customer: ${facts.companyName}`,
    'Address:',
    ...facts.companyAddress.split(/\r?\n/).flatMap((line) => wrap(line, 86).map((part) => `    ${part}`)),
    `Representative: ${facts.representativeEmail}`,
    `Date: ${day}`,
    '',
    ...wrap(BODIES[facts.documentType]),
  ];
  const content = pdf(TITLES[facts.documentType], lines);
  return { fileName: `${facts.documentType.toLowerCase()}-${slug(facts.companyName)}-${day}.pdf`, contentType: 'application/pdf', content };
}

/** Lines of at most `width` characters, broken at spaces (a longer word is cut). */
function wrap(text: string, width = 90): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    for (let rest = word; ; ) {
      const candidate = line ? `${line} ${rest}` : rest;
      if (candidate.length <= width) {
        line = candidate;
        break;
      }
      if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  return [...lines, line];
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

// WinAnsiEncoding (PDF 32000-1, Annex D) agrees with Latin-1 except in 0x80–0x9F, where it has these.
const WIN_ANSI_EXTRAS: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e,
  '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/** A PDF literal string: the text in WinAnsiEncoding, with delimiters and non-printable bytes escaped. */
function pdfString(text: string): string {
  let out = '(';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    const byte = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) ? code : (WIN_ANSI_EXTRAS[char] ?? (char === '\t' ? 0x20 : 0x3f));
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out})`;
}

/** An A4 page with a bold title and lines of 11-point text: catalog, pages, page, two fonts, content, info. */
function pdf(title: string, lines: string[]): Uint8Array<ArrayBuffer> {
  const text = lines.map((line) => `${pdfString(line)} Tj T*`).join('\n');
  const stream = `BT /F2 18 Tf 56 780 Td ${pdfString(title)} Tj ET\nBT /F1 11 Tf 15 TL 56 740 Td\n${text}\nET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    // Every byte of the stream is ASCII (pdfString escapes the rest), so its length is its string length.
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    `<< /Title ${pdfString(title)} /Producer (Orgraph) >>`,
  ];
  // The second line marks the file as binary for transfer tools, as the PDF specification recommends.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // One character per byte throughout, so string offsets are byte offsets.
  return new Uint8Array(Buffer.from(body, 'latin1'));
}
