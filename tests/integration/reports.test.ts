/**
 * Admin reports (issue 8): a fixture day played through the real commands with the
 * controllable clock, every figure computed by hand below; weeks, months and custom ranges
 * over several days; zone-lead scoping; refusals; the Excel and CSV files read back; the
 * monthly 统一情况汇总 read back.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { staffId, type CommandReply, type WorkOrder } from '@hallq/shared';
import {
  DEFAULT_START,
  api,
  command,
  connectClient,
  login,
  loginAdmin,
  loginClerk,
  postCommand,
  startTestHall,
  useTestHall,
  type HallClient,
  type RestData,
  type RestError,
  type TestHall,
} from '../support/hall.ts';

const MIN = 60_000;

interface Row {
  key: string;
  name: string;
  issued: number;
  called: number;
  served: number;
  noShow: number;
  transferred: number;
  cancelled: number;
  meanWaitMs: number | null;
  p90WaitMs: number | null;
  meanHandlingMs: number | null;
  p90HandlingMs: number | null;
  withinTarget: number;
  withinTargetRate: number | null;
  ratings: Record<string, number>;
  rated: number;
  appealVoided: number;
  goodRate: number | null;
  days: { day: string; issued: number; served: number; meanWaitMs: number | null }[];
}

interface Report {
  period: string;
  from: string;
  to: string;
  by: string;
  zoneIds: string[] | null;
  total: Row;
  rows: Row[];
}

/** Drives the demo hall's desks: issue, call a named ticket, start, complete, rate. */
class Desk {
  readonly tokens = new Map<number, string>();
  admin = '';
  screen: HallClient | null = null;

  constructor(private readonly hall: TestHall) {}

  async open(windows: readonly number[]): Promise<void> {
    this.admin = await loginAdmin(this.hall.url);
    for (const w of windows) this.tokens.set(w, await loginClerk(this.hall.url, w));
    this.screen = await connectClient(this.hall.url);
  }

  /** Moves the clock to `minute` minutes after `base`. */
  at(base: number, minute: number): void {
    this.hall.setNow(base + minute * MIN);
  }

  async issue(serviceId: string): Promise<string> {
    const reply: CommandReply = await postCommand(this.hall.url, '/api/v1/tickets', undefined, {
      serviceId,
    });
    const id = reply.ticket?.ticket.id;
    if (id === undefined) throw new Error('no ticket issued');
    return id;
  }

  private token(window: number): string {
    const token = this.tokens.get(window);
    if (token === undefined) throw new Error(`window ${String(window)} not signed in`);
    return token;
  }

  async call(window: number, ticketId: string): Promise<void> {
    await postCommand(this.hall.url, `/api/v1/windows/${String(window)}/call`, this.token(window), {
      ticketId,
    });
  }

  async act(window: number, ticketId: string, action: string, body: unknown = {}): Promise<void> {
    await postCommand(
      this.hall.url,
      `/api/v1/tickets/${ticketId}/${action}`,
      this.token(window),
      body,
    );
  }

  async cancel(ticketId: string): Promise<void> {
    await postCommand(this.hall.url, `/api/v1/tickets/${ticketId}/cancel`, this.admin);
  }

  async rate(ticketId: string, score: string): Promise<void> {
    if (this.screen === null) throw new Error('no screen');
    const bad = score === 'dissatisfied' || score === 'very_dissatisfied';
    const reply = await command(this.screen, 'ticket:rate', {
      ticketId,
      score,
      ...(bad ? { reasons: ['wait_long'], comment: '等候太久' } : {}),
    } as never);
    if (!reply.ok) throw new Error(`rating refused: ${JSON.stringify(reply.error)}`);
  }

  /** Issues at `issueMin`, calls at `callMin`, starts then, completes at `doneMin`. */
  async serve(
    base: number,
    serviceId: string,
    window: number,
    issueMin: number,
    callMin: number,
    doneMin: number,
  ): Promise<string> {
    this.at(base, issueMin);
    const id = await this.issue(serviceId);
    this.at(base, callMin);
    await this.call(window, id);
    await this.act(window, id, 'start');
    this.at(base, doneMin);
    await this.act(window, id, 'complete');
    return id;
  }
}

