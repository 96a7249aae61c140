/**
 * The reports page (统计报表) in real Chromium against the real server: a few tickets served
 * in two zones and rated, then the page's table, its charts (chart.js canvases) and its
 * export buttons (a real download read back with exceljs).
 */
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply } from '@hallq/shared';
import { LANDSCAPE, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import {
  DEFAULT_START,
  command,
  connectClient,
  loginClerk,
  postCommand,
  useTestHall,
} from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;
const MIN = 60_000;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** Serves `count` tickets of a service at a window: wait `wait` min, handling `handle` min. */
async function serveSome(
  serviceId: string,
  window: number,
  waits: readonly number[],
  scores: readonly string[],
): Promise<void> {
  const token = await loginClerk(hall.url, window);
  const screen = await connectClient(hall.url);
  for (const [i, wait] of waits.entries()) {
    const issued: CommandReply = await postCommand(hall.url, '/api/v1/tickets', undefined, {
      serviceId,
    });
    const id = issued.ticket?.ticket.id ?? '';
    hall.advance(wait * MIN);
    await postCommand(hall.url, `/api/v1/windows/${String(window)}/call`, token, { ticketId: id });
    await postCommand(hall.url, `/api/v1/tickets/${id}/start`, token);
    hall.advance((4 + i) * MIN);
    await postCommand(hall.url, `/api/v1/tickets/${id}/complete`, token);
    const score = scores[i];
    if (score !== undefined) {
      const bad = score === 'dissatisfied' || score === 'very_dissatisfied';
      const reply = await command(screen, 'ticket:rate', {
        ticketId: id,
        score,
        ...(bad ? { reasons: ['attitude'] } : {}),
      } as never);
      expect(reply.ok).toBe(true);
    }
  }
}

describe('admin reports page', () => {
  it('shows the figures, draws the charts and downloads the Excel file', async () => {
    hall.setNow(DEFAULT_START);
    await serveSome('bdc-transfer', 1, [3, 8, 12, 25], ['very_satisfied', 'satisfied', 'basic']);
    await serveSome('si-enrolment', 23, [5, 30], ['dissatisfied', 'satisfied']);
    await postCommand(hall.url, '/api/v1/tickets', undefined, { serviceId: 'bdc-query' });

    const { page } = await openPage(browser, `${hall.url}/admin/reports`, LANDSCAPE);
    await page.locator('input[name="staffId"]').fill('admin');
    await page.locator('input[name="password"]').fill('demo-admin');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('reports-page').waitFor();
    await page.getByTestId('report-date').fill('2026-11-24');
    await page
      .getByTestId('report-range')
      .filter({ hasText: '2026-11-24 至 2026-11-24' })
      .waitFor();

    const zoneA = page.getByTestId('report-row-A');
    await zoneA.waitFor();
    const cells = await zoneA.locator('td').allTextContents();
    // Zone A: 4 served + 1 waiting issued; waits 3, 8, 12, 25 → mean 12.0 min.
    expect(cells.slice(0, 4)).toEqual(['不动产登记专区', '5', '4', '4']);
    expect(cells[7]).toBe('12.0');
    const total = await page.getByTestId('report-total').locator('td').allTextContents();
    expect(total.slice(0, 4)).toEqual(['合计', '7', '6', '6']);
    expect(total.at(-1)).toBe('80.0%'); // 4 good of 5 rated

    // Charts are chart.js canvases that drew something.
    for (const id of ['chart-daily', 'chart-ratings', 'chart-compare']) {
      const canvas = page.getByTestId(id);
      await canvas.waitFor();
      const box = await canvas.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
    }
    await screenshot(page, 'admin-reports-zone');

    // Sorting by mean wait, descending, puts zone B (17.5 min) first.
    await page.getByRole('button', { name: '平均等候' }).click();
    const first = await page.getByTestId('report-table').locator('tbody tr').first().textContent();
    expect(first).toContain('社会服务专区');

    // 按窗口 and English.
    await page.getByTestId('by-window').click();
    await page.getByTestId('report-row-23').waitFor();
    await page.getByTestId('report-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-reports-window-table');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Export Excel' }).waitFor();
    await screenshot(page, 'admin-reports-window-en');
    await page.getByRole('button', { name: '中文' }).click();

    // 导出 Excel downloads a workbook that opens.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toBe('hallq-report-window-2026-11-24.xlsx');
    const path = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    expect(book.worksheets.map((s) => s.name)).toEqual(['按窗口', '每日']);

    await page.getByTestId('period-month').click();
    await page
      .getByTestId('report-range')
      .filter({ hasText: '2026-11-01 至 2026-11-30' })
      .waitFor();
    await screenshot(page, 'admin-reports-month');
  });
});
