/**
 * The Electron kiosk's printer bridge against a real hall server (port 0) and the virtual
 * ESC/POS printer on loopback: what the printer receives is decoded from its bytes.
 */
import type { CommandReply, KioskBinding } from '@hallq/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos, type DecodedItem } from '../../../kiosk/printer/decode.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../../kiosk/printer/sim.ts';
import {
  DEFAULT_START,
  api,
  createDeviceToken,
  loginAdmin,
  startTestHall,
  type TestHall,
} from '../../../tests/support/hall.ts';
import { createPrinterBridge, type PrinterBridge } from './printer-bridge.ts';
import { sampleConfig } from './test-support.ts';

let hall: TestHall;
let printer: VirtualPrinter;
let token: string;
let binding: KioskBinding;
let bridge: PrinterBridge;

beforeAll(async () => {
  [hall, printer] = await Promise.all([startTestHall(), startVirtualPrinter()]);
  token = await createDeviceToken(hall.server, 'kiosk', null, 'k1', { printerUrl: printer.url });
  bridge = createPrinterBridge({
    serverUrl: () => hall.url,
    token: () => token,
    binding: () => binding,
  });
});
afterAll(async () => {
  await printer.close();
  await hall.close();
});
beforeEach(() => {
  binding = sampleConfig('kiosk', { printerUrl: printer.url, paper: 80 }).binding as KioskBinding;
  printer.setState({ online: true, paperOut: false, paperNearEnd: false, coverOpen: false });
});

