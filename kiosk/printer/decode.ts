/**
 * An ESC/POS decoder and a PNG preview of what a printer would put on paper. Tests use the
 * decoder to read back the encoder's bytes; the virtual printer (`printer:sim`) uses both to
 * show each received job. It knows exactly the commands our encoder sends (plus `FS .` and CR)
 * and throws on anything else, so a stray or mistyped command fails loudly.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import iconv from 'iconv-lite';
import QRCode from 'qrcode';

import type { Align } from '../../shared/src/receipt/document.ts';
import { paperDots } from '../../shared/src/receipt/document.ts';
import { FONT_HEIGHT_DOTS } from './escpos.ts';
import { cjkFont } from './raster.ts';

export type DecodedItem =
  | { kind: 'init' }
  | {
      kind: 'text';
      text: string;
      align: Align;
      width: number;
      height: number;
      bold: boolean;
    }
  /** `align` is the `ESC a` justification in force, which positions QR codes and images too. */
  | { kind: 'qr'; data: string; moduleSize: number; align: Align }
  | { kind: 'raster'; width: number; height: number; bitmap: Uint8Array; align: Align }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface DecodedJob {
  items: DecodedItem[];
}

/** The bytes are not a well-formed command (truncated, or a parameter out of range). */
export class EscPosDecodeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'EscPosDecodeError';
  }
}

