/**
 * The queue ticket (号票) as a receipt document: the same layout for the thermal printer, the
 * on-screen ticket and previews. Pure: time arrives already formatted by the caller (in the
 * hall's time zone), the tracking URL is built by the caller.
 */
import type { HallConfig, PriorityClass, Ticket } from '../domain/model.ts';
import { localParts } from '../domain/time.ts';
import type { TicketInfo } from '../protocol/contract.ts';
import { textColumns, wrapText } from './columns.ts';
import {
  paperColumns,
  type Align,
  type CharSize,
  type ReceiptDocument,
  type ReceiptLine,
} from './document.ts';

/** Per-hall choices for the ticket. */
export interface ReceiptTemplate {
  /** Print the hall logo raster at the top (the printer side supplies the bitmap). */
  readonly logo: boolean;
  /** Print the service's required materials (一次性告知). */
  readonly printMaterials: boolean;
  /** The notice at the bottom; null = the default, '' = none. */
  readonly footer: string | null;
  /** The notice on English tickets; null = the default English one, '' = none. */
  readonly footerEn: string | null;
  /** A line under the hall name (e.g. 请留意叫号屏幕和语音提示); '' = none. */
  readonly header: string;
  /** The header on English tickets; '' = the Chinese one. */
  readonly headerEn: string;
  /** Print the QR code of the ticket's phone page (and the line inviting to scan it). */
  readonly qr: boolean;
}

export const DEFAULT_RECEIPT_TEMPLATE: ReceiptTemplate = {
  logo: false,
  printMaterials: false,
  footer: null,
  footerEn: null,
  header: '',
  headerEn: '',
  qr: true,
};

/**
 * The ticket template in force: what the hall's template (config.ticket, edited in the admin
 * console) sets, else what the kiosk's binding sets, else today's built-in layout (no header,
 * the built-in footer, QR code, no materials). Only fields the hall's template actually holds
 * apply, so a hall that never saved one prints the same bytes as before the console existed;
 * the console shows `ticketTemplateOf`'s suggestions until it saves them. A footer set on one
 * kiosk's binding still wins over the hall's (a kiosk at a special place, e.g. the 导办台).
 */
export function receiptTemplateOf(
  config: HallConfig,
  kiosk: Partial<Pick<ReceiptTemplate, 'printMaterials' | 'footer' | 'footerEn'>> = {},
): ReceiptTemplate {
  const hall = config.ticket ?? {};
  return {
    logo: false, // no logo bitmap until the admin console uploads one
    printMaterials:
      hall.printMaterials ?? kiosk.printMaterials ?? DEFAULT_RECEIPT_TEMPLATE.printMaterials,
    footer: kiosk.footer ?? hall.footer ?? null,
    footerEn: kiosk.footerEn ?? hall.footerEn ?? null,
    header: hall.header ?? '',
    headerEn: hall.headerEn ?? '',
    qr: hall.qr ?? true,
  };
}

export interface TicketReceiptInput {
  readonly ticket: Ticket;
  readonly ahead: number;
  /** null when no window is open for the service. */
  readonly estimatedWaitMs: number | null;
  readonly config: HallConfig;
  /** Issue time in the hall's time zone, formatted by the caller (e.g. 2026-11-24 10:00). */
  readonly issuedAtText: string;
  /** Encoded in the QR code: where the visitor follows the ticket. */
  readonly trackingUrl: string;
  readonly paper: 58 | 80;
  readonly template?: Partial<ReceiptTemplate>;
  readonly lang?: 'zh-CN' | 'en';
}

interface Words {
  readonly zone: (id: string, name: string) => string;
  readonly waitAt: (location: string) => string;
  readonly priority: Readonly<Record<Exclude<PriorityClass, 'normal'>, string>>;
  readonly ahead: (n: number) => string;
  readonly wait: (ms: number | null) => string;
  readonly issuedAt: (text: string) => string;
  readonly scan: string;
  readonly materials: string;
  readonly footer: string;
  readonly separator: string;
}

const ZH: Words = {
  zone: (id, name) => `${id}区 ${name}`,
  waitAt: (location) => `请在${location}等候`,
  priority: {
    elderly: '绿色通道 · 70 岁以上老人',
    disabled: '绿色通道 · 残疾人',
    pregnant: '绿色通道 · 孕妇',
    military: '绿色通道 · 军人依法优先',
    appointment: '预约',
  },
  ahead: (n) => `前面等候：${n} 人`,
  wait: (ms) =>
    ms === null
      ? '预计等候：暂无窗口办理'
      : ms < 60_000
        ? '预计等候：不到 1 分钟'
        : `预计等候：约 ${Math.round(ms / 60_000)} 分钟`,
  issuedAt: (text) => `取号时间：${text}`,
  scan: '扫码查看排队进度',
  materials: '一次性告知：请准备以下材料',
  footer: '请留意叫号，过号请到原窗口说明',
  separator: ' ',
};

