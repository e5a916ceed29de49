import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

// What a reader of a PDF sees, read by PDF.js: the text of each page line by line, where each line
// sits on the page, and the document's title. Tests check these rather than the file's bytes.

export interface PdfLine {
  text: string;
  /** Left and right edges, in points from the page's left edge. */
  left: number;
  right: number;
}

export interface PdfPage {
  width: number;
  lines: PdfLine[];
}

export interface PdfText {
  title: string | undefined;
  pages: PdfPage[];
  /** Every line of every page. */
  lines: string[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
  // PDF.js takes ownership of the buffer it is given, so it gets a copy.
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push({ width: page.view[2]!, lines: linesOf(content.items.filter((item): item is TextItem => 'str' in item)) });
    }
    const { info } = await pdf.getMetadata();
    const title = (info as { Title?: string }).Title;
    return { title, pages, lines: pages.flatMap((page) => page.lines.map((line) => line.text)) };
  } finally {
    await pdf.destroy();
  }
}

/** Items joined into lines: PDF.js marks the last item of each line. */
function linesOf(items: TextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  for (const item of items) {
    const left = item.transform[4] as number;
    if (!current) current = { text: '', left, right: left };
    current.text += item.str;
    current.right = Math.max(current.right, left + item.width);
    if (item.hasEOL) {
      lines.push(current);
      current = undefined;
    }
  }
  return current ? [...lines, current] : lines;
}
