import iconv from 'iconv-lite';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import type { ReceiptDocument } from '../../shared/src/receipt/document.ts';
import {
  characterSize,
  chineseMode,
  cut,
  emphasize,
  encodeReceipt,
  encodeText,
  feed,
  initialize,
  isGbkPrintable,
  justify,
  needsRaster,
  qrCode,
  rasterImage,
  scaleBitmap,
} from './escpos.ts';
import type { MonoBitmap } from './escpos.ts';
import { canvasRasterizer, pngToMonoBitmap } from './raster.ts';

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
}

describe('ESC/POS commands, byte for byte', () => {
  it('initialises, enters Chinese mode and justifies', () => {
    expect(hexOf(initialize())).toBe('1B 40');
    expect(hexOf(chineseMode())).toBe('1C 26');
    expect(hexOf(justify('left'))).toBe('1B 61 00');
    expect(hexOf(justify('center'))).toBe('1B 61 01');
    expect(hexOf(justify('right'))).toBe('1B 61 02');
  });

  it('sets the character size as (width-1)<<4 | (height-1), up to 8×', () => {
    expect(hexOf(characterSize(1, 1))).toBe('1D 21 00');
    expect(hexOf(characterSize(2, 1))).toBe('1D 21 10');
    expect(hexOf(characterSize(1, 2))).toBe('1D 21 01');
    expect(hexOf(characterSize(3, 4))).toBe('1D 21 23');
    expect(hexOf(characterSize(8, 8))).toBe('1D 21 77');
    // Out-of-range multipliers are clamped instead of spilling into the other nibble.
    expect(hexOf(characterSize(9, 0))).toBe('1D 21 70');
  });

  it('turns bold on and off', () => {
    expect(hexOf(emphasize(true))).toBe('1B 45 01');
    expect(hexOf(emphasize(false))).toBe('1B 45 00');
  });

  it('feeds n lines, splitting feeds longer than 255', () => {
    expect(hexOf(feed(3))).toBe('1B 64 03');
    expect(hexOf(feed(0))).toBe('');
    expect(hexOf(feed(300))).toBe('1B 64 FF 1B 64 2D');
  });

  it('cuts with GS V 66 0 (feed to cutter, partial) or GS V 65 0 (full)', () => {
    expect(hexOf(cut())).toBe('1D 56 42 00');
    expect(hexOf(cut(false))).toBe('1D 56 41 00');
  });

  it('sends QR codes with the standard GS ( k functions and correct pL pH', () => {
    const url = 'https://hall.example.cn/t/A023';
    const data = Buffer.from(url, 'utf8');
    const storeLength = data.length + 3;
    expect(hexOf(qrCode(url, 6))).toBe(
      [
        '1D 28 6B 04 00 31 41 32 00', // fn 165: model 2
        '1D 28 6B 03 00 31 43 06', // fn 167: module size 6
        '1D 28 6B 03 00 31 45 31', // fn 169: error correction M
        `1D 28 6B ${hexOf(Uint8Array.of(storeLength & 0xff, storeLength >> 8))} 31 50 30 ${hexOf(data)}`,
        '1D 28 6B 03 00 31 51 30', // fn 181: print
      ].join(' '),
    );
  });

  it('puts data longer than 252 bytes into pH', () => {
    const bytes = qrCode('x'.repeat(300), 4);
    const store = bytes.slice(9 + 8 + 8);
    expect(hexOf(store.slice(0, 8))).toBe('1D 28 6B 2F 01 31 50 30'); // 303 = 0x012F
    expect(() => qrCode('', 4)).toThrow(RangeError);
    expect(() => qrCode('x'.repeat(7090), 4)).toThrow(RangeError);
  });

  it('sends rasters with GS v 0 and xL xH (bytes per row) yL yH (rows)', () => {
    const bitmap: MonoBitmap = {
      width: 10,
      height: 3,
      data: Uint8Array.of(0xff, 0xc0, 0, 0, 1, 2),
    };
    expect(hexOf(rasterImage(bitmap))).toBe('1D 76 30 00 02 00 03 00 FF C0 00 00 01 02');
    const tall: MonoBitmap = { width: 576, height: 300, data: new Uint8Array(72 * 300) };
    expect(hexOf(rasterImage(tall).slice(0, 8))).toBe('1D 76 30 00 48 00 2C 01');
    expect(() => rasterImage({ width: 8, height: 2, data: new Uint8Array(1) })).toThrow(RangeError);
  });

  it('encodes text as GB18030 and drops control characters', () => {
    expect(hexOf(encodeText('A号'))).toBe('41 BA C5');
    // U+20BB7 is 0x10BB7 four-byte steps past 90 30 81 30, where GB18030 maps U+10000.
    expect(hexOf(encodeText('𠮷'))).toBe('95 34 B2 35');
    expect(hexOf(encodeText('a\x1b@b\n'))).toBe('61 40 62');
  });
});

describe('which characters a GBK printer font can print', () => {
  it('accepts ASCII, GB2312 and GBK hanzi', () => {
    for (const char of ['A', '~', '张', '号', '堃', '喆', '镕', '，', '·']) {
      expect(isGbkPrintable(char), char).toBe(true);
    }
  });

  it('rejects four-byte GB18030 and the GB18030-2005 additions that iconv-lite calls GBK', () => {
    // iconv-lite's "gbk" round-trips 䶮 (FE9F) although a GBK font has nothing there.
    expect(iconv.decode(iconv.encode('䶮', 'gbk'), 'gbk')).toBe('䶮');
    // 𠮷 is outside GBK altogether: iconv-lite's GBK turns it into '?'.
    expect(iconv.decode(iconv.encode('𠮷', 'gbk'), 'gbk')).not.toBe('𠮷');
    for (const char of ['𠮷', '䶮', '㐀', '鿏', '€', '\u{e000}']) {
      expect(isGbkPrintable(char), char).toBe(false);
    }
    // GB18030 itself still encodes every one of them.
    for (const char of ['𠮷', '䶮', '㐀', '鿏']) {
      expect(iconv.decode(iconv.encode(char, 'gb18030'), 'gb18030')).toBe(char);
    }
    expect(needsRaster('王𠮷')).toBe(true);
    expect(needsRaster('王小明 A023')).toBe(false);
  });
});

