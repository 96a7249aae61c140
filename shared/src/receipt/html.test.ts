import { describe, expect, it } from 'vitest';
import type { ReceiptDocument } from './document.ts';
import { escapeHtml, receiptToHtml } from './html.ts';

const doc: ReceiptDocument = {
  paper: 58,
  lines: [
    { kind: 'logo' },
    { kind: 'text', text: '<b>"R&D" 中心</b>', align: 'center', width: 2, height: 2, bold: true },
    { kind: 'rule' },
    { kind: 'text', text: 'A001', align: 'center', width: 4, height: 4, bold: true },
    { kind: 'text', text: '不动产转移登记', align: 'center', width: 1, height: 2, bold: false },
    { kind: 'qr', data: 'http://h/api/v1/tickets/1?a=1&b="2"', moduleSize: 5, align: 'center' },
    { kind: 'feed', lines: 3 },
  ],
  cut: true,
};

describe('receiptToHtml', () => {
  const html = receiptToHtml(doc);

  it('escapes text and attribute values', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;&quot;R&amp;D&quot; 中心&lt;/b&gt;');
    expect(html).toContain('data-qr="http://h/api/v1/tickets/1?a=1&amp;b=&quot;2&quot;"');
  });

  it('renders a narrow receipt block with sized lines, a QR placeholder, rule, feed and cut', () => {
    expect(html).toMatch(/^<div class="receipt receipt-58" data-paper="58" style="[^"]*width:32ch/);
    expect(html).toContain('font-size:4em');
    expect(html).toContain('font-weight:700');
    expect(html).toContain('>A001</div>');
    // 1 wide × 2 high: the normal font, stretched to twice the height.
    expect(html).toContain('font-size:1em;line-height:1.25;height:2.5em');
    expect(html).toContain('transform:scaleY(2)');
    expect(html).toContain('<div class="qr" data-qr=');
    expect(html).toContain('data-module-size="5"');
    expect(html).toContain('<hr class="rule"');
    expect(html).toContain('<div class="logo"');
    expect(html).toContain('class="feed" style="height:3.75em"');
    expect(html).toContain('<div class="cut"');
    expect(receiptToHtml({ ...doc, paper: 80, cut: false })).not.toContain('class="cut"');
  });

  it('parses as balanced markup', () => {
    const opened = (html.match(/<div\b/g) ?? []).length;
    const closed = (html.match(/<\/div>/g) ?? []).length;
    expect(opened).toBe(closed);
  });
});
