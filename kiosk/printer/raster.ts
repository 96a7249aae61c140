/**
 * Bitmaps for the printer: text drawn with the system CJK font (for characters a GBK printer
 * font lacks) and PNG logos turned into 1-bit images. Node only (@napi-rs/canvas, pngjs).
 */
import { existsSync } from 'node:fs';

import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { PNG } from 'pngjs';

import type { MonoBitmap, Rasterizer } from './escpos.ts';

/** The CJK font the kiosk image installs (WenQuanYi Micro Hei). */
export const DEFAULT_CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/**
 * Fonts with Extension B hanzi (𠮷 …), used for the glyphs the main font lacks when present.
 * WenQuanYi Micro Hei stops at the BMP, and rare name characters are the reason to rasterize.
 */
const FALLBACK_FONTS = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf',
  '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf',
];

const registered = new Map<string, string>();

/** Registers a font file once and returns its family name for `ctx.font`. */
function family(path: string): string | null {
  const known = registered.get(path);
  if (known !== undefined) return known;
  if (!existsSync(path)) return null;
  const name = `HallQ Font ${registered.size + 1}`;
  if (GlobalFonts.registerFromPath(path, name) === null) return null;
  registered.set(path, name);
  return name;
}

/**
 * The CSS font list for a size: the given font first, then any installed fallback with rarer
 * hanzi. Throws when the main font file is missing: printing tofu silently would be worse.
 */
export function cjkFont(sizePx: number, fontPath: string = DEFAULT_CJK_FONT): string {
  const main = family(fontPath);
  if (main === null) throw new Error(`CJK font not found: ${fontPath}`);
  const names = [main];
  for (const path of FALLBACK_FONTS) {
    const name = family(path);
    if (name !== null) names.push(name);
  }
  return `${sizePx}px ${names.map((name) => `"${name}"`).join(', ')}`;
}

/** Alpha at or above this (of 255) prints black: thin strokes survive, the fringe does not. */
const INK_THRESHOLD = 110;

/**
 * A rasterizer drawing with the system CJK font (or `fontPath`) through @napi-rs/canvas. The
 * font size equals the height in dots, like the printer's own 24-dot hanzi; bold is a second
 * pass offset by a dot per 24, as printers embolden.
 */
export function canvasRasterizer(fontPath: string = DEFAULT_CJK_FONT): Rasterizer {
  return (text, heightDots, bold) => {
    const height = Math.max(1, Math.round(heightDots));
    const font = cjkFont(height, fontPath);
    const probe = createCanvas(1, 1).getContext('2d');
    probe.font = font;
    const boldOffset = bold ? Math.max(1, Math.round(height / 24)) : 0;
    const width = Math.max(1, Math.ceil(probe.measureText(text).width) + boldOffset);
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.font = font;
    ctx.fillStyle = '#000';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 0, height / 2);
    if (bold) ctx.fillText(text, boldOffset, height / 2);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return packBits(width, height, (x, y) => (rgba[(y * width + x) * 4 + 3] ?? 0) >= INK_THRESHOLD);
  };
}

/**
 * A PNG (e.g. the hall logo) as a 1-bit bitmap: transparent counts as white paper, and a pixel
 * prints black when its luminance is below `threshold` (0..255).
 */
export function pngToMonoBitmap(png: Uint8Array, threshold = 128): MonoBitmap {
  const image = PNG.sync.read(Buffer.from(png));
  const { width, height, data } = image;
  return packBits(width, height, (x, y) => {
    const i = (y * width + x) * 4;
    const alpha = (data[i + 3] ?? 0) / 255;
    const luminance =
      0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
    // Composite over white paper before thresholding.
    return luminance * alpha + 255 * (1 - alpha) < threshold;
  });
}

/** Packs a pixel predicate into rows of whole bytes, most significant bit first. */
function packBits(
  width: number,
  height: number,
  isBlack: (x: number, y: number) => boolean,
): MonoBitmap {
  const stride = Math.ceil(width / 8);
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (isBlack(x, y)) {
        const i = y * stride + (x >> 3);
        data[i] = (data[i] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  return { width, height, data };
}
