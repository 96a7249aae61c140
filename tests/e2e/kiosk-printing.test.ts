/**
 * Ticket printing from a web kiosk through the server's print relay, end to end: real server,
 * a paired kiosk device whose binding names a virtual ESC/POS printer on loopback, the kiosk
 * page in real Chromium. Printer ok / paper near end / paper out / cover open / offline; what
 * the printer received is decoded from its bytes, and a PNG of the printed ticket is written
 * for people to look at.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos, renderJobPng, type DecodedItem } from '../../kiosk/printer/decode.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../kiosk/printer/sim.ts';
import {
  PORTRAIT,
  SCREENSHOTS,
  launchBrowser,
  openPage,
  overflowingElements,
  screenshot,
} from '../support/browser.ts';
import {
  api,
  createDeviceToken,
  loginAdmin,
  startTestHall,
  type RestData,
  type TestHall,
} from '../support/hall.ts';

interface PrintReply {
  readonly printed: boolean;
  readonly reason?: string;
  readonly status: { readonly paperNearEnd: boolean; readonly paperOut: boolean } | null;
}

interface PrinterReport {
  readonly deviceId: string;
  readonly printerUrl: string;
  readonly printed: boolean;
  readonly reason: string | null;
  readonly status: { readonly paperNearEnd: boolean } | null;
  readonly ticketId: string;
}

let hall: TestHall;
let printer: VirtualPrinter;
let browser: Browser;
let kioskToken: string;

beforeAll(async () => {
  [hall, printer, browser] = await Promise.all([
    startTestHall(),
    startVirtualPrinter({ host: '127.0.0.1' }),
    launchBrowser(),
  ]);
  kioskToken = await createDeviceToken(hall.server, 'kiosk', null, 'k1', {
    printerUrl: printer.url,
    paper: 80,
    printMaterials: true,
  });
});
afterAll(async () => {
  await browser.close();
  await printer.close();
  await hall.close();
});
beforeEach(() => {
  printer.setState({
    online: true,
    coverOpen: false,
    paperNearEnd: false,
    paperOut: false,
    silent: false,
  });
});

async function openKiosk(): Promise<Page> {
  const { page } = await openPage(
    browser,
    `${hall.url}/kiosk?device=k1&token=${encodeURIComponent(kioskToken)}`,
    PORTRAIT,
  );
  await page.locator('[data-testid="kiosk"][data-connection="online"]').waitFor();
  await page.locator('[data-testid="zone-A"]').waitFor();
  return page;
}

/** Zone A → 不动产转移登记; returns the ticket id the confirmation shows. */
async function takeTicket(page: Page): Promise<string> {
  await page.locator('[data-testid="zone-A"]').click();
  await page.locator('[data-testid="service-bdc-transfer"]').click();
  const screen = page.locator('[data-testid="ticket-screen"]');
  await screen.waitFor();
  return (await screen.getAttribute('data-ticket-id')) ?? '';
}

function texts(items: readonly DecodedItem[]): Extract<DecodedItem, { kind: 'text' }>[] {
  return items.filter(
    (item): item is Extract<DecodedItem, { kind: 'text' }> => item.kind === 'text',
  );
}

