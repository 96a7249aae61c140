/**
 * The call screens' voice in real Chromium against the real server: the shipped voice pack
 * rendered offline through the screen's own Web Audio path (order, gaps, loudness), and live
 * screens speaking calls through their one announcement queue — audio scope, no overlap,
 * recall, staleness, no replay after a reconnect, captions only, and the enable-voice button
 * of a browser that blocks sound.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandReply } from '@hallq/shared';
import { announce } from '../../shared/src/voice/announcement.ts';
import type { VoicePackManifest } from '../../shared/src/voice/pack.ts';
import { AFTER_CHIME_MS, scheduleClips } from '../../shared/src/voice/schedule.ts';
import { DEFAULT_VOICE } from '../../shared/src/voice/settings.ts';
import { demoHallConfig } from '../../shared/src/demo-hall/index.ts';
import type { AnnouncedCall, RecordedVoiceEvent } from '../../display/src/announcer.ts';
import {
  callForVoice,
  defaultAudioScope,
  screenVoiceSettings,
  voiceOverrides,
} from '../../display/src/screen-voice.ts';
import type { OfflineRender } from '../../display/src/voice-player.ts';
import { LANDSCAPE, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { loginClerk, useTestHall, postCommand } from '../support/hall.ts';

const PACK = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../display/voice/espeak-ng/pack.json'), 'utf8'),
) as VoicePackManifest;

/** One spoken rendition of the espeak pack lasts about 5.5 s; give a call room to finish. */
const SPOKEN_MS = 20_000;

const hall = useTestHall();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

function post(path: string, token?: string, body: unknown = {}): Promise<CommandReply> {
  return postCommand(hall.url, path, token, body);
}

async function issue(count: number, serviceId = 'bdc-transfer'): Promise<void> {
  for (let i = 0; i < count; i += 1) await post('/api/v1/tickets', undefined, { serviceId });
}

/** Calls the next ticket at a window (signing its clerk in); returns number and ticket id. */
async function callNext(windowId: number): Promise<{ number: string; id: string; token: string }> {
  const token = await loginClerk(hall.url, windowId);
  const reply = await post(`/api/v1/windows/${windowId}/call-next`, token);
  const ticket = reply.ticket?.ticket;
  if (ticket === undefined) throw new Error(`window ${windowId} called nobody`);
  return { number: ticket.number, id: ticket.id, token };
}

async function openScreen(query: string): Promise<Page> {
  const { page } = await openPage(browser, `${hall.url}/display?${query}`, LANDSCAPE);
  await page.locator('.ds-screen[data-connection="online"]').waitFor();
  return page;
}

function announced(page: Page): Promise<AnnouncedCall[]> {
  return page.evaluate(() => window.__announced ?? []);
}

function voiceEvents(page: Page): Promise<RecordedVoiceEvent[]> {
  return page.evaluate(() => window.__voiceEvents ?? []);
}

/** `kind number` of every queue event, oldest first: e.g. `spoken A001`. */
async function eventLog(page: Page): Promise<string[]> {
  return (await voiceEvents(page)).map((e) => `${e.kind} ${e.number}`);
}

function caption(page: Page): Promise<{ text: string; active: boolean; recall: boolean }> {
  return page.evaluate(() => {
    const line = document.querySelector<HTMLElement>('[data-testid="caption"]');
    return {
      text: line?.querySelector('[data-testid="caption-text"]')?.textContent ?? '',
      active: line?.dataset.active === 'true',
      recall: line?.querySelector('.ds-caption-tag') !== null,
    };
  });
}

function render(page: Page, clips: readonly string[]): Promise<OfflineRender> {
  return page.evaluate(
    ([c, gap]) => {
      const voice = window.__voice;
      if (voice === undefined) throw new Error('no window.__voice on the display page');
      return voice.renderOffline('/voice/espeak-ng/pack.json', c, gap);
    },
    [clips, DEFAULT_VOICE.clipGapMs] as const,
  );
}

