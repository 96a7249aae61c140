/**
 * Prints a test ticket: `npm run printer:test -- --printer <url> [--paper 58|80]`.
 * Exits 0 when the printer confirmed the job, 1 with a plain message when it did not (offline,
 * out of paper, cover open, error), 2 for wrong arguments.
 */
import { parseArgs } from 'node:util';
import { encodeReceipt } from '../kiosk/printer/escpos.ts';
import { printReceipt } from '../kiosk/printer/printer.ts';
import { canvasRasterizer } from '../kiosk/printer/raster.ts';
import type { ReceiptDocument } from '../shared/src/receipt/document.ts';

const USAGE =
  'Usage: npm run printer:test -- --printer <url> [--paper 58|80] [--timeout ms]\n' +
  '  <url>: tcp://192.168.1.50:9100, serial:///dev/ttyUSB0?baud=9600, usb://0x0416:0x5011, spooler://Name';

function testTicket(paper: 58 | 80, now: Date): ReceiptDocument {
  return {
    paper,
    cut: true,
    lines: [
      { kind: 'text', text: 'HallQ 打印测试', align: 'center', width: 2, height: 2, bold: true },
      { kind: 'text', text: 'Printer test', align: 'center', width: 1, height: 1, bold: false },
      { kind: 'rule' },
      { kind: 'text', text: 'A001', align: 'center', width: 4, height: 4, bold: true },
      { kind: 'text', text: '中文 GB18030 正常', align: 'left', width: 1, height: 1, bold: false },
      // Not in GBK: goes out as a raster image, so this line tests the printer's graphics too.
      { kind: 'text', text: '生僻字：𠮷 䶮', align: 'left', width: 1, height: 1, bold: false },
      { kind: 'text', text: `${paper} mm`, align: 'left', width: 1, height: 1, bold: false },
      { kind: 'text', text: now.toISOString(), align: 'left', width: 1, height: 1, bold: false },
      { kind: 'qr', data: 'https://hallq.example/printer-test', moduleSize: 6, align: 'center' },
      { kind: 'feed', lines: 2 },
    ],
  };
}

async function main(): Promise<number> {
  let values: { printer?: string; paper?: string; timeout?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        printer: { type: 'string' },
        paper: { type: 'string', default: '80' },
        timeout: { type: 'string', default: '2000' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const paper = Number(values.paper);
  const timeout = Number(values.timeout);
  if (values.printer === undefined || (paper !== 58 && paper !== 80) || !(timeout > 0)) {
    console.error(USAGE);
    return 2;
  }
  const bytes = encodeReceipt(testTicket(paper, new Date()), { rasterize: canvasRasterizer() });
  const result = await printReceipt(values.printer, bytes, { statusTimeoutMs: timeout });
  if (!result.printed) {
    console.error(`打印失败 / Print failed: ${result.message}`);
    return 1;
  }
  const nearEnd = result.status.paperNearEnd
    ? '\n注意：纸卷将尽 / Note: the paper roll is nearly used up'
    : '';
  console.log(`测试票已打印 / Test ticket printed on ${values.printer}${nearEnd}`);
  return 0;
}

process.exitCode = await main();