async function issue(): Promise<string> {
  const response = await api<{ data: CommandReply }>(hall.url, 'POST', '/api/v1/tickets', {
    token,
    body: { serviceId: 'bdc-transfer' },
  });
  const id = response.body.data.ticket?.ticket.id;
  if (response.status !== 201 || id === undefined) {
    throw new Error(`issue: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return id;
}

function texts(items: readonly DecodedItem[]): string[] {
  return items.flatMap((item) => (item.kind === 'text' ? [item.text] : []));
}

describe('kiosk printer bridge', () => {
  it('prints the issued ticket: number, Chinese text and the tracking QR on the server', async () => {
    const id = await issue();
    const before = printer.jobs.length;
    expect(await bridge.printTicket({ ticketId: id, lang: 'zh-CN' })).toEqual({
      printed: true,
      paperNearEnd: false,
    });
    expect(printer.jobs.length).toBe(before + 1);
    const job = decodeEscPos(printer.jobs.at(-1) ?? new Uint8Array());
    const lines = texts(job.items);
    expect(lines).toContain(id.split('-')[1]);
    expect(lines.join('\n')).toContain('前面等候');
    const qr = job.items.find((item) => item.kind === 'qr');
    expect(qr).toMatchObject({ data: `${hall.url}/api/v1/tickets/${id}` });
  });

  it('prints in English and says when the paper runs low', async () => {
    const id = await issue();
    printer.setState({ paperNearEnd: true });
    expect(await bridge.printTicket({ ticketId: id, lang: 'en' })).toEqual({
      printed: true,
      paperNearEnd: true,
    });
    const lines = texts(decodeEscPos(printer.jobs.at(-1) ?? new Uint8Array()).items);
    expect(lines.join('\n')).toContain('People ahead');
  });

  it('paper out: not printed, reason paper_out, nothing sent', async () => {
    const id = await issue();
    printer.setState({ paperOut: true });
    const before = printer.jobs.length;
    const result = await bridge.printTicket({ ticketId: id, lang: 'zh-CN' });
    expect(result).toMatchObject({ printed: false, reason: 'paper_out' });
    if (!result.printed) expect(result.message).toContain('缺纸');
    expect(printer.jobs.length).toBe(before);
  });

  it('reports the paper to the server: low and out raise alarms, a good print clears them', async () => {
    const admin = await loginAdmin(hall.url);
    const liveKinds = async (): Promise<string[]> => {
      const reply = await api<{ data: { kind: string; clearedAt: number | null }[] }>(
        hall.url,
        'GET',
        '/api/v1/alarms?live=1',
        { token: admin },
      );
      return reply.body.data.filter((a) => a.clearedAt === null).map((a) => a.kind);
    };
    printer.setState({ paperNearEnd: true });
    await bridge.printTicket({ ticketId: await issue(), lang: 'zh-CN' });
    expect(await liveKinds()).toContain('printer_paper_low');
    printer.setState({ paperOut: true });
    await bridge.printTicket({ ticketId: await issue(), lang: 'zh-CN' });
    expect(await liveKinds()).toContain('printer_paper_out');
    printer.setState({ paperOut: false, paperNearEnd: false });
    await bridge.printTicket({ ticketId: await issue(), lang: 'zh-CN' });
    const after = await liveKinds();
    expect(after).not.toContain('printer_paper_low');
    expect(after).not.toContain('printer_paper_out');
  });

  it('no printer bound: no_printer, with whom to ask', async () => {
    binding = { ...binding, printerUrl: null };
    const id = await issue();
    const result = await bridge.printTicket({ ticketId: id, lang: 'zh-CN' });
    expect(result).toMatchObject({ printed: false, reason: 'no_printer' });
    if (!result.printed) expect(result.message).toContain('admin');
  });

  it('a printer that is switched off: offline', async () => {
    const gone = await startVirtualPrinter();
    await gone.close();
    binding = { ...binding, printerUrl: gone.url };
    const id = await issue();
    expect(await bridge.printTicket({ ticketId: id, lang: 'zh-CN' })).toMatchObject({
      printed: false,
      reason: 'offline',
    });
  });

  it('refuses a bad request and an unknown ticket', async () => {
    const bad = await bridge.printTicket({ ticketId: 'A001', lang: 'zh-CN' });
    expect(bad).toMatchObject({ printed: false, reason: 'error' });
    if (!bad.printed) expect(bad.message).toContain('Invalid print request');
    const missing = await bridge.printTicket({ ticketId: '20261124-Z999', lang: 'zh-CN' });
    expect(missing).toMatchObject({ printed: false, reason: 'error' });
    if (!missing.printed) expect(missing.message).toContain('no such ticket');
  });

  it('a server that cannot be reached: not printed, says so', async () => {
    const lost = createPrinterBridge({
      serverUrl: () => 'http://127.0.0.1:9',
      token: () => token,
      binding: () => binding,
    });
    const result = await lost.printTicket({ ticketId: '20261124-A001', lang: 'zh-CN' });
    expect(result).toMatchObject({ printed: false, reason: 'error' });
    if (!result.printed) expect(result.message).toContain('Cannot reach the hall server');
  });

  it('runs one job at a time, in order', async () => {
    const ids = [await issue(), await issue(), await issue()];
    const before = printer.jobs.length;
    const results = await Promise.all(
      ids.map((ticketId) => bridge.printTicket({ ticketId, lang: 'zh-CN' })),
    );
    expect(results.every((r) => r.printed)).toBe(true);
    const numbers = printer.jobs
      .slice(before)
      .map((job) => texts(decodeEscPos(job).items).find((t) => /^A\d{3}$/.test(t)));
    expect(numbers).toEqual(ids.map((id) => id.split('-')[1]));
  });

  // Last: it moves the hall to the next day.
  it('does not reprint a ticket of another business day', async () => {
    const id = await issue();
    hall.setNow(DEFAULT_START + 14 * 3_600_000 + 1000); // 00:00:01 the next day
    await hall.server.hall.rolloverIfDue();
    const before = printer.jobs.length;
    const result = await bridge.printTicket({ ticketId: id, lang: 'zh-CN' });
    expect(result).toMatchObject({ printed: false, reason: 'error' });
    if (!result.printed) expect(result.message).toContain('from another day');
    expect(printer.jobs.length).toBe(before);
  });
});
