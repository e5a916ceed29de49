import { describe, expect, it } from 'vitest';
import { renderLegalDocument } from '../../src/services/legal-document-file.js';

// The generated PDF is written by hand: check that its structure is what a reader needs (every
// cross-reference offset lands on its object, the stream length is exact) and that the text is safe.

const facts = {
  documentType: 'DPA' as const,
  companyName: 'Smith (UK) \\ Sons – “Ltd” 株式会社',
  companyAddress: '10 Downing Street\nLondon',
  representativeEmail: 'legal@smith.test',
  date: new Date('2026-03-04T12:00:00Z'),
};

describe('renderLegalDocument', () => {
  const file = renderLegalDocument(facts);
  const text = Buffer.from(file.content).toString('latin1');

  it('names the file after the type, the company and the day', () => {
    expect(file).toMatchObject({ fileName: 'dpa-smith-uk-sons-ltd-2026-03-04.pdf', contentType: 'application/pdf' });
  });

  it('is a well-formed PDF: header, objects at their cross-reference offsets, exact stream length, trailer', () => {
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(7);
    offsets.forEach((offset, i) => expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const stream = /<< \/Length (\d+) >>\nstream\n/.exec(text)!;
    const start = stream.index + stream[0].length;
    expect(text.slice(start + Number(stream[1]), start + Number(stream[1]) + 10)).toBe('\nendstream');
    expect(text).toContain('/Size 8 /Root 1 0 R /Info 7 0 R');
  });

  it('prints the facts with delimiters escaped, WinAnsi characters as octal escapes and others as "?"', () => {
    expect(text).toContain('(Data Processing Agreement \\(DPA\\)) Tj');
    expect(text).toContain('(Customer: Smith \\(UK\\) \\\\ Sons \\226 \\223Ltd\\224 ????) Tj');
    expect(text).toContain('(Address:) Tj T*\n(    10 Downing Street) Tj T*\n(    London) Tj');
    expect(text).toContain('(Representative: legal@smith.test) Tj');
    expect(text).toContain('(Date: 2026-03-04) Tj');
  });

  it('gives the same bytes for the same facts', () => {
    expect(Buffer.from(renderLegalDocument(facts).content).equals(Buffer.from(file.content))).toBe(true);
  });

  it('wraps long addresses within the page', () => {
    const long = renderLegalDocument({ ...facts, companyAddress: 'word '.repeat(60).trim() });
    const lines = [...Buffer.from(long.content).toString('latin1').matchAll(/^\((.*)\) Tj T\*$/gm)].map((m) => m[1]!);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(90);
    expect(lines.filter((l) => l.includes('word')).length).toBeGreaterThan(2);
  });
});