describe('encodeReceipt', () => {
  const doc: ReceiptDocument = {
    paper: 58,
    cut: true,
    lines: [
      { kind: 'text', text: '政务服务中心', align: 'center', width: 1, height: 1, bold: true },
      { kind: 'text', text: 'A023', align: 'center', width: 4, height: 4, bold: true },
      { kind: 'rule' },
      { kind: 'feed', lines: 2 },
    ],
  };

  it('sends only the modes that change, then cuts', () => {
    const gb = (text: string): string => hexOf(iconv.encode(text, 'gb18030'));
    expect(hexOf(encodeReceipt(doc))).toBe(
      [
        '1B 40 1C 26',
        `1B 61 01 1B 45 01 ${gb('政务服务中心')} 0A`,
        `1D 21 33 ${gb('A023')} 0A`,
        `1B 61 00 1D 21 00 1B 45 00 ${gb('-'.repeat(32))} 0A`,
        '1B 64 02',
        '1D 56 42 00',
      ].join(' '),
    );
  });

  it('leaves the cut out when the document asks for none', () => {
    const bytes = encodeReceipt({ ...doc, cut: false });
    expect(hexOf(bytes.slice(-3))).toBe('1B 64 02');
  });

  it('sends GB18030 text when no rasterizer is given, a raster when one is', () => {
    const line: ReceiptDocument = {
      paper: 80,
      cut: false,
      lines: [{ kind: 'text', text: '王𠮷', align: 'left', width: 1, height: 1, bold: false }],
    };
    expect(hexOf(encodeReceipt(line))).toBe(
      `1B 40 1C 26 ${hexOf(iconv.encode('王𠮷', 'gb18030'))} 0A`,
    );
    const calls: [string, number, boolean][] = [];
    const rasterize = (text: string, heightDots: number, bold: boolean): MonoBitmap => {
      calls.push([text, heightDots, bold]);
      return { width: 16, height: heightDots, data: new Uint8Array(2 * heightDots).fill(0xaa) };
    };
    const bytes = encodeReceipt(line, { rasterize });
    expect(calls).toEqual([['王𠮷', 24, false]]);
    expect(hexOf(bytes.slice(0, 12))).toBe('1B 40 1C 26 1D 76 30 00 02 00 18 00');
  });

  it('prints the logo centred, shrunk to the paper, only when one is configured', () => {
    const logoDoc: ReceiptDocument = { paper: 58, cut: false, lines: [{ kind: 'logo' }] };
    expect(hexOf(encodeReceipt(logoDoc))).toBe('1B 40 1C 26');
    const wide: MonoBitmap = { width: 768, height: 100, data: new Uint8Array(96 * 100).fill(0xff) };
    const bytes = encodeReceipt(logoDoc, { logo: wide });
    // 384 dots = 48 bytes per row, 50 rows.
    expect(hexOf(bytes.slice(0, 15))).toBe('1B 40 1C 26 1B 61 01 1D 76 30 00 30 00 32 00');
  });
});

describe('bitmaps', () => {
  it('scales nearest-neighbour', () => {
    const one: MonoBitmap = { width: 2, height: 1, data: Uint8Array.of(0b10000000) };
    expect(scaleBitmap(one, 4, 2)).toEqual({
      width: 4,
      height: 2,
      data: Uint8Array.of(0xc0, 0xc0),
    });
  });

  it('turns a PNG into 1-bit rows, transparent as white', () => {
    const png = new PNG({ width: 9, height: 2 });
    png.data.fill(0);
    // Row 0: black opaque at x=0 and x=8, white opaque at x=1; the rest transparent.
    const set = (x: number, y: number, v: number): void => {
      const i = (y * 9 + x) * 4;
      png.data[i] = v;
      png.data[i + 1] = v;
      png.data[i + 2] = v;
      png.data[i + 3] = 255;
    };
    set(0, 0, 0);
    set(1, 0, 255);
    set(8, 0, 10);
    set(4, 1, 100);
    const bitmap = pngToMonoBitmap(PNG.sync.write(png));
    expect(bitmap.width).toBe(9);
    expect(bitmap.height).toBe(2);
    expect(hexOf(bitmap.data)).toBe('80 80 08 00');
  });

  it('rasterizes text with the system CJK font at the requested height', () => {
    const rasterize = canvasRasterizer();
    const bitmap = rasterize('王小明', 24, false);
    expect(bitmap.height).toBe(24);
    // Three full-width characters: about 3 × 24 dots.
    expect(bitmap.width).toBeGreaterThanOrEqual(66);
    expect(bitmap.width).toBeLessThanOrEqual(78);
    const ink = [...bitmap.data].reduce((sum, byte) => sum + popcount(byte), 0);
    expect(ink).toBeGreaterThan(60);
    const bold = rasterize('王小明', 24, true);
    expect([...bold.data].reduce((sum, byte) => sum + popcount(byte), 0)).toBeGreaterThan(ink);
  });
});

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b > 0; b >>= 1) n += b & 1;
  return n;
}
