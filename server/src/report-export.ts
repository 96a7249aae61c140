/**
 * Report files for people who work in Excel: `.xlsx` (exceljs) with a header block, a bold
 * frozen header row and real number formats, and CSV in UTF-8 with a BOM (without it Excel
 * on a Chinese Windows reads the file as GBK and shows mojibake). Headers are Chinese: the
 * files go to the centre's staff and up to the supervising office.
 */
import ExcelJS from 'exceljs';
import {
  RATING_SCORES,
  localParts,
  type PeriodReport,
  type RatingScore,
  type ReportGrouping,
  type ReportPeriod,
  type ReportRow,
} from '@hallq/shared';
import type { MonthlySummary } from './report-figures.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

const MINUTES = '0.0';
const PERCENT = '0.0%';

export const GROUPING_ZH: Readonly<Record<ReportGrouping, string>> = {
  hall: '全厅',
  zone: '专区',
  service: '事项',
  window: '窗口',
  clerk: '人员',
};

const PERIOD_ZH: Readonly<Record<ReportPeriod, string>> = {
  day: '日报',
  week: '周报',
  month: '月报',
  custom: '自定义',
};

const RATING_ZH: Readonly<Record<RatingScore, string>> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

type Kind = 'count' | 'minutes' | 'percent' | 'text';

interface Column {
  readonly header: string;
  readonly kind: Kind;
  readonly width: number;
  readonly value: (row: ReportRow) => string | number | null;
}

function minutes(ms: number | null): number | null {
  return ms === null ? null : ms / 60_000;
}

/** The columns of a report line, shared by the xlsx sheet and the CSV. */
function rowColumns(by: ReportGrouping): readonly Column[] {
  return [
    { header: GROUPING_ZH[by], kind: 'text', width: 22, value: (r) => r.name },
    { header: '取号量', kind: 'count', width: 9, value: (r) => r.issued },
    { header: '受理量', kind: 'count', width: 9, value: (r) => r.called },
    { header: '办结量', kind: 'count', width: 9, value: (r) => r.served },
    { header: '过号', kind: 'count', width: 7, value: (r) => r.noShow },
    { header: '转办', kind: 'count', width: 7, value: (r) => r.transferred },
    { header: '取消', kind: 'count', width: 7, value: (r) => r.cancelled },
    { header: '平均等候(分钟)', kind: 'minutes', width: 14, value: (r) => minutes(r.meanWaitMs) },
    { header: 'P90等候(分钟)', kind: 'minutes', width: 14, value: (r) => minutes(r.p90WaitMs) },
    {
      header: '平均办理(分钟)',
      kind: 'minutes',
      width: 14,
      value: (r) => minutes(r.meanHandlingMs),
    },
    { header: 'P90办理(分钟)', kind: 'minutes', width: 14, value: (r) => minutes(r.p90HandlingMs) },
    { header: '目标内办结率', kind: 'percent', width: 12, value: (r) => r.withinTargetRate },
    ...RATING_SCORES.map((score): Column => ({
      header: RATING_ZH[score],
      kind: 'count',
      width: 9,
      value: (r) => r.ratings[score],
    })),
    { header: '评价数', kind: 'count', width: 8, value: (r) => r.rated },
    { header: '申诉成功(不计入)', kind: 'count', width: 15, value: (r) => r.appealVoided },
    { header: '好评率', kind: 'percent', width: 9, value: (r) => r.goodRate },
  ];
}

function stamp(at: number, timeZone: string): string {
  const { date, time } = localParts(at, timeZone);
  return `${date} ${time}`;
}

function periodText(report: { period: ReportPeriod; from: string; to: string }): string {
  return report.from === report.to
    ? `${report.from}（${PERIOD_ZH[report.period]}）`
    : `${report.from} 至 ${report.to}（${PERIOD_ZH[report.period]}）`;
}

function formatColumn(sheet: ExcelJS.Worksheet, index: number, column: Column): void {
  const col = sheet.getColumn(index);
  col.width = column.width;
  if (column.kind === 'minutes') col.numFmt = MINUTES;
  if (column.kind === 'percent') col.numFmt = PERCENT;
}