/** Marks the bad rating of a ticket as voided by an accepted appeal (申诉成功). */
async function acceptAppeal(hall: TestHall, ticketId: string, number: string): Promise<void> {
  const { store } = hall.server;
  const now = hall.now();
  const existing = await store.findWorkOrderByTicket(ticketId);
  const base: WorkOrder = existing ?? {
    id: `WO-20261124-${number}`,
    ticketId,
    ticketNumber: number,
    businessDay: '2026-11-24',
    serviceId: 'bdc-query',
    zoneId: 'A',
    windowId: 2,
    staffId: 'w002',
    score: 'dissatisfied',
    reasons: ['wait_long'],
    comment: null,
    openedAt: now,
    callbackDue: now + 86_400_000,
    rectifyDue: now + 15 * 86_400_000,
    appealDue: now + 3 * 86_400_000,
    state: 'open',
    callbacks: [],
    calledBackAt: null,
    rectification: null,
    appeal: null,
    closedAt: null,
    closedBy: null,
    closure: null,
  };
  const closed: WorkOrder = {
    ...base,
    state: 'closed',
    calledBackAt: now,
    callbacks: [{ at: now, by: 'manager', reached: true, note: '已回访' }],
    appeal: {
      at: now,
      by: 'w002',
      reason: '群众误解',
      decidedAt: now,
      decidedBy: 'manager',
      outcome: 'accepted',
      decisionNote: '申诉成立',
    },
    closedAt: now,
    closedBy: 'manager',
    closure: 'appeal_accepted',
  };
  await store.commit({
    businessDay: hall.server.hall.state.day.businessDay,
    actor: 'staff:manager',
    events: [],
    tickets: [],
    windows: [],
    counters: [],
    idempotency: null,
    audit: {
      at: now,
      actor: 'staff:manager',
      command: 'test.appeal',
      payload: null,
      outcome: 'ok',
    },
    newBusinessDay: null,
    config: null,
    workOrders: [closed],
  });
}