describe("voice: a screen's settings and audio scope", () => {
  const config = demoHallConfig();
  const params =
    (query: string) =>
    (name: string): string | null =>
      new URLSearchParams(query).get(name);

  it("takes the hall's settings with the screen URL's overrides", () => {
    expect(screenVoiceSettings(config, voiceOverrides(params('')))).toEqual(DEFAULT_VOICE);
    const o = voiceOverrides(params('voice=webspeech&repeat=1&hold=300&stale=5&audio=zone:a,b'));
    expect(o).toEqual({
      mode: 'webspeech',
      repeat: 1,
      captionHoldMs: 300,
      staleAfterSec: 5,
      audio: { kind: 'zones', zoneIds: ['A', 'B'] },
    });
    const own = { ...config, voice: { repeat: 3, languages: ['zh-CN', 'en'] as const } };
    expect(screenVoiceSettings(own, o)).toMatchObject({
      mode: 'webspeech',
      repeat: 1,
      languages: ['zh-CN', 'en'],
    });
    // Values that make no sense are ignored, not obeyed.
    expect(voiceOverrides(params('voice=loud&repeat=0&hold=-1&audio=upstairs'))).toEqual({
      mode: undefined,
      repeat: undefined,
      captionHoldMs: undefined,
      staleAfterSec: undefined,
      audio: undefined,
    });
  });

  it("speaks for the whole hall, the zone, or the window's zone by default", () => {
    expect(defaultAudioScope({ kind: 'hall' }, config)).toEqual({ kind: 'all' });
    expect(defaultAudioScope({ kind: 'zone', zoneId: 'F' }, config)).toEqual({
      kind: 'zones',
      zoneIds: ['F'],
    });
    const window1 = config.windows.find((w) => w.id === 1);
    expect(defaultAudioScope({ kind: 'window', windowId: 1 }, config)).toEqual({
      kind: 'zones',
      zoneIds: [window1?.zoneId],
    });
  });

  it('turns a call into a CallForVoice with its zone, floor and names in the screen language', () => {
    const call = { ticketId: 't1', number: 'A001', windowId: 1, serviceId: 'bdc-transfer' };
    const zh = callForVoice(call, config, 'zh-CN', 1000);
    expect(zh).toMatchObject({ zoneId: 'A', floorId: 1, zoneName: '不动产登记专区', at: 1000 });
    expect(zh.recall).toBe(false);
    const en = callForVoice(call, config, 'en', 1000);
    expect(en.serviceName).toBe(config.services.find((s) => s.id === 'bdc-transfer')?.nameEn);
  });
});

describe('voice: the shipped pack through Web Audio', () => {
  it('renders 请A001号到5号窗口办理 offline: clips in order, gaps as scheduled, audible', async () => {
    const page = await openScreen('screen=hall&voice=off');
    const call = announce({ number: 'A001', windowId: 5, recall: false }, 'zh-CN');
    expect(call.text).toBe('请A001号到5号窗口办理');
    const out = await render(page, call.clips);

    expect(out.skipped).toEqual([]);
    expect(out.starts.map((s) => s.clip)).toEqual(call.clips);
    expect(call.clips.slice(0, 4)).toEqual(['chime', 'zh-qing', 'zh-letter-A', 'zh-digit-0']);
    // The browser's timeline is the one `npm run announce` mixes (pack.json durations).
    const planned = scheduleClips(
      call.clips,
      (c) => PACK.clips[c]?.durationMs,
      DEFAULT_VOICE.clipGapMs,
    );
    expect(out.starts.map((s) => s.atMs)).toEqual(planned.items.map((i) => i.atMs));
    expect(out.durationMs).toBe(planned.totalMs);
    for (const [i, gap] of out.gaps.entries()) {
      const wanted = gap.after === 'chime' ? AFTER_CHIME_MS : DEFAULT_VOICE.clipGapMs;
      expect(gap.toMs - gap.fromMs, `gap ${i} after ${gap.after}`).toBe(wanted);
      expect(gap.rms, `silence after ${gap.after}`).toBeLessThan(0.02);
    }
    for (const start of out.starts) {
      // pack.json tells the truth about each clip's length, and every clip is heard.
      expect(Math.abs(start.decodedMs - start.durationMs), start.clip).toBeLessThanOrEqual(25);
      expect(start.rms, start.clip).toBeGreaterThan(0.03);
    }
    expect(out.durationMs).toBeGreaterThan(1500);
    expect(out.durationMs).toBeLessThan(6000);
    expect(out.renderedMs).toBeGreaterThanOrEqual(out.durationMs);
    expect(out.peak).toBeGreaterThan(0.05);
    expect(out.peak).toBeLessThanOrEqual(1);
  });

  it('speaks window 105 as 一百零五, and English digit by digit', async () => {
    const page = await openScreen('screen=hall&voice=off');
    const zh = announce({ number: 'B012', windowId: 105, recall: false }, 'zh-CN');
    const out = await render(page, zh.clips);
    const order = out.starts.map((s) => s.clip);
    const at = order.indexOf('zh-dao');
    expect(order.slice(at + 1)).toEqual([
      'zh-digit-1',
      'zh-bai',
      'zh-digit-0',
      'zh-digit-5',
      'zh-hao-chuangkou-banli',
    ]);
    expect(out.skipped).toEqual([]);
    expect(out.peak).toBeGreaterThan(0.05);

    const en = announce({ number: 'B012', windowId: 105, recall: false }, 'en');
    expect(en.text).toBe('Number B012, please go to window 105');
    const english = await render(page, en.clips);
    expect(english.skipped).toEqual([]);
    expect(english.starts.slice(-3).map((s) => s.clip)).toEqual([
      'en-digit-1',
      'en-digit-0',
      'en-digit-5',
    ]);
    expect(english.peak).toBeGreaterThan(0.05);
  });
});

