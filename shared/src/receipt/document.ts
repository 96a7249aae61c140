/**
 * A device-neutral receipt: what goes on the paper, line by line, before any printer
 * language. The ticket layout (`ticket-receipt.ts`) produces it; the ESC/POS encoder
 * (kiosk/printer/escpos.ts) and the HTML renderer (`html.ts`) consume it. Pure: runs in the
 * server, in Node tools and in browsers.
 */

export type Align = 'left' | 'center' | 'right';

/** A character size multiplier of ESC/POS `GS !` (1 = normal, 8 = eight times). */
export type CharSize = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export type ReceiptLine =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly align: Align;
      readonly width: CharSize;
      readonly height: CharSize;
      readonly bold: boolean;
    }
  | {
      readonly kind: 'qr';
      readonly data: string;
      /** Dots per QR module, 1..16. */
      readonly moduleSize: number;
      readonly align: Align;
    }
  /** A dashed separator across the paper. */
  | { readonly kind: 'rule' }
  | { readonly kind: 'feed'; readonly lines: number }
  /** The hall logo raster, when configured. */
  | { readonly kind: 'logo' };

export interface ReceiptDocument {
  readonly paper: 58 | 80;
  readonly lines: readonly ReceiptLine[];
  /** Whether the paper is cut after the last line. */
  readonly cut: boolean;
}

/** Characters of font A (12 × 24 dots) at size 1 across the paper: 32 on 58 mm, 48 on 80 mm. */
export function paperColumns(paper: 58 | 80): number {
  return paper === 58 ? 32 : 48;
}

/** Printable dots across the paper at 203 dpi: 384 on 58 mm, 576 on 80 mm. */
export function paperDots(paper: 58 | 80): number {
  return paper === 58 ? 384 : 576;
}
