import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import type { ReceiptDocument, ReceiptLine } from '../../shared/src/receipt/document.ts';
import { paperColumns } from '../../shared/src/receipt/document.ts';
import { decodeEscPos, EscPosDecodeError, renderJobPng, UnknownOpcodeError } from './decode.ts';
import type { DecodedItem } from './decode.ts';
import { concat, cut, encodeReceipt, encodeText, qrCode } from './escpos.ts';
import type { MonoBitmap } from './escpos.ts';
import { canvasRasterizer } from './raster.ts';

const screenshots = resolve(dirname(fileURLToPath(import.meta.url)), '../../tests/screenshots');

function text(
  value: string,
  align: 'left' | 'center' | 'right' = 'left',
  size: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 = 1,
  bold = false,
): ReceiptLine {
  return { kind: 'text', text: value, align, width: size, height: size, bold };
}

function textOnly(doc: ReceiptDocument): DecodedItem[] {
  return decodeEscPos(encodeReceipt(doc)).items.filter((item) => item.kind === 'text');
}

describe('decodeEscPos: GB18030 text round trip', () => {
  for (const [name, value] of [
    ['Chinese', '请到二楼B区等候叫号，谢谢配合。'],
    ['ASCII', 'Ticket A023 - 3 people ahead ~12 min'],
    ['mixed', '前面还有 3 人，约 12 分钟（A023）'],
    ['rare characters as GB18030 text', '王𠮷 龑 䶮'],
  ] as const) {
    it(name, () => {
      const items = textOnly({ paper: 80, cut: false, lines: [text(value, 'right', 2, true)] });
      expect(items).toEqual([
        { kind: 'text', text: value, align: 'right', width: 2, height: 2, bold: true },
      ]);
    });
  }

  it('keeps width and height apart', () => {
    const items = textOnly({
      paper: 58,
      cut: false,
      lines: [{ kind: 'text', text: '号', align: 'center', width: 8, height: 3, bold: false }],
    });
    expect(items).toEqual([
      { kind: 'text', text: '号', align: 'center', width: 8, height: 3, bold: false },
    ]);
  });
});

describe('decodeEscPos: QR, rasters, feeds, cuts', () => {
  it('reads the QR payload back (UTF-8) with its module size and justification', () => {
    const url = 'https://hall.example.cn/t/4f2a?n=A023&名=张三';
    const { items } = decodeEscPos(
      encodeReceipt({
        paper: 80,
        cut: true,
        lines: [{ kind: 'qr', data: url, moduleSize: 7, align: 'center' }],
      }),
    );
    expect(items).toEqual([
      { kind: 'init' },
      { kind: 'qr', data: url, moduleSize: 7, align: 'center' },
      { kind: 'cut' },
    ]);
  });

  it('turns characters outside GBK into a raster of plausible size', () => {
    const rasterize = canvasRasterizer();
    for (const [value, size, chars] of [
      ['𠮷', 1, 1],
      ['䶮', 2, 1],
      ['王𠮷', 2, 2],
      ['张䶮 先生', 3, 4.5],
    ] as const) {
      const { items } = decodeEscPos(
        encodeReceipt(
          { paper: 80, cut: false, lines: [text(value, 'center', size, true)] },
          { rasterize },
        ),
      );
      expect(items.map((item) => item.kind)).toEqual(['init', 'raster']);
      const raster = items[1];
      if (raster?.kind !== 'raster') throw new Error('no raster');
      expect(raster.height).toBe(24 * size);
      // Each full-width character is about 24 dots per size step; rows are whole bytes.
      expect(raster.width).toBeGreaterThanOrEqual(chars * 24 * size * 0.7);
      expect(raster.width).toBeLessThanOrEqual(chars * 24 * size * 1.2 + 8);
      expect(raster.align).toBe('center');
      expect(raster.bitmap.length).toBe((raster.width / 8) * raster.height);
    }
  });

  it('decodes every cut form and splits text around commands that print', () => {
    const bytes = concat([
      encodeText('ab'),
      Uint8Array.of(0x1b, 0x64, 0x02), // ESC d 2 prints "ab" first
      Uint8Array.of(0x1d, 0x56, 0x01),
      Uint8Array.of(0x1d, 0x56, 0x30),
      Uint8Array.of(0x1d, 0x56, 0x41, 0x05),
      cut(),
    ]);
    expect(decodeEscPos(bytes).items.map((item) => item.kind)).toEqual([
      'text',
      'feed',
      'cut',
      'cut',
      'cut',
      'cut',
    ]);
  });
});

