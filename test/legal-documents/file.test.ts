import { describe, expect, it } from 'vitest';
import { renderLegalDocument } from '../../src/services/legal-document-file.js';
import { readPdf } from './pdf-text.js';

// The generated PDF is checked as a reader sees it: its text, read back by PDF.js line by line.

const facts = {
  documentType: 'DPA' as const,
  companyName: 'Smith (UK) \\ Sons – “Ltd” 株式会社',
  companyAddress: '10 Downing Street\nLondon',
  representativeEmail: 'legal@smith.test',
  date: new Date('2026-03-04T12:00:00Z'),
};

const customerLine = async (companyName: string) => (await readPdf(renderLegalDocument({ ...facts, companyName }).content)).lines[1];

describe('renderLegalDocument', () => {
  const file = renderLegalDocument(facts);

  it('names the file after the type, the company and the day', () => {
    expect(file).toMatchObject({ fileName: 'dpa-smith-uk-sons-ltd-2026-03-04.pdf', contentType: 'application/pdf' });
  });

  it('prints the title, the facts as written and the body', async () => {
    const pdf = await readPdf(file.content);
    expect(pdf.title).toBe('Data Processing Agreement (DPA)');
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.lines.slice(0, 7)).toEqual([
      'Data Processing Agreement (DPA)',
      'Customer: Smith (UK) \\ Sons – “Ltd” 株式会社',
      'Address:',
      '10 Downing Street',
      'London',
      'Representative: legal@smith.test',
      'Date: 2026-03-04',
    ]);
    expect(pdf.lines.slice(7).join(' ')).toMatch(/^This Data Processing Agreement forms part of .* General Data Protection Regulation \(GDPR\)\.$/);
  });

  it('round-trips a Japanese company name and address', async () => {
    const japanese = renderLegalDocument({
      ...facts,
      documentType: 'BAA',
      companyName: '株式会社サンプル商事',
      companyAddress: '〒100-0005\n東京都千代田区丸の内1-1-1',
    });
    expect(japanese.fileName).toBe('baa-company-2026-03-04.pdf');
    const pdf = await readPdf(japanese.content);
    expect(pdf.lines.slice(0, 5)).toEqual([
      'Business Associate Agreement (BAA)',
      'Customer: 株式会社サンプル商事',
      'Address:',
      '〒100-0005',
      '東京都千代田区丸の内1-1-1',
    ]);
  });

  it.each(['Łódź Żółć Sp. z o.o.', 'Ωμέγα Α.Ε.', 'ООО «Ромашка»', 'Công ty Nguyễn Văn Ấn', 'Ærø Fjord ApS – Straße 5'])(
    'prints %s as written',
    async (name) => {
      expect(await customerLine(name)).toBe(`Customer: ${name}`);
    },
  );

  it('prints "?" for each character that no font has (Hangul, emoji, control characters)', async () => {
    expect(await customerLine('삼성전자 Co 🙂')).toBe('Customer: ???? Co ?');
    expect(await customerLine('Acme\u0007Inc')).toBe('Customer: Acme?Inc');
  });

  it('gives the same bytes for the same facts', () => {
    expect(Buffer.from(renderLegalDocument(facts).content).equals(Buffer.from(file.content))).toBe(true);
  });

  it('embeds only the glyphs it prints, so the file stays small', () => {
    expect(file.content.byteLength).toBeLessThan(50_000);
  });

  it('wraps long address lines, with or without spaces, within the page', async () => {
    const words = 'word '.repeat(60).trim();
    const kanji = '東京都千代田区丸の内'.repeat(15);
    const pdf = await readPdf(renderLegalDocument({ ...facts, companyAddress: `${words}\n${kanji}` }).content);
    const [page] = pdf.pages;
    for (const line of page!.lines) expect(line.right).toBeLessThan(page!.width - 40);
    const text = page!.lines.map((line) => line.text);
    const address = text.slice(text.indexOf('Address:') + 1, text.indexOf('Representative: legal@smith.test'));
    expect(address.length).toBeGreaterThan(4);
    expect(address.filter((line) => line.includes('word')).join(' ')).toBe(words);
    expect(address.filter((line) => line.includes('東')).join('')).toBe(kanji);
  });
});