const EN: Words = {
  zone: (id, name) => `Zone ${id}: ${name}`,
  waitAt: (location) => `Please wait at: ${location}`,
  priority: {
    elderly: 'Priority: aged 70 or over',
    disabled: 'Priority: disabled',
    pregnant: 'Priority: pregnant',
    military: 'Priority: military (by law)',
    appointment: 'Appointment',
  },
  ahead: (n) => `People ahead: ${n}`,
  wait: (ms) =>
    ms === null
      ? 'Estimated wait: no window open now'
      : ms < 60_000
        ? 'Estimated wait: under 1 min'
        : `Estimated wait: about ${Math.round(ms / 60_000)} min`,
  issuedAt: (text) => `Issued: ${text}`,
  scan: 'Scan to follow your place in the queue',
  materials: 'Please have these documents ready',
  footer: 'Please listen for your number. If you miss it, tell the window that called it.',
  separator: ' · ',
};

interface TextStyle {
  readonly align?: Align;
  readonly width?: CharSize;
  readonly height?: CharSize;
  readonly bold?: boolean;
}

/** The given text wrapped to the paper at its width multiplier, one line each. */
function textLines(text: string, paper: 58 | 80, style: TextStyle = {}): ReceiptLine[] {
  const width = style.width ?? 1;
  return wrapText(text, paperColumns(paper) / width).map((line) => ({
    kind: 'text',
    text: line,
    align: style.align ?? 'left',
    width,
    height: style.height ?? width,
    bold: style.bold ?? false,
  }));
}

/** The largest size up to `preferred` at which the text fits on one line of the paper. */
function fittingSize(text: string, paper: 58 | 80, preferred: CharSize): CharSize {
  let size: CharSize = preferred;
  while (size > 1 && textColumns(text) * size > paperColumns(paper)) size = (size - 1) as CharSize;
  return size;
}

/**
 * A heading: double width and height when it fits on one line, else double height only (a
 * narrow hall name wrapped at double width would strand its last character).
 */
function headingLines(text: string, paper: 58 | 80, align: Align = 'center'): ReceiptLine[] {
  const width: CharSize = textColumns(text) * 2 <= paperColumns(paper) ? 2 : 1;
  return textLines(text, paper, { align, width, height: 2, bold: true });
}

/** A numbered list item with its continuation lines indented under the text. */
function listItem(index: number, text: string, paper: 58 | 80): ReceiptLine[] {
  const marker = `${index}. `;
  const indent = ' '.repeat(marker.length);
  return wrapText(text, paperColumns(paper) - marker.length).map((line, i) => ({
    kind: 'text',
    text: (i === 0 ? marker : indent) + line,
    align: 'left',
    width: 1,
    height: 1,
    bold: false,
  }));
}

/**
 * Lays out a queue ticket: logo, hall name, zone and where to wait, the big number, service,
 * priority class, people ahead, estimated wait, issue time, QR code with the tracking URL,
 * the materials (一次性告知) when the template asks, the footer notice, then feed and cut.
 * Every text line fits the paper's columns at its width multiplier.
 */
