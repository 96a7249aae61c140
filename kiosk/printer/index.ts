/**
 * The Node-side printer stack as one import (`@hallq/kiosk/printer`): the ESC/POS encoder,
 * the rasterizer for characters the printer's font lacks, and printing with status checks.
 * Used by the server's print relay, the Electron main process and the printer tools.
 */
export { encodeReceipt, type EncodeOptions, type MonoBitmap, type Rasterizer } from './escpos.ts';
export { canvasRasterizer, pngToMonoBitmap } from './raster.ts';
export {
  printReceipt,
  type PrintFailureReason,
  type PrintOptions,
  type PrintResult,
} from './printer.ts';
export { printDocument } from './print-document.ts';
export type { PrinterStatus } from './status.ts';
