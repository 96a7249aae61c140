/**
 * How wide text is on a thermal printer, in font-A columns, and wrapping to the paper. In
 * Chinese mode (`FS &`) a printer sends every GB18030 multi-byte character to its 24 × 24
 * hanzi font, two columns wide; only ASCII uses the 12 × 24 font A. Every non-ASCII character
 * is therefore counted as two columns — for hanzi, full-width punctuation (，。（）) and the
 * few Latin letters with accents alike. Pure.
 */

/** Columns of one character (a code point) at size 1. */
export function charColumns(char: string): 1 | 2 {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : 2;
}

/** Columns of a text at size 1. */
export function textColumns(text: string): number {
  let columns = 0;
  for (const char of text) columns += charColumns(char);
  return columns;
}

/** Closing punctuation that must not start a line (禁则). */
const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕…%,.;:?!)]}'));

/**
 * Splits into wrap units: an ASCII word (with its trailing spaces), or one non-ASCII character.
 * CJK text may break between any two characters; English only at spaces. Control characters
 * (tabs …) are dropped: a printer would act on them.
 */
function units(text: string): string[] {
  return text.match(/[\x21-\x7e]+ *| +|[\u{80}-\u{10ffff}]/gu) ?? [];
}

/** Breaks one unit that is wider than a whole line into line-sized pieces. */
function hardBreak(unit: string, maxColumns: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of unit) {
    if (textColumns(piece) + charColumns(char) > maxColumns && piece !== '') {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * Wraps text to lines of at most `maxColumns` columns (at size 1; divide the paper's columns
 * by the width multiplier first). Breaks at spaces between English words and between any two
 * CJK characters, keeps closing punctuation off the start of a line, and trims the spaces a
 * break leaves. Newlines in the text start new lines. Never returns an empty list.
 */
export function wrapText(text: string, maxColumns: number): string[] {
  const limit = Math.max(2, Math.floor(maxColumns));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    const flush = (): void => {
      lines.push(line.trimEnd());
      line = '';
    };
    for (const unit of units(paragraph)) {
      if (textColumns(line) + textColumns(unit.trimEnd()) <= limit) {
        line += unit;
        continue;
      }
      if (line.trim() === '') {
        // Only a word longer than the line itself: break it by characters.
        const pieces = hardBreak(unit.trimEnd(), limit);
        line = pieces.pop() ?? '';
        lines.push(...pieces);
        continue;
      }
      const chars = Array.from(line);
      const last = chars[chars.length - 1] ?? '';
      if (NO_LINE_START.has(unit) && chars.length > 1 && charColumns(last) === 2) {
        // Carry the last character down with the punctuation rather than start a line with it.
        line = chars.slice(0, -1).join('');
        flush();
        line = last + unit;
        continue;
      }
      flush();
      line = unit.trimStart();
      if (textColumns(line.trimEnd()) > limit) {
        const pieces = hardBreak(line.trimEnd(), limit);
        line = pieces.pop() ?? '';
        lines.push(...pieces);
      }
    }
    flush();
  }
  return lines;
}
