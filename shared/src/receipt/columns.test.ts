import { describe, expect, it } from 'vitest';
import { textColumns, wrapText } from './columns.ts';

describe('textColumns', () => {
  it('counts ASCII as one column and every other character as two', () => {
    expect(textColumns('A001')).toBe(4);
    expect(textColumns('不动产')).toBe(6);
    expect(textColumns('（一）')).toBe(6);
    expect(textColumns('𠮷')).toBe(2);
    expect(textColumns('')).toBe(0);
  });
});

describe('wrapText', () => {
  it('keeps short text on one line', () => {
    expect(wrapText('玉山县行政服务中心', 32)).toEqual(['玉山县行政服务中心']);
    expect(wrapText('', 32)).toEqual(['']);
  });

  it('breaks CJK between characters and English at spaces', () => {
    expect(wrapText('一二三四五六七八九十', 8)).toEqual(['一二三四', '五六七八', '九十']);
    expect(wrapText('Please have these documents ready', 16)).toEqual([
      'Please have',
      'these documents',
      'ready',
    ]);
  });

  it('keeps closing punctuation off the start of a line', () => {
    expect(wrapText('一二三四，五六', 8)).toEqual(['一二三', '四，五六']);
  });

  it('breaks a word longer than the line', () => {
    expect(wrapText('https://example.org/a/very/long/path', 10)).toEqual([
      'https://ex',
      'ample.org/',
      'a/very/lon',
      'g/path',
    ]);
  });

  it('never exceeds the columns with mixed text', () => {
    const text = '请携带 ID card 原件 and a copy（复印件）到 A 区 3 号窗口办理 registration。';
    for (const columns of [8, 13, 16, 24, 32, 48]) {
      for (const line of wrapText(text, columns)) {
        expect(textColumns(line), line).toBeLessThanOrEqual(columns);
      }
    }
  });

  it('starts a new line at each newline', () => {
    expect(wrapText('第一行\n第二行', 32)).toEqual(['第一行', '第二行']);
  });
});