describe('decodeEscPos: bad input', () => {
  it('throws UnknownOpcodeError with the offset of an unknown command', () => {
    const bytes = concat([encodeText('ok'), Uint8Array.of(0x0a, 0x1b, 0x5a, 0x00)]);
    expect(() => decodeEscPos(bytes)).toThrow(UnknownOpcodeError);
    try {
      decodeEscPos(bytes);
    } catch (error) {
      if (!(error instanceof UnknownOpcodeError)) throw error;
      expect(error.offset).toBe(3);
      expect(error.opcode).toEqual([0x1b, 0x5a]);
      expect(error.message).toContain('1B 5A');
    }
  });

  it('throws on other stray control bytes and unknown GS ( k functions', () => {
    const tab = Uint8Array.of(0x41, 0x09, 0x42);
    expect(() => decodeEscPos(tab)).toThrow(UnknownOpcodeError);
    const pdf417 = Uint8Array.of(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x30, 0x41, 0x00);
    expect(() => decodeEscPos(pdf417)).toThrow(UnknownOpcodeError);
  });

  it('throws EscPosDecodeError on truncated commands', () => {
    const qr = qrCode('https://hall.example.cn/t/1', 4);
    expect(() => decodeEscPos(qr.slice(0, qr.length - 3))).toThrow(EscPosDecodeError);
    expect(() => decodeEscPos(Uint8Array.of(0x1d, 0x76, 0x30, 0, 2, 0, 2, 0, 0xff))).toThrow(
      /truncated command at byte 0/,
    );
  });
});

/** A whole ticket the way the layout builds one, with a rare-character name line. */
function ticket(paper: 58 | 80): ReceiptDocument {
  return {
    paper,
    cut: true,
    lines: [
      { kind: 'logo' },
      text('市民服务中心', 'center', 2, true),
      text('A区 · 二楼 · 请在二楼大厅东侧等候', 'center'),
      { kind: 'rule' },
      text('您的号码', 'center'),
      text('A023', 'center', paper === 80 ? 6 : 4, true),
      text('社保业务 · 绿色通道', 'center', 1, true),
      text('取号人：王𠮷', 'center'),
      { kind: 'rule' },
      text('前面还有 12 人', 'left'),
      text('预计等候 约 18 分钟', 'left'),
      text('取号时间 2026-11-24 10:00', 'left'),
      { kind: 'feed', lines: 1 },
      {
        kind: 'qr',
        data: 'https://hall.example.cn/t/9f3c2a',
        moduleSize: paper === 80 ? 6 : 5,
        align: 'center',
      },
      // The layout leaves paper around the QR: its quiet zone is not the printer's business.
      { kind: 'feed', lines: 1 },
      text('扫码查看排队进度', 'center'),
      { kind: 'rule' },
      text('请携带：身份证原件、社保卡', 'left'),
      text('过号请重新取号 Please keep this ticket', 'right'),
      { kind: 'feed', lines: 2 },
    ],
  };
}

/** A small logo: a ring with a bar, enough to see a raster in the preview. */
function logo(): MonoBitmap {
  const width = 96;
  const height = 48;
  const stride = width / 8;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x - 24, y - 24);
      if ((r > 16 && r < 22) || (x > 52 && x < 92 && y > 18 && y < 30)) {
        data[y * stride + (x >> 3)] = (data[y * stride + (x >> 3)] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  return { width, height, data };
}

/** What the decoder should read back for each document line (rules are dashes, logo a raster). */
function expected(doc: ReceiptDocument, logoBitmap: MonoBitmap | null): string[] {
  const out = ['init'];
  for (const line of doc.lines) {
    switch (line.kind) {
      case 'text':
        out.push(
          line.text.includes('𠮷')
            ? `raster ${line.align} h${24 * line.height}`
            : `text ${line.align} ${line.width}x${line.height}${line.bold ? ' bold' : ''} ${line.text}`,
        );
        break;
      case 'qr':
        out.push(`qr ${line.align} ${line.moduleSize} ${line.data}`);
        break;
      case 'rule':
        out.push(`text left 1x1 ${'-'.repeat(paperColumns(doc.paper))}`);
        break;
      case 'feed':
        out.push(`feed ${line.lines}`);
        break;
      case 'logo':
        if (logoBitmap) out.push(`raster center h${logoBitmap.height}`);
        break;
    }
  }
  if (doc.cut) out.push('cut');
  return out;
}

function describeItem(item: DecodedItem): string {
  switch (item.kind) {
    case 'text':
      return `text ${item.align} ${item.width}x${item.height}${item.bold ? ' bold' : ''} ${item.text}`;
    case 'qr':
      return `qr ${item.align} ${item.moduleSize} ${item.data}`;
    case 'raster':
      return `raster ${item.align} h${item.height}`;
    case 'feed':
      return `feed ${item.lines}`;
    case 'init':
    case 'cut':
      return item.kind;
  }
}

describe('a whole ticket', () => {
  for (const paper of [80, 58] as const) {
    it(`encodes and decodes back to the same lines, and previews as a PNG (${paper} mm)`, () => {
      const doc = ticket(paper);
      const bitmap = logo();
      const bytes = encodeReceipt(doc, { rasterize: canvasRasterizer(), logo: bitmap });
      const job = decodeEscPos(bytes);
      expect(job.items.map(describeItem)).toEqual(expected(doc, bitmap));

      const png = renderJobPng(job, paper);
      const image = PNG.sync.read(png);
      expect(image.width).toBe(paper === 80 ? 640 : 464);
      expect(image.height).toBeGreaterThan(600);
      mkdirSync(screenshots, { recursive: true });
      writeFileSync(resolve(screenshots, `escpos-preview-${paper}.png`), png);
    });
  }
});
