import type { ReceiptDocument } from '../../shared/src/receipt/document.ts';
import { encodeReceipt, type Rasterizer } from './escpos.ts';
import { printReceipt, type PrintOptions, type PrintResult } from './printer.ts';

/**
 * Encodes a receipt document as ESC/POS and prints it on the printer at `url`, with the status
 * checks of `printReceipt`. Never throws: an encoding failure is a `PrintResult` too. Shared by
 * the server's print relay and the hall client's printer bridge.
 */
export async function printDocument(
  url: string,
  doc: ReceiptDocument,
  rasterize: Rasterizer | undefined,
  options: PrintOptions = {},
): Promise<PrintResult> {
  let bytes: Uint8Array;
  try {
    bytes = encodeReceipt(doc, rasterize === undefined ? {} : { rasterize });
  } catch (error) {
    return {
      printed: false,
      reason: 'error',
      status: null,
      message: `打印失败 / Printing failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return printReceipt(url, bytes, options);
}
