import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

// The fonts legal documents are printed in. They come from npm packages, so every install has them
// and nothing is downloaded at run time. A character is printed in the first font of the list that
// has it:
// - Noto Sans: Latin (Western, Central and Eastern European, Vietnamese), Greek and Cyrillic;
// - Noto Sans JP: Japanese kana and kanji, which include most Chinese characters (not all the
//   simplified ones).
// Neither has Hangul, Arabic, Hebrew, Indic or Thai scripts, or emoji: such characters print as "?".

const resolve = createRequire(import.meta.url).resolve;

const NOTO_SANS = '@expo-google-fonts/noto-sans';
const NOTO_SANS_JP = '@expo-google-fonts/noto-sans-jp';

export interface DocumentFont {
  /** The name the font is registered under in a document. */
  name: string;
  /** The parsed font, shared by every document: parsing its tables costs far more than printing a page. */
  readonly parsed: fontkit.Font;
}

/** A piece of text that one font prints. */
export interface TextRun {
  font: DocumentFont;
  text: string;
}

/** A font read from its package on first use, so that a process that prints no document (or no kanji) pays nothing. */
function packagedFont(name: string, file: string): DocumentFont {
  let parsed: fontkit.Font | undefined;
  return {
    name,
    get parsed() {
      return (parsed ??= fontkit.create(readFileSync(resolve(file))) as fontkit.Font);
    },
  };
}

/** Per style, the fonts in the order a character looks for its glyph. */
const FONTS = {
  regular: [
    packagedFont('NotoSans-Regular', `${NOTO_SANS}/400Regular/NotoSans_400Regular.ttf`),
    packagedFont('NotoSansJP-Regular', `${NOTO_SANS_JP}/400Regular/NotoSansJP_400Regular.ttf`),
  ],
  bold: [
    packagedFont('NotoSans-Bold', `${NOTO_SANS}/700Bold/NotoSans_700Bold.ttf`),
    packagedFont('NotoSansJP-Bold', `${NOTO_SANS_JP}/700Bold/NotoSansJP_700Bold.ttf`),
  ],
};

export type FontStyle = keyof typeof FONTS;

const REPLACEMENT = '?';

/** The text split into runs by the font that prints each character; characters no font has become "?". */
export function fontRuns(text: string, style: FontStyle): TextRun[] {
  const fonts = FONTS[style];
  const runs: TextRun[] = [];
  for (const char of text.normalize('NFC')) {
    const [printed, font] = printable(char, fonts);
    const last = runs.at(-1);
    if (last?.font === font) last.text += printed;
    else runs.push({ font, text: printed });
  }
  return runs;
}

function printable(char: string, fonts: DocumentFont[]): [string, DocumentFont] {
  if (char === '\t') return [' ', fonts[0]!];
  const codePoint = char.codePointAt(0)!;
  // Control characters would move the text (a line feed starts a new line) rather than print.
  const font = /\p{Cc}/u.test(char) ? undefined : fonts.find((f) => f.parsed.hasGlyphForCodePoint(codePoint));
  return font ? [char, font] : [REPLACEMENT, fonts[0]!];
}
