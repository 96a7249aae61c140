/**
 * Our own ESC/POS encoder: a receipt document → the bytes a thermal printer understands.
 * Runs in Node (Electron main process, the server's print relay, CLI tools); no native modules,
 * so it loads anywhere. The npm ESC/POS libraries send a non-standard QR command, skip `FS &`
 * or cap the text size (see tech notes), hence this small file.
 *
 * Chinese is sent in GB18030 after `FS &` (Chinese mode). Many printers only carry a GBK font,
 * so a line with any character outside GBK (rare name characters such as 𠮷 or 䶮, which GB18030
 * encodes but a GBK font lacks) is drawn by a `Rasterizer` and sent as a `GS v 0` image instead.
 */
import iconv from 'iconv-lite';

import type { Align, ReceiptDocument, ReceiptLine } from '../../shared/src/receipt/document.ts';
import { paperColumns, paperDots } from '../../shared/src/receipt/document.ts';

/** A 1-bit image: rows padded to whole bytes, most significant bit first, 1 = black. */
export interface MonoBitmap {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Draws a line of text as a bitmap `heightDots` high (as wide as the text needs). */
export type Rasterizer = (text: string, heightDots: number, bold: boolean) => MonoBitmap;

export interface EncodeOptions {
  /** Draws lines the printer's GBK font cannot print; without it they are sent as GB18030 text. */
  readonly rasterize?: Rasterizer;
  /** The hall logo printed for `logo` lines; none configured → `logo` lines print nothing. */
  readonly logo?: MonoBitmap | null;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

/** Height of the printer's hanzi and font A at size 1, in dots. */
export const FONT_HEIGHT_DOTS = 24;

/** `GS ( k` accepts at most this many data bytes for a QR symbol. */
const QR_MAX_BYTES = 7089;

const ALIGN_CODES: Readonly<Record<Align, number>> = { left: 0, center: 1, right: 2 };

/** `ESC @`: clears the buffer and resets every mode (left, size 1, bold off). */
export function initialize(): Uint8Array {
  return Uint8Array.of(ESC, 0x40);
}

/** `FS &`: Chinese mode, so multi-byte GB18030 goes to the hanzi font instead of the code page. */
export function chineseMode(): Uint8Array {
  return Uint8Array.of(FS, 0x26);
}

/** `ESC a n`: justification of the following lines (text, QR and raster). */
export function justify(align: Align): Uint8Array {
  return Uint8Array.of(ESC, 0x61, ALIGN_CODES[align]);
}

/** `GS ! n`: character size, width and height multipliers 1..8 (applies to hanzi too). */
export function characterSize(width: number, height: number): Uint8Array {
  const w = clampInt(width, 1, 8) - 1;
  const h = clampInt(height, 1, 8) - 1;
  return Uint8Array.of(GS, 0x21, (w << 4) | h);
}

/** `ESC E n`: emphasized (bold) on or off. */
export function emphasize(on: boolean): Uint8Array {
  return Uint8Array.of(ESC, 0x45, on ? 1 : 0);
}

/** `ESC d n`: prints the buffer and feeds n lines; longer feeds are split into several commands. */
export function feed(lines: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let left = Math.max(0, Math.floor(lines));
  while (left > 0) {
    const n = Math.min(left, 255);
    parts.push(Uint8Array.of(ESC, 0x64, n));
    left -= n;
  }
  return concat(parts);
}

/**
 * `GS V 66 0`: feeds to the cutter and cuts partially (function B), so the last line is not
 * left under the print head; `partial: false` sends `GS V 65 0`, a full cut.
 */
export function cut(partial = true): Uint8Array {
  return Uint8Array.of(GS, 0x56, partial ? 66 : 65, 0);
}

/** One `GS ( k` function of the QR code symbol (cn = 49). */
function qrFunction(fn: number, params: Uint8Array): Uint8Array {
  const length = params.length + 2;
  return concat([Uint8Array.of(GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, fn), params]);
}

/**
 * A QR code through the standard `GS ( k` functions: model 2 (fn 165), module size (fn 167),
 * error correction M (fn 169), store the data (fn 180), print (fn 181). The data is UTF-8.
 */
export function qrCode(data: string, moduleSize: number): Uint8Array {
  const bytes = new TextEncoder().encode(data);
  if (bytes.length === 0 || bytes.length > QR_MAX_BYTES) {
    throw new RangeError(`QR data must be 1..${QR_MAX_BYTES} bytes, got ${bytes.length}`);
  }
  return concat([
    qrFunction(0x41, Uint8Array.of(0x32, 0x00)),
    qrFunction(0x43, Uint8Array.of(clampInt(moduleSize, 1, 16))),
    qrFunction(0x45, Uint8Array.of(0x31)),
    qrFunction(0x50, concat([Uint8Array.of(0x30), bytes])),
    qrFunction(0x51, Uint8Array.of(0x30)),
  ]);
}

/** `GS v 0 0 xL xH yL yH d…`: a raster bit image in normal density, x in bytes, y in dots. */
export function rasterImage(bitmap: MonoBitmap): Uint8Array {
  const bytesPerRow = Math.ceil(bitmap.width / 8);
  if (bitmap.data.length !== bytesPerRow * bitmap.height) {
    throw new RangeError(
      `bitmap data is ${bitmap.data.length} bytes, expected ${bytesPerRow * bitmap.height}`,
    );
  }
  if (bytesPerRow > 0xffff || bitmap.height > 0xffff) throw new RangeError('bitmap too large');
  return concat([
    Uint8Array.of(
      GS,
      0x76,
      0x30,
      0,
      bytesPerRow & 0xff,
      bytesPerRow >> 8,
      bitmap.height & 0xff,
      bitmap.height >> 8,
    ),
    bitmap.data,
  ]);
}

/** Text in GB18030, control characters removed: a stray ESC or LF would be taken as a command. */
export function encodeText(text: string): Uint8Array {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return Uint8Array.from(iconv.encode(text.replace(/[\u0000-\u001f\u007f]/gu, ''), 'gb18030'));
}

/**
 * GB18030 two-byte codes that a GBK (CP936) font leaves empty or maps to the private use area:
 * the euro sign, ǹ, the ideographic description characters and the 80 characters GB18030-2005
 * added at FE50–FEA0 (CJK radicals and Extension A hanzi such as 䶮). iconv-lite's "gbk" encodes
 * these too, so it cannot answer the question.
 */
function isGb18030Only(code: number): boolean {
  return (
    code === 0xa2e3 ||
    code === 0xa8bf ||
    (code >= 0xa989 && code <= 0xa995) ||
    (code >= 0xfe50 && code <= 0xfea0)
  );
}

/**
 * Whether a GBK printer font has the character: ASCII, or a two-byte GB18030 code that GBK also
 * assigns. Four-byte GB18030 (Extension B and later, e.g. 𠮷) and the private use area are not.
 */
export function isGbkPrintable(char: string): boolean {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x80) return true;
  if (codePoint >= 0xe000 && codePoint <= 0xf8ff) return false;
  const bytes = iconv.encode(char, 'gb18030');
  if (bytes.length !== 2) return false;
  return !isGb18030Only(((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0));
}

/** Whether a text has a character that must be rasterized for a GBK-only printer. */
export function needsRaster(text: string): boolean {
  for (const char of text) if (!isGbkPrintable(char)) return true;
  return false;
}

/** Nearest-neighbour scaling of a bitmap to a new size. */
export function scaleBitmap(bitmap: MonoBitmap, width: number, height: number): MonoBitmap {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const srcStride = Math.ceil(bitmap.width / 8);
  const stride = Math.ceil(w / 8);
  const data = new Uint8Array(stride * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(bitmap.height - 1, Math.floor((y * bitmap.height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(bitmap.width - 1, Math.floor((x * bitmap.width) / w));
      const bit = ((bitmap.data[sy * srcStride + (sx >> 3)] ?? 0) >> (7 - (sx & 7))) & 1;
      if (bit === 1)
        data[y * stride + (x >> 3)] = (data[y * stride + (x >> 3)] ?? 0) | (0x80 >> (x & 7));
    }
  }
  return { width: w, height: h, data };
}

/** Shrinks a bitmap wider than the printable width, keeping its proportions. */
function fitWidth(bitmap: MonoBitmap, maxWidth: number): MonoBitmap {
  if (bitmap.width <= maxWidth) return bitmap;
  return scaleBitmap(bitmap, maxWidth, (bitmap.height * maxWidth) / bitmap.width);
}

/** The printer modes the encoder has set, so each command is only sent when it changes. */
interface Modes {
  align: Align;
  width: number;
  height: number;
  bold: boolean;
}

/**
 * Encodes a receipt document as one ESC/POS job: `ESC @`, `FS &`, the lines, then `GS V` when
 * the document asks for a cut. Alignment, size and bold are only sent when they change; every
 * text line ends with LF. A rule is a line of dashes across the paper at size 1.
 */
export function encodeReceipt(doc: ReceiptDocument, options: EncodeOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [initialize(), chineseMode()];
  const modes: Modes = { align: 'left', width: 1, height: 1, bold: false };
  const maxDots = paperDots(doc.paper);

  const setAlign = (align: Align): void => {
    if (modes.align !== align) parts.push(justify(align));
    modes.align = align;
  };
  const setStyle = (width: number, height: number, bold: boolean): void => {
    if (modes.width !== width || modes.height !== height) parts.push(characterSize(width, height));
    if (modes.bold !== bold) parts.push(emphasize(bold));
    Object.assign(modes, { width, height, bold });
  };

  const encodeLine = (line: ReceiptLine): void => {
    switch (line.kind) {
      case 'text': {
        setAlign(line.align);
        if (options.rasterize && needsRaster(line.text)) {
          // The whole line becomes one image so its glyphs match; ESC a still positions it.
          const height = FONT_HEIGHT_DOTS * line.height;
          const drawn = options.rasterize(line.text, height, line.bold);
          const widened = scaleBitmap(drawn, (drawn.width * line.width) / line.height, height);
          parts.push(rasterImage(fitWidth(widened, maxDots)));
          return;
        }
        setStyle(line.width, line.height, line.bold);
        parts.push(encodeText(line.text), Uint8Array.of(LF));
        return;
      }
      case 'qr':
        setAlign(line.align);
        parts.push(qrCode(line.data, line.moduleSize));
        return;
      case 'rule':
        setAlign('left');
        setStyle(1, 1, false);
        parts.push(encodeText('-'.repeat(paperColumns(doc.paper))), Uint8Array.of(LF));
        return;
      case 'feed':
        parts.push(feed(line.lines));
        return;
      case 'logo':
        if (options.logo) {
          setAlign('center');
          parts.push(rasterImage(fitWidth(options.logo, maxDots)));
        }
        return;
    }
  };

  for (const line of doc.lines) encodeLine(line);
  if (doc.cut) parts.push(cut());
  return concat(parts);
}

/** Joins byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}