async function getReport(hall: TestHall, token: string, query: string): Promise<Report> {
  const reply = await api<RestData<Report>>(hall.url, 'GET', `/api/v1/reports?${query}`, {
    token,
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.data;
}

async function download(
  hall: TestHall,
  token: string,
  path: string,
): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
  const response = await fetch(`${hall.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    disposition: response.headers.get('content-disposition') ?? '',
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** RFC 4180 CSV parser (quotes, doubled quotes, CRLF), enough to read our files back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

function cellValues(sheet: ExcelJS.Worksheet, rowNumber: number): unknown[] {
  const values = sheet.getRow(rowNumber).values;
  return Array.isArray(values) ? values.slice(1) : [];
}

/** The row number of the first row whose first cell is `text`. */
function rowOf(sheet: ExcelJS.Worksheet, text: string, column = 1): number {
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    if (sheet.getRow(r).getCell(column).value === text) return r;
  }
  throw new Error(`no row "${text}" in ${sheet.name}`);
}

// The fixture day: 2026-11-24 (a Tuesday), from 10:00 Asia/Shanghai (DEFAULT_START). Windows
// 1 and 2 are in zone A (不动产登记专区), window 23 in zone B (社会服务专区); their clerks are
// w001, w002 and w023. Services: bdc-transfer (A), bdc-query (A), si-enrolment (B).
//
// Ticket   issued  service        window  call  start  done   outcome            rating
// A001     0       bdc-transfer   1       5     6      16     served             非常满意
// B001     0       si-enrolment   23      5     5      30     served             满意
// J001     2       bdc-query      2       8     9      14     served             不满意 (appeal accepted)
// A002     4       bdc-transfer   1       17    —      19     no-show
// B002     4       si-enrolment   23      31    31     33     transferred to bdc-query
//                  bdc-query      2       35    35     45     served (wait counts from the 2nd call)
// A003     6       bdc-transfer   —       —     —      10     cancelled
// A004     6       bdc-transfer   1       20    20     28     served             非常不满意
// J002     7       bdc-query      2       15    15     20     served             基本满意
// B003     8       si-enrolment   23      46    46     50     served
// A005     9       bdc-transfer   —       —     —      —      still waiting
//
// Served waits (min): A001 5, B001 5, J001 6, A004 14, J002 8, B002 31 (35 − 4), B003 38.
// Handling (min):     A001 10, B001 25, J001 5, A004 8, J002 5, B002 10, B003 4.
// Wait target: 20 min (the default alarm threshold waitTargetMin).
async function playFixtureDay(hall: TestHall): Promise<Desk> {
  const desk = new Desk(hall);
  await desk.open([1, 2, 23]);
  const T = DEFAULT_START;
  desk.at(T, 0);
  const a001 = await desk.issue('bdc-transfer');
  const b001 = await desk.issue('si-enrolment');
  desk.at(T, 2);
  const j001 = await desk.issue('bdc-query');
  desk.at(T, 4);
  const a002 = await desk.issue('bdc-transfer');
  const b002 = await desk.issue('si-enrolment');
  desk.at(T, 5);
  await desk.call(1, a001);
  await desk.call(23, b001);
  await desk.act(23, b001, 'start');
  desk.at(T, 6);
  await desk.act(1, a001, 'start');
  const a003 = await desk.issue('bdc-transfer');
  const a004 = await desk.issue('bdc-transfer');
  desk.at(T, 7);
  const j002 = await desk.issue('bdc-query');
  desk.at(T, 8);
  await desk.call(2, j001);
  const b003 = await desk.issue('si-enrolment');
  desk.at(T, 9);
  await desk.act(2, j001, 'start');
  await desk.issue('bdc-transfer'); // A005: never called
  desk.at(T, 10);
  await desk.cancel(a003);
  desk.at(T, 14);
  await desk.act(2, j001, 'complete');
  await desk.rate(j001, 'dissatisfied');
  desk.at(T, 15);
  await desk.call(2, j002);
  await desk.act(2, j002, 'start');
  desk.at(T, 16);
  await desk.act(1, a001, 'complete');
  await desk.rate(a001, 'very_satisfied');
  desk.at(T, 17);
  await desk.call(1, a002);
  desk.at(T, 19);
  await desk.act(1, a002, 'no-show');
  desk.at(T, 20);
  await desk.call(1, a004);
  await desk.act(1, a004, 'start');
  await desk.act(2, j002, 'complete');
  await desk.rate(j002, 'basic');
  desk.at(T, 28);
  await desk.act(1, a004, 'complete');
  await desk.rate(a004, 'very_dissatisfied');
  desk.at(T, 30);
  await desk.act(23, b001, 'complete');
  await desk.rate(b001, 'satisfied');
  desk.at(T, 31);
  await desk.call(23, b002);
  await desk.act(23, b002, 'start');
  desk.at(T, 33);
  await desk.act(23, b002, 'transfer', { toServiceId: 'bdc-query' });
  desk.at(T, 35);
  await desk.call(2, b002);
  await desk.act(2, b002, 'start');
  desk.at(T, 45);
  await desk.act(2, b002, 'complete');
  desk.at(T, 46);
  await desk.call(23, b003);
  await desk.act(23, b003, 'start');
  desk.at(T, 50);
  await desk.act(23, b003, 'complete');
  desk.at(T, 55);
  await acceptAppeal(hall, j001, 'J001');
  return desk;
}

const NO_RATINGS = {
  very_satisfied: 0,
  satisfied: 0,
  basic: 0,
  dissatisfied: 0,
  very_dissatisfied: 0,
};

// Hand-computed lines of the fixture day (see the table above).
const HALL_TOTAL = {
  issued: 10,
  called: 8, // all but A003 (cancelled) and A005 (waiting)
  served: 7,
  noShow: 1,
  transferred: 1,
  cancelled: 1,
  meanWaitMs: 917_143, // (5+5+6+14+8+31+38) = 107 min / 7 = 917 142.86 ms, rounded
  p90WaitMs: 38 * MIN, // rank ⌈6.3⌉ = 7 of 5,5,6,8,14,31,38
  meanHandlingMs: 574_286, // (10+25+5+8+5+10+4) = 67 min / 7 = 574 285.71 ms
  p90HandlingMs: 25 * MIN, // rank 7 of 4,5,5,8,10,10,25
  withinTarget: 5, // 5,5,6,8,14 ≤ 20
  withinTargetRate: 5 / 7,
  ratings: { very_satisfied: 1, satisfied: 1, basic: 1, dissatisfied: 1, very_dissatisfied: 1 },
  rated: 5,
  appealVoided: 1, // J001
  goodRate: 3 / 4, // 3 good / (5 rated − 1 voided)
};

const ZONE_A = {
  key: 'A',
  name: '不动产登记专区',
  issued: 8, // A001-A005, J001, J002, B002 (after its transfer)
  called: 6,
  served: 5,
  noShow: 1,
  transferred: 1,
  cancelled: 1,
  meanWaitMs: 12.8 * MIN, // (5+6+14+8+31) = 64 / 5
  p90WaitMs: 31 * MIN, // rank ⌈4.5⌉ = 5
  meanHandlingMs: 7.6 * MIN, // (10+5+8+5+10) = 38 / 5
  p90HandlingMs: 10 * MIN,
  withinTarget: 4,
  withinTargetRate: 0.8,
  ratings: { very_satisfied: 1, satisfied: 0, basic: 1, dissatisfied: 1, very_dissatisfied: 1 },
  rated: 4,
  appealVoided: 1,
  goodRate: 2 / 3, // 2 good / (4 − 1)
};

const ZONE_B = {
  key: 'B',
  name: '社会服务专区',
  issued: 2, // B001, B003 (B002 ended in zone A)
  called: 2,
  served: 2,
  noShow: 0,
  transferred: 0,
  cancelled: 0,
  meanWaitMs: 21.5 * MIN, // (5+38) / 2
  p90WaitMs: 38 * MIN, // rank ⌈1.8⌉ = 2
  meanHandlingMs: 14.5 * MIN, // (25+4) / 2
  p90HandlingMs: 25 * MIN,
  withinTarget: 1,
  withinTargetRate: 0.5,
  ratings: { ...NO_RATINGS, satisfied: 1 },
  rated: 1,
  appealVoided: 0,
  goodRate: 1,
};

const SERVICE_TRANSFER = {
  key: 'bdc-transfer',
  issued: 5,
  called: 3, // A001, A002, A004
  served: 2,
  noShow: 1,
  transferred: 0,
  cancelled: 1,
  meanWaitMs: 9.5 * MIN, // (5+14) / 2
  p90WaitMs: 14 * MIN,
  meanHandlingMs: 9 * MIN, // (10+8) / 2
  p90HandlingMs: 10 * MIN,
  withinTarget: 2,
  withinTargetRate: 1,
  ratings: { ...NO_RATINGS, very_satisfied: 1, very_dissatisfied: 1 },
  rated: 2,
  appealVoided: 0,
  goodRate: 0.5,
};

const SERVICE_QUERY = {
  key: 'bdc-query',
  issued: 3, // J001, J002, B002
  called: 3,
  served: 3,
  noShow: 0,
  transferred: 1,
  cancelled: 0,
  meanWaitMs: 15 * MIN, // (6+8+31) / 3
  p90WaitMs: 31 * MIN, // rank ⌈2.7⌉ = 3
  meanHandlingMs: 400_000, // (5+5+10) = 20 min / 3
  p90HandlingMs: 10 * MIN,
  withinTarget: 2,
  withinTargetRate: 2 / 3,
  ratings: { ...NO_RATINGS, basic: 1, dissatisfied: 1 },
  rated: 2,
  appealVoided: 1,
  goodRate: 1, // 1 good / (2 − 1)
};

const SERVICE_ENROLMENT = { ...ZONE_B, key: 'si-enrolment', name: '社保参保登记' };

const { key: _t, ...WINDOW_1 } = { ...SERVICE_TRANSFER, key: '1', cancelled: 0, issued: 3 };
const { key: _q, ...WINDOW_2 } = { ...SERVICE_QUERY, key: '2' };
const { key: _e, name: _n, ...WINDOW_23 } = { ...ZONE_B, key: '23' };
const NOT_CALLED = {
  key: '',
  issued: 2, // A003, A005
  called: 0,
  served: 0,
  noShow: 0,
  transferred: 0,
  cancelled: 1,
  meanWaitMs: null,
  p90WaitMs: null,
  withinTargetRate: null,
  rated: 0,
  goodRate: null,
};

describe('reports over a fixture day played through the commands', () => {
  const hall = useTestHall();

  it('computes every grouping by hand, scopes zone leads, and exports Excel and CSV', async () => {
    const desk = await playFixtureDay(hall);
    const admin = desk.admin;

    const byHall = await getReport(hall, admin, 'period=day&date=2026-11-24&by=hall');
    expect(byHall).toMatchObject({ period: 'day', from: '2026-11-24', to: '2026-11-24' });
    expect(byHall.total).toMatchObject(HALL_TOTAL);
    expect(byHall.rows).toEqual([]);
    expect(byHall.total.days).toEqual([
      { day: '2026-11-24', issued: 10, served: 7, meanWaitMs: 917_143 },
    ]);

    const byZone = await getReport(hall, admin, 'period=day&date=2026-11-24&by=zone');
    expect(byZone.total).toMatchObject(HALL_TOTAL);
    expect(byZone.rows.map((r) => r.key)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(byZone.rows[0]).toMatchObject(ZONE_A);
    expect(byZone.rows[1]).toMatchObject(ZONE_B);
    expect(byZone.rows[2]).toMatchObject({ issued: 0, served: 0, meanWaitMs: null, days: [] });

    const byService = await getReport(hall, admin, 'period=day&date=2026-11-24&by=service');
    const service = (key: string): Row | undefined => byService.rows.find((r) => r.key === key);
    expect(service('bdc-transfer')).toMatchObject(SERVICE_TRANSFER);
    expect(service('bdc-query')).toMatchObject(SERVICE_QUERY);
    expect(service('si-enrolment')).toMatchObject(SERVICE_ENROLMENT);
    expect(service('bdc-mortgage')).toMatchObject({ issued: 0, rated: 0 });

    const byWindow = await getReport(hall, admin, 'period=day&date=2026-11-24&by=window');
    expect(byWindow.rows.map((r) => [r.key, r.name])).toEqual([
      ['1', '1号窗口'],
      ['2', '2号窗口'],
      ['23', '23号窗口'],
      ['', '未叫号'],
    ]);
    expect(byWindow.rows[0]).toMatchObject(WINDOW_1);
    expect(byWindow.rows[1]).toMatchObject(WINDOW_2);
    expect(byWindow.rows[2]).toMatchObject(WINDOW_23);
    expect(byWindow.rows[3]).toMatchObject(NOT_CALLED);

    const byClerk = await getReport(hall, admin, 'period=day&date=2026-11-24&by=clerk');
    expect(byClerk.rows.map((r) => [r.key, r.name])).toEqual([
      ['w001', '1号窗口（w001）'],
      ['w002', '2号窗口（w002）'],
      ['w023', '23号窗口（w023）'],
      ['', '未叫号'],
    ]);
    expect(byClerk.rows[0]).toMatchObject(WINDOW_1);
    expect(byClerk.rows[1]).toMatchObject(WINDOW_2);
    expect(byClerk.rows[2]).toMatchObject(WINDOW_23);

    // The week (Mon 23 – Sun 29) and the month hold only this day: the same totals.
    const week = await getReport(hall, admin, 'period=week&date=2026-11-24');
    expect(week).toMatchObject({ from: '2026-11-23', to: '2026-11-29' });
    expect(week.total).toMatchObject(HALL_TOTAL);
    expect(week.total.days.map((d) => d.issued)).toEqual([0, 10, 0, 0, 0, 0, 0]);

    // A zone lead of A sees zone A only, and the hall total of zone A.
    const leadA = await login(hall.url, 'leadA', 'demo');
    const scoped = await getReport(hall, leadA, 'period=day&date=2026-11-24&by=zone');
    expect(scoped.zoneIds).toEqual(['A']);
    expect(scoped.rows.map((r) => r.key)).toEqual(['A']);
    const { key: _k, name: _name, ...zoneAFigures } = ZONE_A;
    expect(scoped.total).toMatchObject(zoneAFigures);
    const scopedWindows = await getReport(hall, leadA, 'period=day&date=2026-11-24&by=window');
    expect(scopedWindows.rows.map((r) => r.key)).toEqual(['1', '2', '']);

    // Excel: header block, bold frozen header row, number formats, figures, 合计, 每日.
    const xlsx = await download(
      hall,
      admin,
      '/api/v1/reports/export?format=xlsx&period=day&date=2026-11-24&by=zone',
    );
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    expect(xlsx.disposition).toContain('hallq-report-zone-2026-11-24.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['按专区', '每日']);
    const sheet = book.getWorksheet('按专区') as ExcelJS.Worksheet;
    expect(cellValues(sheet, 1)).toEqual(['大厅', '玉山县行政服务中心']);
    expect(cellValues(sheet, 2)).toEqual(['统计周期', '2026-11-24（日报）']);
    expect(String(cellValues(sheet, 4)[1])).toMatch(/^2026-11-24 10:55$/);
    const header = rowOf(sheet, '专区');
    expect(header).toBe(6);
    expect(cellValues(sheet, header).slice(0, 8)).toEqual([
      '专区',
      '取号量',
      '受理量',
      '办结量',
      '过号',
      '转办',
      '取消',
      '平均等候(分钟)',
    ]);
    expect(sheet.getRow(header).font.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: header, xSplit: 1 });
    const zoneA = sheet.getRow(rowOf(sheet, '不动产登记专区'));
    expect(zoneA.getCell(2).value).toBe(8);
    expect(zoneA.getCell(4).value).toBe(5);
    expect(zoneA.getCell(8).value).toBeCloseTo(12.8, 9);
    expect(zoneA.getCell(8).numFmt).toBe('0.0');
    expect(zoneA.getCell(12).value).toBeCloseTo(0.8, 9);
    expect(zoneA.getCell(12).numFmt).toBe('0.0%');
    expect(zoneA.getCell(20).value).toBeCloseTo(2 / 3, 9); // 好评率
    expect(zoneA.getCell(19).value).toBe(1); // 申诉成功(不计入)
    const total = sheet.getRow(rowOf(sheet, '合计'));
    expect(total.getCell(2).value).toBe(10);
    expect(total.getCell(8).value).toBeCloseTo(917_143 / MIN, 9);
    expect(total.font.bold).toBe(true);
    const daily = book.getWorksheet('每日') as ExcelJS.Worksheet;
    expect(cellValues(daily, rowOf(daily, '2026-11-24')).slice(0, 3)).toEqual([
      '2026-11-24',
      10,
      7,
    ]);

    // CSV: UTF-8 with BOM, CRLF, a quoted name with a comma, the same figures.
    const renamed = await hall.server.hall.changeConfig(
      { kind: 'staff', staffId: staffId('admin'), role: 'admin', windowId: null, zoneIds: [] },
      'zones',
      (current) => ({
        ...current,
        zones: current.zones.map((z) =>
          z.id === 'A' ? { ...z, name: '不动产登记专区, "一楼"' } : z,
        ),
      }),
      null,
    );
    expect(renamed.ok).toBe(true);
    const csv = await download(
      hall,
      admin,
      '/api/v1/reports/export?format=csv&period=day&date=2026-11-24&by=zone',
    );
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.body.toString('utf8').slice(1);
    expect(text).toContain('"不动产登记专区, ""一楼"""');
    const rows = parseCsv(text);
    expect(rows[0]?.slice(0, 4)).toEqual(['专区', '取号量', '受理量', '办结量']);
    expect(rows[1]?.slice(0, 4)).toEqual(['不动产登记专区, "一楼"', '8', '6', '5']);
    expect(rows[1]?.[7]).toBe('12.8'); // mean wait, minutes
    expect(rows[1]?.[19]).toBe('66.7%'); // 好评率 2/3
    expect(rows.at(-1)?.slice(0, 4)).toEqual(['合计', '10', '8', '7']);
    expect(rows.at(-1)?.[7]).toBe('15.3'); // 107 / 7 = 15.29 min
  });
});

describe('reports over several days, the monthly summary and refusals', () => {
  it('aggregates weeks, months and custom ranges, and reads the summary back', async () => {
    // One served ticket per day, each at window 1 (bdc-transfer), with wait = day-of-month
    // minutes and handling 10 min: 2026-11-20 (Fri), 23 (Mon), 24 (Tue), 30 (Mon), 12-01.
    const days = ['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-30', '2026-12-01'];
    const hall = await startTestHall({ start: Date.parse('2026-11-20T02:00:00Z') });
    try {
      const desk = new Desk(hall);
      await desk.open([1]);
      const waits: number[] = [];
      for (const day of days) {
        const base = Date.parse(`${day}T02:00:00Z`); // 10:00 Asia/Shanghai
        const wait = Number(day.slice(8));
        waits.push(wait);
        desk.at(base, 0);
        // The day closes first; it signs the clerks out, so sign in again.
        await hall.server.hall.rolloverIfDue();
        desk.tokens.set(1, await loginClerk(hall.url, 1));
        desk.admin = await loginAdmin(hall.url);
        const id = await desk.serve(base, 'bdc-transfer', 1, 0, wait, wait + 10);
        desk.at(base, wait + 10.5);
        await desk.rate(id, day === '2026-11-23' ? 'dissatisfied' : 'satisfied');
      }
      const admin = desk.admin;

      // Week of Tue 24: Mon 23 (wait 23) and Tue 24 (wait 24).
      const week = await getReport(hall, admin, 'period=week&date=2026-11-24');
      expect(week.total).toMatchObject({
        issued: 2,
        served: 2,
        meanWaitMs: 23.5 * MIN,
        p90WaitMs: 24 * MIN,
        withinTarget: 0, // both over 20 min
        rated: 2,
        goodRate: 0.5,
      });
      // Week of Sun 29 is still Mon 23 – Sun 29.
      expect(await getReport(hall, admin, 'period=week&date=2026-11-29')).toMatchObject({
        from: '2026-11-23',
        to: '2026-11-29',
      });
      // November: 20, 23, 24, 30 → waits 20, 23, 24, 30.
      const month = await getReport(hall, admin, 'period=month&date=2026-11');
      expect(month).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
      expect(month.total).toMatchObject({
        issued: 4,
        served: 4,
        meanWaitMs: 24.25 * MIN, // 97 / 4
        p90WaitMs: 30 * MIN, // rank ⌈3.6⌉ = 4
        meanHandlingMs: 10 * MIN,
        withinTarget: 1, // 20 ≤ 20
        withinTargetRate: 0.25,
      });
      expect(month.total.days).toHaveLength(30);
      expect(month.total.days.filter((d) => d.issued > 0).map((d) => d.day)).toEqual([
        '2026-11-20',
        '2026-11-23',
        '2026-11-24',
        '2026-11-30',
      ]);
      // Custom 24 Nov – 1 Dec: waits 24, 30, 1.
      const custom = await getReport(hall, admin, 'period=custom&from=2026-11-24&to=2026-12-01');
      expect(custom.total).toMatchObject({
        issued: 3,
        meanWaitMs: (55 / 3) * MIN, // 18.33 min, rounded to whole ms below
        withinTarget: 1,
      });

      // Monthly summary (JSON): November.
      const summary = await api<RestData<Record<string, unknown>>>(
        hall.url,
        'GET',
        '/api/v1/reports/monthly?month=2026-11',
        { token: admin },
      );
      expect(summary.status).toBe(200);
      expect(summary.body.data).toMatchObject({
        month: '2026-11',
        overWait: 3, // 23, 24, 30 > 20
        windows: { configured: 108, active: 1 },
        total: { issued: 4, served: 4, rated: 4 },
      });

      // Monthly summary (Excel) read back.
      const file = await download(hall, admin, '/api/v1/reports/monthly?month=2026-11&format=xlsx');
      expect(file.status).toBe(200);
      expect(file.disposition).toContain('hallq-monthly-2026-11.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file.body as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('统一情况汇总') as ExcelJS.Worksheet;
      expect(sheet.getRow(1).getCell(1).value).toBe(
        '玉山县行政服务中心2026年11月政务服务运行情况统一汇总表',
      );
      for (const title of [
        '一、总体情况',
        '二、分专区情况',
        '三、分事项情况',
        '四、好差评情况',
        '五、差评整改情况',
      ]) {
        expect(rowOf(sheet, title)).toBeGreaterThan(2);
      }
      const overall = rowOf(sheet, '取号量');
      expect(cellValues(sheet, overall + 1).slice(0, 3)).toEqual([4, 4, 4]);
      expect(sheet.getRow(overall + 1).getCell(6).value).toBeCloseTo(24.25, 9);
      expect(sheet.getRow(overall + 1).getCell(8).value).toBe(3); // 超时等候数
      const zoneA = sheet.getRow(rowOf(sheet, '不动产登记专区'));
      expect(zoneA.getCell(2).value).toBe(22); // windows 1–22
      expect(zoneA.getCell(3).value).toBe(4);
      const service = sheet.getRow(rowOf(sheet, '不动产转移登记', 2));
      expect(service.getCell(1).value).toBe('不动产登记专区');
      expect(service.getCell(5).value).toBe(4);
      const ratings = rowOf(sheet, '评价数');
      // 4 rated: 3 满意, 1 不满意 → 好评率 3/4.
      expect(cellValues(sheet, ratings + 1)).toEqual([4, 0, 3, 0, 1, 0, 1, 0, expect.any(Number)]);
      expect(sheet.getRow(ratings + 1).getCell(9).value).toBeCloseTo(0.75, 9);
      expect(rowOf(sheet, '差评工单数')).toBeGreaterThan(ratings);
    } finally {
      await hall.close();
    }
  });

  it('refuses bad parameters with 400 and strangers with 401/403, changing nothing', async () => {
    const hall = await startTestHall();
    try {
      const admin = await loginAdmin(hall.url);
      const clerk = await loginClerk(hall.url, 1);
      for (const query of [
        'period=day',
        'period=day&date=2026-02-30',
        'period=week&date=26-11-24',
        'period=month&date=2026-13',
        'period=custom&from=2026-11-24',
        'period=custom&from=2026-11-25&to=2026-11-24',
        'period=custom&from=2025-01-01&to=2026-12-31',
        'period=year&date=2026-11-24',
        'period=day&date=2026-11-24&by=floor',
        'period=day&date=2026-11-24&extra=1',
      ]) {
        const reply = await api<RestError>(hall.url, 'GET', `/api/v1/reports?${query}`, {
          token: admin,
        });
        expect(reply.status, query).toBe(400);
        expect(reply.body.error.code).toBe('validation');
        expect(reply.body.error.message.length).toBeGreaterThan(10);
      }
      const noFormat = await api<RestError>(
        hall.url,
        'GET',
        '/api/v1/reports/export?period=day&date=2026-11-24',
        { token: admin },
      );
      expect(noFormat.status).toBe(400);
      for (const month of ['2026-13', '2026-1', '', '2026-11-01']) {
        const reply = await api<RestError>(
          hall.url,
          'GET',
          `/api/v1/reports/monthly?month=${month}`,
          { token: admin },
        );
        expect(reply.status, month).toBe(400);
      }
      for (const path of [
        '/api/v1/reports?period=day&date=2026-11-24',
        '/api/v1/reports/export?format=csv&period=day&date=2026-11-24',
        '/api/v1/reports/monthly?month=2026-11',
      ]) {
        expect((await api(hall.url, 'GET', path)).status).toBe(401);
        expect((await api(hall.url, 'GET', path, { token: 'nonsense' })).status).toBe(401);
        expect((await api(hall.url, 'GET', path, { token: clerk })).status).toBe(403);
      }
    } finally {
      await hall.close();
    }
  });
});
