/**
 * The 差评整改 page in real Chromium against the real server: bad ratings opened as work
 * orders, overdue deadlines in red, a callback, the rectification and the closure done on
 * the page, an appeal filed elsewhere arriving live and decided on the page, and the report.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply, WorkOrder } from '@hallq/shared';
import { LANDSCAPE, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import {
  api,
  login,
  loginAdmin,
  loginClerk,
  useTestHall,
  type RestData,
  type TestHall,
} from '../support/hall.ts';

const hall = useTestHall();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser.close();
});

async function badRating(h: TestHall, windowId: number, serviceId: string, comment: string) {
  const token = await loginClerk(h.url, windowId);
  const issued = await api<RestData<CommandReply>>(h.url, 'POST', '/api/v1/tickets', {
    body: { serviceId },
  });
  const id = issued.body.data.ticket?.ticket.id ?? '';
  for (const path of [`/api/v1/windows/${windowId}/call-next`, `/api/v1/tickets/${id}/start`]) {
    expect((await api(h.url, 'POST', path, { token })).status).toBe(200);
  }
  h.advance(5 * 60_000);
  expect((await api(h.url, 'POST', `/api/v1/tickets/${id}/complete`, { token })).status).toBe(200);
  const rated = await api(h.url, 'POST', `/api/v1/tickets/${id}/rate`, {
    body: { score: 'very_dissatisfied', reasons: ['attitude', 'wait_long'], comment },
  });
  expect(rated.status).toBe(200);
  const until = Date.now() + 5000;
  for (;;) {
    const order = await h.server.store.findWorkOrderByTicket(id);
    if (order !== null) return order;
    if (Date.now() > until) throw new Error('no work order');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function signIn(): Promise<Page> {
  const { page } = await openPage(browser, `${hall.url}/admin/work-orders`, LANDSCAPE);
  await page.locator('input[name="staffId"]').fill('admin');
  await page.locator('input[name="password"]').fill('demo-admin');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('wo-table').waitFor();
  return page;
}

describe('admin work-orders page', () => {
  it('works an order to closure, decides a live appeal and shows the rates', async () => {
    const { config } = hall.server.hall.state;
    const otherWindow = config.windows.find((w) => w.zoneId !== 'A');
    const otherService = config.assignments.find(
      (a) => a.windowId === otherWindow?.id && a.role === 'primary',
    )?.serviceId;
    if (otherWindow === undefined || otherService === undefined) throw new Error('demo hall');
    const late = await badRating(hall, 1, 'bdc-transfer', '等了一个多小时，窗口还在聊天');
    const done = await badRating(hall, 1, 'bdc-transfer', '材料要求没有一次讲清楚');
    const other = await badRating(hall, otherWindow.id, otherService, '态度生硬');
    let admin = await loginAdmin(hall.url);
    const post = (token: string, id: string, action: string, body: unknown = {}) =>
      api<RestData<WorkOrder>>(hall.url, 'POST', `/api/v1/work-orders/${id}/${action}`, {
        token,
        body,
      });
    expect((await post(admin, done.id, 'callback', { reached: true, note: '已致歉' })).status).toBe(
      200,
    );
    // Two days on: the untouched orders are past their callback deadline.
    hall.advance(2 * 24 * 3_600_000);
    admin = await loginAdmin(hall.url);

    const page = await signIn();
    const lateRow = page.getByTestId(`wo-row-${late.id}`);
    await expect(lateRow.getAttribute('class')).resolves.toContain('wo-row-overdue');
    await expect(lateRow.textContent()).resolves.toContain('已逾期');
    await expect(lateRow.textContent()).resolves.toContain('非常不满意');
    await expect(lateRow.textContent()).resolves.toContain('排队等候久');
    await expect(page.getByTestId(`wo-row-${done.id}`).textContent()).resolves.toContain(
      '已按时完成',
    );
    await screenshot(page, 'admin-work-orders-list');

    // Work the late one: a missed call, a reached one, the rectification, closing.
    await lateRow.click();
    const detail = page.getByTestId('wo-detail');
    await detail.waitFor();
    await expect(detail.getByTestId('wo-close').isDisabled()).resolves.toBe(true);
    await detail.getByTestId('wo-reached').uncheck();
    await detail.getByTestId('wo-note').fill('电话无人接听');
    await detail.getByTestId('wo-add-callback').click();
    await expect(detail.getByTestId('wo-callbacks').textContent()).resolves.toContain('未联系上');
    await detail.getByTestId('wo-reached').check();
    await detail.getByTestId('wo-note').fill('已联系访客致歉，说明整改措施');
    await detail.getByTestId('wo-add-callback').click();
    await detail.getByText('已联系上访客', { exact: false }).first().waitFor();
    await detail
      .getByTestId('wo-rectification-text')
      .fill('对窗口人员进行服务规范培训，纳入月度考核');
    await detail.getByTestId('wo-save-rectification').click();
    await detail.getByTestId('wo-rectification').waitFor();
    await screenshot(page, 'admin-work-orders-detail');
    await detail.getByTestId('wo-close').click();
    await detail.getByTestId('wo-closed').waitFor();
    await expect(detail.getByTestId('wo-closed').textContent()).resolves.toContain('整改办结');

    // An appeal filed by the zone's lead arrives live; the admin accepts it on the page.
    const lead = await login(hall.url, `lead${other.zoneId}`, 'demo');
    expect((await post(lead, other.id, 'appeal', { reason: '访客误触评价器' })).status).toBe(200);
    const otherRow = page.getByTestId(`wo-row-${other.id}`);
    await page
      .locator(`[data-testid="wo-row-${other.id}"][data-state="appealing"]`)
      .waitFor({ timeout: 5000 });
    await otherRow.click();
    await detail.getByTestId('wo-decision-note').fill('调取录像核实，属误触');
    await screenshot(page, 'admin-work-orders-appeal');
    await detail.getByTestId('wo-decide-accepted').click();
    await detail.getByTestId('wo-closed').waitFor();
    await expect(detail.getByTestId('wo-closed').textContent()).resolves.toContain('申诉成立');

    // The report: 3 orders, 1 voided; of the 2 counted both called back (1 on time),
    // 1 rectified on time.
    await page.getByTestId('wo-tab-report').click();
    const total = page.getByTestId('wo-report-total');
    await total.waitFor();
    await expect(page.getByTestId('wo-kpis').textContent()).resolves.toContain('100.0%');
    const cells = await total.locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual(['合计', '3', '1', '100.0% 2', '50.0% 1']);
    await screenshot(page, 'admin-work-orders-report');
  }, 120_000);
});
