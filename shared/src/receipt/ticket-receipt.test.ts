import { describe, expect, it } from 'vitest';
import { demoHallConfig } from '../demo-hall/index.ts';
import { serviceId } from '../domain/ids.ts';
import type { HallConfig, Ticket } from '../domain/model.ts';
import { makeTicket } from '../testing/factories.ts';
import { textColumns } from './columns.ts';
import { paperColumns, type ReceiptDocument, type ReceiptLine } from './document.ts';
import {
  kioskTicketReceipt,
  receiptTemplateOf,
  ticketReceipt,
  type KioskTicketSettings,
  type TicketReceiptInput,
} from './ticket-receipt.ts';

const config: HallConfig = demoHallConfig();
const URL = 'http://192.168.10.2:8080/api/v1/tickets/20261124-A003';
const ticket: Ticket = makeTicket({ number: 'A003', serviceId: serviceId('bdc-transfer') });

function receipt(overrides: Partial<TicketReceiptInput> = {}): ReceiptDocument {
  return ticketReceipt({
    ticket,
    ahead: 2,
    estimatedWaitMs: 12 * 60_000,
    config,
    issuedAtText: '2026-11-24 10:00',
    trackingUrl: URL,
    paper: 80,
    ...overrides,
  });
}

type TextLine = Extract<ReceiptLine, { kind: 'text' }>;

function texts(doc: ReceiptDocument): TextLine[] {
  return doc.lines.filter((line): line is TextLine => line.kind === 'text');
}

function allText(doc: ReceiptDocument): string {
  return texts(doc)
    .map((line) => line.text)
    .join('\n');
}