/** A command the decoder does not know, at `offset` in the job. */
export class UnknownOpcodeError extends EscPosDecodeError {
  constructor(
    readonly opcode: readonly number[],
    offset: number,
  ) {
    super(`unknown ESC/POS opcode ${opcode.map(hex).join(' ')}`, offset);
    this.name = 'UnknownOpcodeError';
  }
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

const ALIGNS: Readonly<Record<number, Align>> = {
  0: 'left',
  1: 'center',
  2: 'right',
  48: 'left',
  49: 'center',
  50: 'right',
};

/** Decodes an ESC/POS job into what it prints, in order. */
export function decodeEscPos(bytes: Uint8Array): DecodedJob {
  const items: DecodedItem[] = [];
  let align: Align = 'left';
  let width = 1;
  let height = 1;
  let bold = false;
  let chinese = false;
  let qrData: Uint8Array | null = null;
  let qrModule = 3;
  let text: number[] = [];
  let i = 0;

  const need = (count: number, at: number): void => {
    if (i + count > bytes.length) throw new EscPosDecodeError('truncated command', at);
  };
  const byteAt = (index: number): number => bytes[index] ?? 0;
  const flush = (force: boolean): void => {
    if (text.length === 0 && !force) return;
    const raw = Uint8Array.from(text);
    // Outside Chinese mode bytes above 0x7F index the default code page (PC437).
    const decoded = iconv.decode(Buffer.from(raw), chinese ? 'gb18030' : 'cp437');
    items.push({ kind: 'text', text: decoded, align, width, height, bold });
    text = [];
  };

  while (i < bytes.length) {
    const start = i;
    const b = byteAt(i);
    if (b === 0x0a) {
      flush(true);
      i += 1;
      continue;
    }
    if (b === 0x0d) {
      i += 1;
      continue;
    }
    if (b >= 0x20 && b !== 0x7f) {
      text.push(b);
      i += 1;
      continue;
    }
    need(2, start);
    const op = byteAt(i + 1);
    if (b === 0x1b && op === 0x40) {
      text = [];
      align = 'left';
      width = 1;
      height = 1;
      bold = false;
      items.push({ kind: 'init' });
      i += 2;
    } else if (b === 0x1b && op === 0x61) {
      need(3, start);
      const next = ALIGNS[byteAt(i + 2)];
      if (next === undefined) throw new EscPosDecodeError('bad ESC a parameter', start);
      align = next;
      i += 3;
    } else if (b === 0x1b && op === 0x45) {
      need(3, start);
      bold = (byteAt(i + 2) & 1) === 1;
      i += 3;
    } else if (b === 0x1b && op === 0x64) {
      need(3, start);
      flush(false);
      items.push({ kind: 'feed', lines: byteAt(i + 2) });
      i += 3;
    } else if (b === 0x1c && op === 0x26) {
      chinese = true;
      i += 2;
    } else if (b === 0x1c && op === 0x2e) {
      chinese = false;
      i += 2;
    } else if (b === 0x1d && op === 0x21) {
      need(3, start);
      const n = byteAt(i + 2);
      if ((n & 0x88) !== 0) throw new EscPosDecodeError('bad GS ! parameter', start);
      width = (n >> 4) + 1;
      height = (n & 0x0f) + 1;
      i += 3;
    } else if (b === 0x1d && op === 0x56) {
      need(3, start);
      const m = byteAt(i + 2);
      let length: number;
      if (m === 0 || m === 1 || m === 48 || m === 49) length = 3;
      else if (m === 65 || m === 66) length = 4;
      else throw new EscPosDecodeError('bad GS V parameter', start);
      need(length, start);
      flush(false);
      items.push({ kind: 'cut' });
      i += length;
    } else if (b === 0x1d && op === 0x76) {
      need(8, start);
      if (byteAt(i + 2) !== 0x30) throw new UnknownOpcodeError([b, op, byteAt(i + 2)], start);
      const bytesPerRow = byteAt(i + 4) | (byteAt(i + 5) << 8);
      const rows = byteAt(i + 6) | (byteAt(i + 7) << 8);
      need(8 + bytesPerRow * rows, start);
      flush(false);
      const bitmap = bytes.slice(i + 8, i + 8 + bytesPerRow * rows);
      items.push({ kind: 'raster', width: bytesPerRow * 8, height: rows, bitmap, align });
      i += 8 + bytesPerRow * rows;
    } else if (b === 0x1d && op === 0x28) {
      need(5, start);
      const fnByte = byteAt(i + 2);
      if (fnByte !== 0x6b) throw new UnknownOpcodeError([b, op, fnByte], start);
      const length = byteAt(i + 3) | (byteAt(i + 4) << 8);
      need(5 + length, start);
      const cn = byteAt(i + 5);
      const fn = byteAt(i + 6);
      if (length < 2 || cn !== 0x31) throw new UnknownOpcodeError([b, op, fnByte, cn], start);
      const params = bytes.slice(i + 7, i + 5 + length);
      switch (fn) {
        case 0x41: // model
        case 0x45: // error correction level
          break;
        case 0x43:
          qrModule = params[0] ?? qrModule;
          break;
        case 0x50:
          qrData = params.slice(1);
          break;
        case 0x51:
          if (qrData === null) throw new EscPosDecodeError('QR print without stored data', start);
          flush(false);
          items.push({
            kind: 'qr',
            data: new TextDecoder().decode(qrData),
            moduleSize: qrModule,
            align,
          });
          break;
        default:
          throw new UnknownOpcodeError([b, op, fnByte, cn, fn], start);
      }
      i += 5 + length;
    } else {
      throw new UnknownOpcodeError([b, op], start);
    }
  }
  flush(false);
  return { items };
}

/** Whole paper width in dots at 203 dpi (the printable width plus the unprintable margins). */
const PAPER_WIDTH_DOTS: Readonly<Record<58 | 80, number>> = { 58: 464, 80: 640 };

/** The printer's default line spacing (`ESC 2`): 30 dots per line at size 1. */
const LINE_PITCH_DOTS = 30;

type DrawOp = (ctx: SKRSContext2D) => void;

/** Where the first printable dot sits and how far a justified block of `blockWidth` moves. */
function blockX(align: Align, blockWidth: number, printable: number, margin: number): number {
  const free = Math.max(0, printable - blockWidth);
  const shift = align === 'left' ? 0 : align === 'center' ? Math.floor(free / 2) : free;
  return margin + shift;
}

/**
 * Draws a decoded job as the paper would look: the paper's full width at one pixel per dot,
 * text in font-A cells (ASCII 12 dots, other characters 24, times the width multiplier) with the
 * CJK font, QR codes from the stored data (error level M, as the encoder asks), rasters, feeds,
 * and a dotted line with a gap where the paper is cut. Returns a PNG.
 */
export function renderJobPng(job: DecodedJob, paper: 58 | 80): Buffer {
  const printable = paperDots(paper);
  const paperWidth = PAPER_WIDTH_DOTS[paper];
  const margin = (paperWidth - printable) / 2;
  const ops: DrawOp[] = [];
  let y = 16;

  for (const item of job.items) {
    switch (item.kind) {
      case 'init':
        break;
      case 'text':
        y = layoutText(item, y, printable, margin, ops);
        break;
      case 'qr': {
        const modules = QRCode.create(item.data, { errorCorrectionLevel: 'M' }).modules;
        const size = modules.size * item.moduleSize;
        const x0 = blockX(item.align, size, printable, margin);
        const top = y;
        ops.push((ctx) => {
          ctx.fillStyle = '#000';
          for (let row = 0; row < modules.size; row++) {
            for (let col = 0; col < modules.size; col++) {
              if (modules.get(row, col)) {
                const s = item.moduleSize;
                ctx.fillRect(x0 + col * s, top + row * s, s, s);
              }
            }
          }
        });
        y += size;
        break;
      }
      case 'raster': {
        const x0 = blockX(item.align, item.width, printable, margin);
        const top = y;
        const stride = item.width / 8;
        ops.push((ctx) => {
          ctx.fillStyle = '#000';
          for (let row = 0; row < item.height; row++) {
            for (let col = 0; col < item.width; col++) {
              const byte = item.bitmap[row * stride + (col >> 3)] ?? 0;
              if ((byte >> (7 - (col & 7))) & 1) ctx.fillRect(x0 + col, top + row, 1, 1);
            }
          }
        });
        y += item.height;
        break;
      }
      case 'feed':
        y += item.lines * LINE_PITCH_DOTS;
        break;
      case 'cut': {
        const at = y + 12;
        ops.push((ctx) => {
          ctx.fillStyle = '#888';
          for (let x = 0; x < paperWidth; x += 8) ctx.fillRect(x, at, 4, 2);
        });
        y = at + 24;
        break;
      }
    }
  }

  const canvas = createCanvas(paperWidth, Math.ceil(y + 16));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const op of ops) op(ctx);
  return canvas.toBuffer('image/png');
}