function headerBlock(
  sheet: ExcelJS.Worksheet,
  lines: readonly (readonly [string, string])[],
): void {
  for (const [label, text] of lines) {
    const row = sheet.addRow([label, text]);
    row.getCell(1).font = { bold: true };
  }
  sheet.addRow([]);
}

function boldRow(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

/** The period report as a workbook: the grouped lines (with a 合计 line) and a 每日 sheet. */
export async function reportXlsx(report: PeriodReport, timeZone: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HallQ';
  workbook.created = new Date(report.generatedAt);
  const block = [
    ['大厅', report.hall.name],
    ['统计周期', periodText(report)],
    ['统计口径', `按${GROUPING_ZH[report.by]}；等候目标 ${String(report.waitTargetMin)} 分钟`],
    ['生成时间', stamp(report.generatedAt, timeZone)],
  ] as const;

  const columns = rowColumns(report.by);
  const sheet = workbook.addWorksheet(`按${GROUPING_ZH[report.by]}`);
  headerBlock(sheet, block);
  boldRow(sheet.addRow(columns.map((c) => c.header)));
  const headerRow = block.length + 2;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow }];
  columns.forEach((column, i) => {
    formatColumn(sheet, i + 1, column);
  });
  const lines = report.by === 'hall' ? [report.total] : [...report.rows, report.total];
  for (const line of lines) {
    const values = columns.map((c) => c.value(line));
    if (report.by !== 'hall' && line === report.total) values[0] = '合计';
    const row = sheet.addRow(values);
    if (line === report.total && report.by !== 'hall') row.font = { bold: true };
  }

  const daily = workbook.addWorksheet('每日');
  headerBlock(daily, block);
  const dayColumns = ['日期', '取号量', '办结量', '平均等候(分钟)'];
  boldRow(daily.addRow(dayColumns));
  daily.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow }];
  daily.getColumn(1).width = 12;
  daily.getColumn(4).numFmt = MINUTES;
  daily.getColumn(4).width = 14;
  for (const day of report.total.days) {
    daily.addRow([day.day, day.issued, day.served, minutes(day.meanWaitMs)]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvValue(column: Column, value: string | number | null): string | number | null {
  if (typeof value !== 'number') return value;
  if (column.kind === 'minutes') return value.toFixed(1);
  if (column.kind === 'percent') return `${(value * 100).toFixed(1)}%`;
  return value;
}

/** The period report's lines as CSV (UTF-8 with BOM, CRLF), the 合计 line last. */
export function reportCsv(report: PeriodReport): Buffer {
  const columns = rowColumns(report.by);
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  const rows = report.by === 'hall' ? [report.total] : [...report.rows, report.total];
  for (const row of rows) {
    lines.push(
      columns
        .map((column, i) => {
          const value =
            i === 0 && row === report.total && report.by !== 'hall'
              ? '合计'
              : csvValue(column, column.value(row));
          return csvField(value);
        })
        .join(','),
    );
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The file name of a download, ASCII-safe: `hallq-report-zone-2026-11-01-2026-11-30.xlsx`. */
export function reportFileName(
  kind: string,
  from: string,
  to: string,
  extension: 'xlsx' | 'csv',
): string {
  return from === to
    ? `hallq-${kind}-${from}.${extension}`
    : `hallq-${kind}-${from}-${to}.${extension}`;
}

/** The monthly 统一情况汇总 as one sheet in the sections a centre's summary has. */
export async function monthlyXlsx(summary: MonthlySummary, timeZone: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HallQ';
  workbook.created = new Date(summary.generatedAt);
  const sheet = workbook.addWorksheet('统一情况汇总');
  const [year, month] = summary.month.split('-');
  const title = sheet.addRow([
    `${summary.hall.name}${String(year)}年${String(Number(month))}月政务服务运行情况统一汇总表`,
  ]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, 11);
  sheet.addRow([
    `统计周期：${summary.from} 至 ${summary.to}`,
    '',
    '',
    '',
    '',
    `生成时间：${stamp(summary.generatedAt, timeZone)}`,
  ]);
  sheet.addRow([]);
  const widths = [20, 22, 10, 10, 10, 14, 14, 12, 10, 10, 10];
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });

  const section = (text: string): void => {
    sheet.addRow([text]).font = { bold: true, size: 12 };
  };
  const format = (row: ExcelJS.Row, kinds: readonly Kind[]): void => {
    kinds.forEach((kind, i) => {
      if (kind === 'minutes') row.getCell(i + 1).numFmt = MINUTES;
      if (kind === 'percent') row.getCell(i + 1).numFmt = PERCENT;
    });
  };
  const { total, workOrders } = summary;

  section('一、总体情况');
  boldRow(
    sheet.addRow([
      '取号量',
      '受理量',
      '办结量',
      '过号',
      '转办',
      '平均等候时长(分钟)',
      '平均办理时长(分钟)',
      `超时等候数(>${String(summary.waitTargetMin)}分钟)`,
      '窗口数',
      '启用窗口数',
      '目标内办结率',
    ]),
  );
  format(
    sheet.addRow([
      total.issued,
      total.called,
      total.served,
      total.noShow,
      total.transferred,
      minutes(total.meanWaitMs),
      minutes(total.meanHandlingMs),
      summary.overWait,
      summary.windows.configured,
      summary.windows.active,
      total.withinTargetRate,
    ]),
    [
      'count',
      'count',
      'count',
      'count',
      'count',
      'minutes',
      'minutes',
      'count',
      'count',
      'count',
      'percent',
    ],
  );
  sheet.addRow([]);

  const lineHeaders = [
    '取号量',
    '受理量',
    '办结量',
    '平均等候(分钟)',
    '平均办理(分钟)',
    '超时等候数',
    '评价数',
    '好评率',
    '差评数',
  ];
  const lineKinds: readonly Kind[] = [
    'count',
    'count',
    'count',
    'minutes',
    'minutes',
    'count',
    'count',
    'percent',
    'count',
  ];
  const lineValues = (row: ReportRow): (number | null)[] => [
    row.issued,
    row.called,
    row.served,
    minutes(row.meanWaitMs),
    minutes(row.meanHandlingMs),
    row.served - row.withinTarget,
    row.rated,
    row.goodRate,
    row.ratings.dissatisfied + row.ratings.very_dissatisfied,
  ];

  section('二、分专区情况');
  boldRow(sheet.addRow(['专区', '窗口数', ...lineHeaders]));
  for (const zone of summary.zones) {
    format(sheet.addRow([zone.name, zone.windows, ...lineValues(zone)]), [
      'text',
      'count',
      ...lineKinds,
    ]);
  }
  sheet.addRow([]);

  section('三、分事项情况');
  boldRow(sheet.addRow(['专区', '事项', ...lineHeaders]));
  for (const service of summary.services) {
    format(sheet.addRow([service.zoneName, service.name, ...lineValues(service)]), [
      'text',
      'text',
      ...lineKinds,
    ]);
  }
  sheet.addRow([]);

  section('四、好差评情况');
  const bad = total.ratings.dissatisfied + total.ratings.very_dissatisfied;
  boldRow(
    sheet.addRow([
      '评价数',
      ...RATING_SCORES.map((score) => RATING_ZH[score]),
      '差评数',
      '申诉成功(不计入)',
      '好评率',
    ]),
  );
  format(
    sheet.addRow([
      total.rated,
      ...RATING_SCORES.map((score) => total.ratings[score]),
      bad,
      total.appealVoided,
      total.goodRate,
    ]),
    ['count', 'count', 'count', 'count', 'count', 'count', 'count', 'count', 'percent'],
  );
  sheet.addRow([]);

  section('五、差评整改情况');
  boldRow(
    sheet.addRow([
      '差评工单数',
      '已回访',
      '回访率',
      '已整改',
      '整改率',
      '申诉成功',
      '已办结',
      '逾期未办',
    ]),
  );
  format(
    sheet.addRow([
      workOrders.opened,
      workOrders.calledBack,
      workOrders.callbackRate,
      workOrders.rectified,
      workOrders.rectifyRate,
      workOrders.appealAccepted,
      workOrders.closed,
      workOrders.overdue,
    ]),
    ['count', 'count', 'percent', 'count', 'percent', 'count', 'count', 'count'],
  );
  sheet.addRow([]);
  sheet.addRow([
    `说明：好评率 = (非常满意 + 满意 + 基本满意) / (评价数 − 申诉成功的差评)；整改率 = 已整改 / (工单数 − 申诉成功)；超时等候 = 等候超过 ${String(summary.waitTargetMin)} 分钟的办结件。`,
  ]);
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