describe('ticketReceipt', () => {
  for (const paper of [58, 80] as const) {
    it(`fits every line into the ${paper} mm paper at its width multiplier`, () => {
      const long: HallConfig = {
        ...config,
        hall: { ...config.hall, name: '玉山县人民政府政务服务中心（市民之家）行政审批服务大厅' },
      };
      for (const doc of [
        receipt({ paper }),
        receipt({ paper, config: long, template: { printMaterials: true } }),
        receipt({ paper, lang: 'en', template: { printMaterials: true } }),
      ]) {
        expect(doc.paper).toBe(paper);
        for (const line of texts(doc)) {
          expect(textColumns(line.text) * line.width, line.text).toBeLessThanOrEqual(
            paperColumns(paper),
          );
          expect(line.text).not.toBe('');
        }
      }
    });
  }

  it('prints the number alone on its line, centered, bold and as large as the paper allows', () => {
    const wide = texts(receipt({ paper: 80 })).find((line) => line.text === 'A003');
    expect(wide).toMatchObject({ align: 'center', width: 6, height: 6, bold: true });
    const narrow = texts(receipt({ paper: 58 })).find((line) => line.text === 'A003');
    expect(narrow).toMatchObject({ align: 'center', width: 4, height: 4, bold: true });
    // A longer number shrinks until it fits: 9 characters × 5 = 45 ≤ 48.
    const long = makeTicket({ number: 'AB1234567', serviceId: serviceId('bdc-transfer') });
    const shrunk = texts(receipt({ ticket: long })).find((line) => line.text === 'AB1234567');
    expect(shrunk).toMatchObject({ width: 5, height: 5 });
  });

  it('lays out hall, where to wait, service, people ahead, wait, time, QR, footer, feed and cut', () => {
    const doc = receipt();
    const lines = texts(doc);
    expect(lines[0]).toMatchObject({ text: '玉山县行政服务中心', align: 'center', width: 2 });
    const text = allText(doc);
    expect(text).toContain('一楼 A区 不动产登记专区');
    expect(text).toContain('请在一楼大厅中央等候');
    expect(text).toContain('不动产转移登记');
    expect(text).toContain('前面等候：2 人');
    expect(text).toContain('预计等候：约 12 分钟');
    expect(text).toContain('取号时间：2026-11-24 10:00');
    expect(text).toContain('请留意叫号，过号请到原窗口说明');
    expect(text).not.toContain('绿色通道');
    expect(text).not.toContain('一次性告知');
    expect(doc.lines.filter((line) => line.kind === 'qr')).toEqual([
      { kind: 'qr', data: URL, moduleSize: 7, align: 'center' },
    ]);
    expect(doc.lines.some((line) => line.kind === 'rule')).toBe(true);
    expect(doc.lines.some((line) => line.kind === 'logo')).toBe(false);
    expect(doc.lines[doc.lines.length - 1]).toMatchObject({ kind: 'feed' });
    expect(doc.cut).toBe(true);
    // The order a visitor reads it in.
    const order = ['玉山县', 'A003', '不动产转移登记', '前面等候', '预计等候', '取号时间'];
    const positions = order.map((part) => lines.findIndex((line) => line.text.includes(part)));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('says when no window is open and names the priority class', () => {
    const green = receipt({
      ticket: { ...ticket, priority: 'elderly' },
      estimatedWaitMs: null,
    });
    expect(allText(green)).toContain('预计等候：暂无窗口办理');
    expect(allText(green)).toContain('绿色通道 · 70 岁以上老人');
    expect(allText(receipt({ ticket: { ...ticket, priority: 'appointment' } }))).toContain('预约');
    expect(allText(receipt({ estimatedWaitMs: 20_000 }))).toContain('不到 1 分钟');
  });

  it('lists the materials as a numbered list only when the template asks, with a logo on request', () => {
    const doc = receipt({ template: { printMaterials: true, logo: true } });
    const text = allText(doc);
    expect(text).toContain('一次性告知：请准备以下材料');
    expect(text).toContain('1. 买卖双方身份证明');
    expect(text).toContain('5. 婚姻状况证明');
    expect(doc.lines[0]).toEqual({ kind: 'logo' });
    // A service without materials prints no heading.
    const none = receipt({
      ticket: { ...ticket, serviceId: serviceId('no-such-service') },
      template: { printMaterials: true },
    });
    expect(allText(none)).not.toContain('一次性告知');
  });

  it('uses the template footer, or none for an empty one', () => {
    expect(allText(receipt({ template: { footer: '请保管好号票' } }))).toContain('请保管好号票');
    const bare = receipt({ template: { footer: '' } });
    expect(allText(bare)).not.toContain('请留意叫号');
  });

  it('prints in English with English names, materials and footer', () => {
    const doc = receipt({ lang: 'en', template: { printMaterials: true } });
    const text = allText(doc);
    expect(text).not.toMatch(/[\u4e00-\u9fff]/u);
    expect(text).toContain('People ahead: 2');
    expect(text).toContain('Estimated wait: about 12 min');
    expect(text).toContain('Issued: 2026-11-24 10:00');
    expect(text).toContain("1. Buyer's and seller's proof of identity");
    expect(text).toContain('Please listen for your number');
    // Wrapped at spaces: no English word is split across lines.
    for (const line of texts(doc)) expect(line.text).toBe(line.text.trim());
    const words = text.split(/\s+/u);
    expect(words).toContain('registration');
  });

  it('wraps a long materials item under its number', () => {
    const long = '申请人身份证明原件及复印件（委托办理的另需提供授权委托书和受托人身份证明）';
    const custom: HallConfig = {
      ...config,
      services: config.services.map((s) =>
        s.id === ticket.serviceId ? { ...s, materials: [long] } : s,
      ),
    };
    const lines = texts(receipt({ config: custom, paper: 58, template: { printMaterials: true } }));
    const start = lines.findIndex((line) => line.text.startsWith('1. '));
    expect(lines[start + 1]?.text.startsWith('   ')).toBe(true);
    const joined = lines
      .slice(start, start + 3)
      .map((line, i) => (i === 0 ? line.text.slice(3) : line.text.trimStart()))
      .join('');
    expect(joined.startsWith(long.slice(0, 20))).toBe(true);
  });

  describe('the ticket template (config.ticket)', () => {
    const settings: KioskTicketSettings = {
      paper: 80,
      printMaterials: false,
      footer: null,
      footerEn: null,
    };
    /** 2026-11-24 10:00 in Asia/Shanghai. */
    const ISSUED = 1_795_485_600_000;
    const info = { ticket, ahead: 2, estimatedWaitMs: 12 * 60_000 } as const;
    const kiosk = (
      hallConfig: HallConfig,
      over: Partial<KioskTicketSettings> = {},
      lang: 'zh-CN' | 'en' = 'zh-CN',
    ): ReceiptDocument =>
      kioskTicketReceipt({
        info: { ...info, ticket: { ...ticket, issuedAt: ISSUED } },
        config: hallConfig,
        settings: { ...settings, ...over },
        serverOrigin: 'http://192.168.10.2:8080',
        lang,
      });
    const withTicket = (t: HallConfig['ticket']): HallConfig => ({ ...config, ticket: t });

    it('prints the same document as before when the hall has no template', () => {
      expect(config.ticket).toBeUndefined();
      expect(receiptTemplateOf(config, settings)).toEqual({
        logo: false,
        printMaterials: false,
        footer: null,
        footerEn: null,
        header: '',
        headerEn: '',
        qr: true,
      });
      const doc = kiosk(config);
      expect(doc).toEqual(
        ticketReceipt({
          ticket: { ...ticket, issuedAt: ISSUED },
          ahead: 2,
          estimatedWaitMs: 12 * 60_000,
          config,
          issuedAtText: '2026-11-24 10:00',
          trackingUrl: URL,
          paper: 80,
          template: { printMaterials: false, footer: null, footerEn: null },
          lang: 'zh-CN',
        }),
      );
      expect(allText(doc)).toContain('请留意叫号，过号请到原窗口说明');
    });

    it('prints the header under the hall name and the footer at the end', () => {
      const doc = kiosk(
        withTicket({
          header: '请留意叫号屏幕和语音提示',
          footer: '监督电话 12345',
          footerEn: 'Hotline 12345',
        }),
      );
      const lines = texts(doc);
      expect(lines[0]?.text).toBe('玉山县行政服务中心');
      expect(lines[1]).toMatchObject({
        text: '请留意叫号屏幕和语音提示',
        align: 'center',
        bold: true,
      });
      expect(lines[lines.length - 1]?.text).toBe('监督电话 12345');
      expect(allText(doc)).not.toContain('请留意叫号，过号');
      // English tickets: the English footer; a header without English falls back to Chinese.
      const en = kiosk(
        withTicket({ header: '', headerEn: 'Watch the screens', footerEn: 'Hotline 12345' }),
        {},
        'en',
      );
      expect(texts(en)[1]?.text).toBe('Watch the screens');
      expect(allText(en)).toContain('Hotline 12345');
    });

    it("lets a kiosk's own footer win over the hall's, and the hall decide on materials", () => {
      const hall = withTicket({ footer: '大厅页脚', printMaterials: true });
      const own = allText(kiosk(hall, { footer: '导办台专用' }));
      expect(own).toContain('导办台专用');
      expect(own).not.toContain('大厅页脚');
      expect(own).toContain('一次性告知');
      expect(
        allText(kiosk(withTicket({ printMaterials: false }), { printMaterials: true })),
      ).not.toContain('一次性告知');
      // Without a hall choice the binding's still applies.
      expect(allText(kiosk(config, { printMaterials: true }))).toContain('一次性告知');
    });

    it('leaves out the QR code and its line, with one rule between sections', () => {
      for (const printMaterials of [false, true]) {
        const doc = kiosk(withTicket({ qr: false, printMaterials }));
        expect(doc.lines.some((line) => line.kind === 'qr')).toBe(false);
        expect(allText(doc)).not.toContain('扫码');
        doc.lines.forEach((line, i) => {
          if (line.kind === 'rule') expect(doc.lines[i + 1]?.kind, `line ${i}`).not.toBe('rule');
        });
        expect(allText(doc)).toContain('取号时间');
      }
    });

    it('fits a long header and footer on 58 mm paper', () => {
      const long =
        '本中心实行首问负责制和一次性告知制度，如对服务有意见或建议请拨打监督电话 12345 或扫描窗口评价器';
      const doc = kiosk(withTicket({ header: long, footer: long, printMaterials: true }), {
        paper: 58,
      });
      expect(doc.paper).toBe(58);
      for (const line of texts(doc)) {
        expect(textColumns(line.text) * line.width, line.text).toBeLessThanOrEqual(
          paperColumns(58),
        );
      }
      const text = texts(doc)
        .map((line) => line.text)
        .join('');
      expect(text.split(long).length - 1).toBe(2);
    });
  });
});