export function ticketReceipt(input: TicketReceiptInput): ReceiptDocument {
  const { ticket, config, paper } = input;
  const en = input.lang === 'en';
  const words = en ? EN : ZH;
  const template: ReceiptTemplate = { ...DEFAULT_RECEIPT_TEMPLATE, ...input.template };
  const pick = (zh: string, english: string): string => (en && english !== '' ? english : zh);
  const service = config.services.find((s) => s.id === ticket.serviceId);
  const zone = config.zones.find((z) => z.id === service?.zoneId);
  const floor = config.floors.find((f) => f.id === zone?.floorId);

  const lines: ReceiptLine[] = [];
  if (template.logo) lines.push({ kind: 'logo' });
  lines.push(...headingLines(pick(config.hall.name, config.hall.nameEn), paper));
  const header = pick(template.header, template.headerEn);
  if (header !== '') lines.push(...textLines(header, paper, { align: 'center', bold: true }));
  if (zone !== undefined) {
    const where = [floor === undefined ? '' : pick(floor.name, floor.nameEn)]
      .concat(words.zone(zone.id, pick(zone.name, zone.nameEn)))
      .filter((part) => part !== '')
      .join(words.separator);
    lines.push(...textLines(where, paper, { align: 'center' }));
    const location = pick(zone.location, zone.locationEn);
    if (location !== '')
      lines.push(...textLines(words.waitAt(location), paper, { align: 'center' }));
  }
  lines.push({ kind: 'rule' });

  // The number is what the visitor watches the screens for: as large as the paper allows.
  const numberSize = fittingSize(ticket.number, paper, paper === 80 ? 6 : 4);
  lines.push({ kind: 'feed', lines: 1 });
  lines.push(
    ...textLines(ticket.number, paper, { align: 'center', width: numberSize, bold: true }),
  );
  lines.push({ kind: 'feed', lines: 1 });
  if (service !== undefined) lines.push(...headingLines(pick(service.name, service.nameEn), paper));
  if (ticket.priority !== 'normal') {
    lines.push(
      ...textLines(words.priority[ticket.priority], paper, { align: 'center', bold: true }),
    );
  }
  lines.push({ kind: 'rule' });

  lines.push(...textLines(words.ahead(input.ahead), paper, { bold: true }));
  lines.push(...textLines(words.wait(input.estimatedWaitMs), paper));
  lines.push(...textLines(words.issuedAt(input.issuedAtText), paper));
  lines.push({ kind: 'rule' });

  if (template.qr) {
    lines.push({
      kind: 'qr',
      data: input.trackingUrl,
      moduleSize: paper === 80 ? 7 : 5,
      align: 'center',
    });
    // Printers add no quiet zone below the code; text right under it hampers phone scanners.
    lines.push({ kind: 'feed', lines: 1 });
    lines.push(...textLines(words.scan, paper, { align: 'center' }));
  }

  const materials =
    service === undefined
      ? []
      : en && service.materialsEn.length > 0
        ? service.materialsEn
        : service.materials;
  if (template.printMaterials && materials.length > 0) {
    // Without a QR code the rule above already separates the materials.
    if (template.qr) lines.push({ kind: 'rule' });
    lines.push(...textLines(words.materials, paper, { bold: true }));
    materials.forEach((item, i) => lines.push(...listItem(i + 1, item, paper)));
  }

  const footer = en ? (template.footerEn ?? EN.footer) : (template.footer ?? ZH.footer);
  if (footer !== '') {
    const last = lines[lines.length - 1];
    if (last?.kind !== 'rule') lines.push({ kind: 'rule' });
    lines.push(...textLines(footer, paper, { align: 'center' }));
  }
  // The cutter sits a few lines above the print head: feed the last text past it.
  lines.push({ kind: 'feed', lines: 4 });
  return { paper, lines, cut: true };
}

/** What a kiosk's device binding says about its tickets (shared/src/protocol/devices.ts). */
export interface KioskTicketSettings {
  readonly paper: 58 | 80;
  readonly printMaterials: boolean;
  readonly footer: string | null;
  readonly footerEn: string | null;
}

/**
 * The ticket a kiosk prints for an issued ticket, as the server's print relay (web kiosks)
 * and the hall client's printer bridge (Electron kiosks) both print it: issue time in the
 * hall's time zone, the tracking URL on the server the kiosk uses, the hall's ticket
 * template over the binding's settings ({@link receiptTemplateOf}).
 */
export function kioskTicketReceipt(input: {
  readonly info: TicketInfo;
  readonly config: HallConfig;
  readonly settings: KioskTicketSettings;
  /** The hall server's origin as the kiosk reaches it, e.g. http://192.168.1.10:8080. */
  readonly serverOrigin: string;
  readonly lang: 'zh-CN' | 'en';
}): ReceiptDocument {
  const { info, config, settings } = input;
  const issued = localParts(info.ticket.issuedAt, config.hall.timeZone);
  return ticketReceipt({
    ticket: info.ticket,
    ahead: info.ahead,
    estimatedWaitMs: info.estimatedWaitMs,
    config,
    issuedAtText: `${issued.date} ${issued.time}`,
    // The same URL the kiosk shows on screen.
    trackingUrl: `${input.serverOrigin}/api/v1/tickets/${info.ticket.id}`,
    paper: settings.paper,
    template: receiptTemplateOf(config, settings),
    lang: input.lang,
  });
}