describe('kiosk printing through the server relay', () => {
  it('prints the ticket with its number and tracking QR, and tells the visitor to take it', async () => {
    const page = await openKiosk();
    const jobsBefore = printer.jobs.length;
    const id = await takeTicket(page);
    expect(id).toMatch(/^\d{8}-A\d{3}$/);
    const number = id.split('-')[1] ?? '';
    expect(await page.locator('[data-testid="print-note"]').textContent()).toBe('请取走您的号票');
    expect(await page.locator('[data-testid="print-note"]').getAttribute('data-printed')).toBe(
      'yes',
    );
    expect(await page.locator('[data-testid="print-reason"]').count()).toBe(0);

    expect(printer.jobs.length).toBe(jobsBefore + 1);
    const job = decodeEscPos(printer.jobs[printer.jobs.length - 1] ?? new Uint8Array());
    const lines = texts(job.items);
    expect(lines.find((line) => line.text === number)).toMatchObject({
      align: 'center',
      width: 6,
      height: 6,
      bold: true,
    });
    const all = lines.map((line) => line.text).join('\n');
    expect(all).toContain('玉山县行政服务中心');
    expect(all).toContain('不动产转移登记');
    expect(all).toContain('请在一楼大厅中央等候');
    expect(all).toContain('一次性告知');
    const tracking = `${hall.url}/api/v1/tickets/${id}`;
    expect(job.items.filter((item) => item.kind === 'qr').map((item) => item.data)).toEqual([
      tracking,
    ]);
    expect(job.items[job.items.length - 1]).toEqual({ kind: 'cut' });
    // The screen's QR and the paper's QR lead to the same place.
    expect(await page.locator('[data-testid="ticket-qr"]').getAttribute('data-url')).toBe(tracking);

    writeFileSync(join(SCREENSHOTS, 'printed-ticket-80.png'), renderJobPng(job, 80));
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'kiosk-print-ok');
  });

  it('prints at paper near end, and managers see the alarm in the printer list', async () => {
    printer.setState({ paperNearEnd: true });
    const page = await openKiosk();
    const jobsBefore = printer.jobs.length;
    const id = await takeTicket(page);
    expect(await page.locator('[data-testid="print-note"]').textContent()).toBe('请取走您的号票');
    expect(printer.jobs.length).toBe(jobsBefore + 1);

    const admin = await loginAdmin(hall.url);
    const list = await api<RestData<PrinterReport[]>>(hall.url, 'GET', '/api/v1/devices/printers', {
      token: admin,
    });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        deviceId: 'k1',
        printerUrl: printer.url,
        printed: true,
        reason: null,
        ticketId: id,
        status: expect.objectContaining({ paperNearEnd: true }) as unknown,
      }),
    ]);
    // The list is for managers only.
    const asKiosk = await api(hall.url, 'GET', '/api/v1/devices/printers', { token: kioskToken });
    expect(asKiosk.status).toBe(403);
    expect((await api(hall.url, 'GET', '/api/v1/devices/printers')).status).toBe(401);
  });

  const failures = [
    { name: 'paper out', state: { paperOut: true }, reason: 'paper_out', text: '纸张已用完' },
    {
      name: 'cover open',
      state: { coverOpen: true },
      reason: 'cover_open',
      text: '打印机盖未关好',
    },
    { name: 'offline', state: { silent: true }, reason: 'offline', text: '打印机离线' },
  ] as const;
  for (const failure of failures) {
    it(`${failure.name}: prints nothing and shows the ticket with its QR and why`, async () => {
      printer.setState(failure.state);
      const page = await openKiosk();
      const jobsBefore = printer.jobs.length;
      const id = await takeTicket(page);
      expect(printer.jobs.length).toBe(jobsBefore);
      const note = page.locator('[data-testid="print-note"]');
      expect(await note.getAttribute('data-printed')).toBe(failure.reason);
      expect(await note.textContent()).toBe('请拍照或扫描二维码保存您的号码');
      expect(await page.locator('[data-testid="print-reason"]').textContent()).toContain(
        failure.text,
      );
      expect(await page.locator('[data-testid="ticket-qr"] svg').count()).toBe(1);
      expect(await page.locator('[data-testid="big-number"]').textContent()).toBe(id.split('-')[1]);
      if (failure.reason === 'paper_out') {
        await page.waitForFunction(() => document.fonts.status === 'loaded');
        expect(await overflowingElements(page)).toEqual([]);
        await screenshot(page, 'kiosk-print-paper-out');
      }
    });
  }
});

describe('the print relay API', () => {
  async function issue(): Promise<string> {
    const response = await api<RestData<{ ticket: { ticket: { id: string } } }>>(
      hall.url,
      'POST',
      '/api/v1/tickets',
      { body: { serviceId: 'bdc-query' } },
    );
    expect(response.status).toBe(201);
    return response.body.data.ticket.ticket.id;
  }

  it('prints only on the bound printer, whatever the request says', async () => {
    const id = await issue();
    const jobsBefore = printer.jobs.length;
    const response = await api<RestData<PrintReply>>(
      hall.url,
      'POST',
      `/api/v1/print/tickets/${id}`,
      { token: kioskToken, body: { lang: 'en', printerUrl: 'tcp://10.0.0.1:9100' } },
    );
    expect(response.status).toBe(200);
    expect(response.body.data.printed).toBe(true);
    expect(printer.jobs.length).toBe(jobsBefore + 1);
    const all = texts(decodeEscPos(printer.jobs[printer.jobs.length - 1] ?? new Uint8Array()).items)
      .map((line) => line.text)
      .join('\n');
    expect(all).toContain('People ahead');
  });

  it('refuses other callers and kiosks without a printer', async () => {
    const id = await issue();
    const path = `/api/v1/print/tickets/${id}`;
    expect((await api(hall.url, 'POST', path, { body: {} })).status).toBe(401);
    const display = await createDeviceToken(hall.server, 'display', null, 'd1', {
      printerUrl: printer.url,
    });
    expect((await api(hall.url, 'POST', path, { token: display, body: {} })).status).toBe(403);
    const admin = await loginAdmin(hall.url);
    expect((await api(hall.url, 'POST', path, { token: admin, body: {} })).status).toBe(403);
    const bare = await createDeviceToken(hall.server, 'kiosk', null, 'k-bare');
    const refused = await api<{ error: { code: string; details?: { reason?: string } } }>(
      hall.url,
      'POST',
      path,
      { token: bare, body: {} },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.details?.reason).toBe('no_printer');
    expect(
      (await api(hall.url, 'POST', '/api/v1/print/tickets/20261124-Z999', { token: kioskToken }))
        .status,
    ).toBe(404);
  });

  it('prints a 58 mm ticket for a kiosk bound to a narrow printer', async () => {
    const narrow = await createDeviceToken(hall.server, 'kiosk', null, 'k58', {
      printerUrl: printer.url,
      paper: 58,
    });
    const id = await issue();
    const response = await api<RestData<PrintReply>>(
      hall.url,
      'POST',
      `/api/v1/print/tickets/${id}`,
      { token: narrow, body: {} },
    );
    expect(response.body.data.printed).toBe(true);
    const job = decodeEscPos(printer.jobs[printer.jobs.length - 1] ?? new Uint8Array());
    const number = id.split('-')[1] ?? '';
    expect(texts(job.items).find((line) => line.text === number)).toMatchObject({
      width: 4,
      height: 4,
    });
    writeFileSync(join(SCREENSHOTS, 'printed-ticket-58.png'), renderJobPng(job, 58));
  });
});
