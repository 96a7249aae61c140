/**
 * A receipt document as HTML: a narrow, paper-like block for the on-screen ticket and for
 * previews. Sizes follow the printer's grid in a monospace font: the block is as many `ch` wide
 * as the paper has font-A columns, and a hanzi (two columns) is never wider than 2ch. The QR code is left as an empty
 * `<div class="qr" data-qr="…">` for the page to fill (the kiosk has its own QR renderer);
 * the logo likewise as `<div class="logo">`. Pure string building; all text is escaped.
 */
import { paperColumns, type Align, type ReceiptDocument, type ReceiptLine } from './document.ts';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const LINE_HEIGHT_EM = 1.25;

function alignStyle(align: Align): string {
  return `text-align:${align}`;
}

function lineHtml(line: ReceiptLine): string {
  switch (line.kind) {
    case 'text': {
      // The font grows with the width multiplier, so the columns stay exact; the height is a
      // vertical stretch, which leaves the horizontal layout alone. Lines are already wrapped
      // to the paper, hence `pre`: the browser must not wrap them again.
      const stretch = line.height / line.width;
      const inner =
        stretch === 1
          ? escapeHtml(line.text)
          : `<span style="display:inline-block;transform:scaleY(${stretch});transform-origin:top">${escapeHtml(line.text)}</span>`;
      const height = stretch === 1 ? '' : `;height:${stretch * LINE_HEIGHT_EM}em`;
      const weight = line.bold ? ';font-weight:700' : '';
      return `<div class="line" data-width="${line.width}" data-height="${line.height}" style="${alignStyle(line.align)};white-space:pre;font-size:${line.width}em;line-height:${LINE_HEIGHT_EM}${height}${weight}">${inner}</div>`;
    }
    case 'qr':
      // Sized as a version-4 code (33 modules) until the page draws the real one.
      return `<div class="qr-row" style="${alignStyle(line.align)};margin:0.5em 0"><div class="qr" data-qr="${escapeHtml(line.data)}" data-module-size="${line.moduleSize}" style="display:inline-block;width:${(line.moduleSize * 33) / 24}em;height:${(line.moduleSize * 33) / 24}em"></div></div>`;
    case 'rule':
      return '<hr class="rule" style="border:0;border-top:1px dashed currentColor;margin:0.5em 0">';
    case 'feed':
      return `<div class="feed" style="height:${line.lines * LINE_HEIGHT_EM}em"></div>`;
    case 'logo':
      return '<div class="logo" style="text-align:center;min-height:2em"></div>';
  }
}

/** The receipt as one HTML block (no document wrapper), safe to insert into a page. */
export function receiptToHtml(doc: ReceiptDocument): string {
  const lines = doc.lines.map(lineHtml).join('');
  const cut = doc.cut
    ? '<div class="cut" style="border-top:1px dashed currentColor;margin-top:0.5em"></div>'
    : '';
  return (
    `<div class="receipt receipt-${doc.paper}" data-paper="${doc.paper}" style="` +
    `box-sizing:content-box;width:${paperColumns(doc.paper)}ch;padding:1em 0.75em;background:#fff;color:#000;` +
    `font-family:'WenQuanYi Micro Hei Mono','Noto Sans Mono CJK SC','Sarasa Mono SC',monospace;` +
    `overflow:hidden">${lines}${cut}</div>`
  );
}
