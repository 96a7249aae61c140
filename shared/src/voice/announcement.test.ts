import { describe, expect, it } from 'vitest';
import { announce, chineseNumber, DEFAULT_TEMPLATE } from './announcement.ts';

const call = { number: 'A001', windowId: 5, recall: false };

describe('chineseNumber (window numbers up to 999)', () => {
  it.each([
    [0, '零'],
    [5, '五'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [99, '九十九'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
    [108, '一百零八'],
    [999, '九百九十九'],
  ])('%i → %s', (n, text) => {
    expect(chineseNumber(n)).toBe(text);
  });

  it('refuses numbers it cannot speak', () => {
    expect(() => chineseNumber(1000)).toThrow(RangeError);
    expect(() => chineseNumber(-1)).toThrow(RangeError);
    expect(() => chineseNumber(2.5)).toThrow(RangeError);
  });
});

describe('announce', () => {
  it('says 请 A001 号 到 5 号窗口办理 with digits one by one', () => {
    const a = announce(call, 'zh-CN');
    expect(a.text).toBe('请A001号到5号窗口办理');
    expect(a.clips).toEqual([
      'chime',
      'zh-qing',
      'zh-letter-A',
      'zh-digit-0',
      'zh-digit-0',
      'zh-digit-1',
      'zh-hao',
      'zh-dao',
      'zh-digit-5',
      'zh-hao-chuangkou-banli',
    ]);
    expect(a.missing).toEqual([]);
  });

  it('speaks window 105 as 一百零五 and window 12 as 十二', () => {
    expect(announce({ ...call, windowId: 105 }, 'zh-CN').clips.slice(8, 12)).toEqual([
      'zh-digit-1',
      'zh-bai',
      'zh-digit-0',
      'zh-digit-5',
    ]);
    expect(announce({ ...call, windowId: 12 }, 'zh-CN').clips.slice(8, 10)).toEqual([
      'zh-shi',
      'zh-digit-2',
    ]);
  });

  it('has an English template with digits one by one', () => {
    const a = announce({ ...call, number: 'xm012', windowId: 105 }, 'en');
    expect(a.text).toBe('Number XM012, please go to window 105');
    expect(a.clips).toEqual([
      'chime',
      'en-number',
      'en-letter-X',
      'en-letter-M',
      'en-digit-0',
      'en-digit-1',
      'en-digit-2',
      'en-please-go-to-window',
      'en-digit-1',
      'en-digit-0',
      'en-digit-5',
    ]);
    expect(a.missing).toEqual([]);
  });

  it('adds the recall word on a recall', () => {
    const zh = announce({ ...call, recall: true }, 'zh-CN');
    expect(zh.text).toBe('请注意，请A001号到5号窗口办理');
    expect(zh.clips.slice(0, 3)).toEqual(['chime', 'zh-qing-zhuyi', 'zh-qing']);
    const en = announce({ ...call, recall: true }, 'en');
    expect(en.text).toBe('Attention, Number A001, please go to window 5');
    expect(en.clips[1]).toBe('en-attention');
  });

  it('fills hall templates and reports words the pack cannot say', () => {
    const template = { ...DEFAULT_TEMPLATE, zh: '请{number}号{name}到{zone}{window}号窗口' };
    const a = announce({ ...call, zoneName: '不动产登记', maskedName: '张*明' }, 'zh-CN', template);
    expect(a.text).toBe('请A001号张*明到不动产登记5号窗口');
    expect(a.missing).toEqual(['张*明', '不动产登记']);
    expect(a.clips.at(-1)).toBe('zh-hao-chuangkou');
    const odd = announce(call, 'zh-CN', {
      ...DEFAULT_TEMPLATE,
      zh: '请{number}号前往{window}号窗口',
    });
    expect(odd.missing).toEqual(['前往']);
  });
});