describe('voice: live call screens', () => {
  it('speaks a call on the screens of its audio zone; another audio zone shows it silently', async () => {
    const hallScreen = await openScreen('screen=hall&repeat=1');
    const windowScreen = await openScreen('screen=window:1&repeat=1');
    const zoneScreen = await openScreen('screen=zone:A&audio=zone:B&repeat=1');
    await issue(2);
    const first = await callNext(1);
    expect(first.number).toBe('A001');
    const text = '请A001号到1号窗口办理';

    // While it is spoken the caption is highlighted and shows announce()'s text.
    await expect.poll(() => caption(hallScreen)).toEqual({ text, active: true, recall: false });
    await screenshot(hallScreen, 'voice-hall-caption');
    await expect.poll(() => eventLog(hallScreen), { timeout: SPOKEN_MS }).toEqual(['spoken A001']);
    const spoken = (await voiceEvents(hallScreen))[0];
    expect(spoken?.volume).toBeGreaterThan(0);
    expect(await announced(hallScreen)).toMatchObject([
      { number: 'A001', windowId: 1, text, lang: 'zh-CN', recall: false },
    ]);
    await expect.poll(() => caption(hallScreen)).toEqual({ text, active: false, recall: false });
    // The window screen speaks for its window's zone (A).
    await expect
      .poll(() => eventLog(windowScreen), { timeout: SPOKEN_MS })
      .toEqual(['spoken A001']);

    // The zone A screen set to speak for zone B: shows the call, says nothing.
    await expect.poll(() => zoneScreen.getByTestId('newest-call').textContent()).toContain('A001');
    await expect.poll(() => eventLog(zoneScreen)).toEqual(['out_of_scope A001']);
    expect(await announced(zoneScreen)).toEqual([]);
    expect(await caption(zoneScreen)).toEqual({ text, active: false, recall: false });

    // A recall says 请注意 first and is tagged 重呼.
    hall.advance(15_000); // past the hall's minimum gap between recalls
    await post(`/api/v1/tickets/${encodeURIComponent(first.id)}/recall`, first.token);
    await expect
      .poll(() => caption(hallScreen))
      .toEqual({ text: '请注意，请A001号到1号窗口办理', active: true, recall: true });
    await expect
      .poll(() => eventLog(hallScreen), { timeout: SPOKEN_MS })
      .toEqual(['spoken A001', 'spoken A001']);
    expect((await announced(hallScreen)).map((a) => a.recall)).toEqual([false, true]);
    expect(await hallScreen.getByTestId('enable-voice').count()).toBe(0);
  });

  it('speaks two quick calls one after the other, never over each other', async () => {
    const page = await openScreen('screen=hall&repeat=1');
    await issue(2);
    expect((await callNext(1)).number).toBe('A001');
    expect((await callNext(2)).number).toBe('A002');
    await expect
      .poll(() => eventLog(page), { timeout: 2 * SPOKEN_MS })
      .toEqual(['spoken A001', 'spoken A002']);
    const [a, b] = await announced(page);
    const [doneA] = await voiceEvents(page);
    expect([a?.number, b?.number]).toEqual(['A001', 'A002']);
    // The second starts only once the first has been spoken to its end.
    expect(b?.startedAt).toBeGreaterThanOrEqual(doneA?.time ?? Infinity);
    expect(await caption(page)).toEqual({
      text: '请A002号到2号窗口办理',
      active: false,
      recall: false,
    });
  });

  it('shows, but does not speak, calls whose turn comes too late', async () => {
    const page = await openScreen('screen=hall&repeat=1&stale=1');
    await issue(3);
    for (const windowId of [1, 2, 3]) await callNext(windowId);
    // A001 takes seconds to say; A002 and A003 are older than 1 s when their turn comes.
    await expect
      .poll(() => eventLog(page), { timeout: 2 * SPOKEN_MS })
      .toEqual(['spoken A001', 'stale A002', 'stale A003']);
    expect((await announced(page)).map((a) => a.number)).toEqual(['A001']);
    await expect.poll(() => page.getByTestId('newest-call').textContent()).toContain('A003');
    expect(await caption(page)).toEqual({
      text: '请A003号到3号窗口办理',
      active: false,
      recall: false,
    });
  });

  it('a screen that reconnects does not speak the calls it missed', async () => {
    await issue(2);
    const { context, page } = await openPage(
      browser,
      `${hall.url}/display?screen=hall&repeat=1`,
      LANDSCAPE,
    );
    await page.locator('.ds-screen[data-connection="online"]').waitFor();
    await context.setOffline(true);
    await page.getByTestId('connection-banner').waitFor();
    expect((await callNext(1)).number).toBe('A001');
    await context.setOffline(false);
    await page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => page.getByTestId('newest-call').textContent()).toContain('A001');
    expect(await caption(page)).toEqual({
      text: '请A001号到1号窗口办理',
      active: false,
      recall: false,
    });
    expect(await voiceEvents(page)).toEqual([]);
    expect(await announced(page)).toEqual([]);

    // The next live call is spoken again.
    expect((await callNext(2)).number).toBe('A002');
    await expect.poll(() => eventLog(page), { timeout: SPOKEN_MS }).toEqual(['spoken A002']);
  });

  it('?voice=off shows each caption for the hold time and speaks nothing', async () => {
    const page = await openScreen('screen=hall&voice=off&hold=1500');
    await issue(1);
    await callNext(1);
    const text = '请A001号到1号窗口办理';
    await expect.poll(() => caption(page)).toEqual({ text, active: true, recall: false });
    await expect.poll(() => eventLog(page), { timeout: 5000 }).toEqual(['shown A001']);
    expect(await caption(page)).toEqual({ text, active: false, recall: false });
    expect((await announced(page)).map((a) => a.text)).toEqual([text]);
    expect(await page.getByTestId('enable-voice').count()).toBe(0);
  });

  it('a browser that blocks sound shows 点击启用语音播报; captions go on; one tap enables it', async () => {
    const context = await browser.newContext({
      viewport: LANDSCAPE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    // What a browser without the kiosk's autoplay flag does: every AudioContext starts
    // suspended, and resume() works only after the user has touched the page.
    await context.addInitScript(() => {
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        constructor(options?: AudioContextOptions) {
          super(options);
          void this.suspend();
        }
        override resume(): Promise<void> {
          return navigator.userActivation.hasBeenActive ? super.resume() : Promise.resolve();
        }
      };
    });
    const page = await context.newPage();
    await page.goto(`${hall.url}/display?screen=hall&repeat=1&hold=1000`);
    await page.locator('.ds-screen[data-connection="online"]').waitFor();
    const overlay = page.getByTestId('enable-voice');
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain('点击启用语音播报');

    await issue(2);
    await callNext(1);
    const text = '请A001号到1号窗口办理';
    await expect.poll(() => caption(page)).toEqual({ text, active: true, recall: false });
    await screenshot(page, 'voice-enable-overlay');
    await expect.poll(() => eventLog(page), { timeout: 5000 }).toEqual(['failed A001']);
    expect((await voiceEvents(page))[0]?.error).toContain('blocked');
    expect(await caption(page)).toEqual({ text, active: false, recall: false });

    await overlay.getByRole('button').click();
    await overlay.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => navigator.userActivation.hasBeenActive)).toBe(true);
    await callNext(2);
    await expect
      .poll(() => eventLog(page), { timeout: SPOKEN_MS })
      .toEqual(['failed A001', 'spoken A002']);

    const english = await context.newPage();
    await english.goto(`${hall.url}/display?screen=hall&lang=en`);
    await english.getByTestId('enable-voice').waitFor();
    expect(await english.getByTestId('enable-voice').textContent()).toContain(
      'Tap to enable voice',
    );
    await screenshot(english, 'voice-enable-overlay-english');
    await context.close();
  });
});