/**
 * Lays out one printed text line in font-A cells, wrapping at the printable width as a printer
 * does, and returns the y below it.
 */
function layoutText(
  item: Extract<DecodedItem, { kind: 'text' }>,
  top: number,
  printable: number,
  margin: number,
  ops: DrawOp[],
): number {
  const cellHeight = FONT_HEIGHT_DOTS * item.height;
  const pitch = Math.max(LINE_PITCH_DOTS, cellHeight + 6);
  const rows: { char: string; cell: number }[][] = [[]];
  let used = 0;
  for (const char of item.text) {
    const cell = ((char.codePointAt(0) ?? 0) < 0x80 ? 12 : 24) * item.width;
    if (used + cell > printable && used > 0) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1]?.push({ char, cell });
    used += cell;
  }
  let y = top;
  for (const row of rows) {
    const rowWidth = row.reduce((sum, c) => sum + c.cell, 0);
    const x0 = blockX(item.align, rowWidth, printable, margin);
    const top = y;
    ops.push((ctx) => {
      ctx.fillStyle = '#000';
      ctx.font = cjkFont(cellHeight);
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'center';
      // Centre the ink of a full hanzi in the cell, as the printer's 24 × 24 font sits.
      const probe = ctx.measureText('国');
      const ascent = probe.actualBoundingBoxAscent;
      const descent = probe.actualBoundingBoxDescent;
      const baseline = top + (cellHeight + ascent - descent) / 2;
      const stretch = item.width / item.height;
      let x = x0;
      for (const { char, cell } of row) {
        // Printer glyphs never leave their cell: squeeze proportional glyphs that would.
        const natural = ctx.measureText(char).width;
        const scaleX = natural * stretch > cell * 0.92 ? (cell * 0.92) / natural : stretch;
        ctx.save();
        ctx.translate(x + cell / 2, baseline);
        ctx.scale(scaleX, 1);
        ctx.fillText(char, 0, 0);
        // Bold: a second pass one dot per width step to the right.
        if (item.bold) ctx.fillText(char, item.width / scaleX, 0);
        ctx.restore();
        x += cell;
      }
    });
    y += pitch;
  }
  return y;
}
