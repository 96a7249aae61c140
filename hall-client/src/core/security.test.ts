import { describe, expect, it } from 'vitest';
import { CHANNELS } from './channels.ts';
import {
  checkIpcSender,
  hardenedWebPreferences,
  isAllowedNavigation,
  permissionAllowed,
  windowOpenPolicy,
} from './security.ts';

const SERVER = 'http://192.168.1.10:8080';
const PAGES = 'file:///opt/HallQ/resources/app.asar/pages/';
const allowed = [SERVER, PAGES];

describe('hardened web preferences', () => {
  it('isolates, sandboxes and disables Node, webviews, spellcheck and dev tools', () => {
    const prefs = hardenedWebPreferences({ preload: '/app/preload.cjs', page: 'kiosk' });
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
      autoplayPolicy: 'user-gesture-required',
    });
  });

  it('lets call screens play announcements without a touch and never throttles them', () => {
    const prefs = hardenedWebPreferences({
      preload: '/p',
      page: 'display',
      additionalArguments: ['--hallq-page=display'],
    });
    expect(prefs.autoplayPolicy).toBe('no-user-gesture-required');
    expect(prefs.backgroundThrottling).toBe(false);
    expect(prefs.additionalArguments).toEqual(['--hallq-page=display']);
  });
});

describe('navigation allowlist', () => {
  it.each([
    `${SERVER}/kiosk`,
    `${SERVER}/display?screen=zone:A&audio=all`,
    'http://192.168.1.10:8080',
    `${PAGES}pair.html`,
    `${PAGES}offline.html?role=kiosk`,
  ])('allows %s', (url) => {
    expect(isAllowedNavigation(url, allowed)).toBe(true);
  });

  it.each([
    'http://192.168.1.10:8081/kiosk', // another port
    'https://192.168.1.10:8080/kiosk', // another scheme
    'http://192.168.1.100:8080/kiosk',
    'http://evil.example/',
    `http://user:pw@192.168.1.10:8080/`,
    `${PAGES}../../etc/passwd`,
    `${PAGES.slice(0, -1)}-evil/x.html`,
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'chrome://settings',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url, allowed)).toBe(false);
  });

  it('a file:// entry must name a folder (end in /)', () => {
    expect(isAllowedNavigation('file:///opt/pages/a.html', ['file:///opt/pages'])).toBe(false);
  });

  it('new windows are always denied', () => {
    expect(windowOpenPolicy(`${SERVER}/kiosk`)).toEqual({ action: 'deny' });
    expect(windowOpenPolicy('https://example.com')).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it('denies everything, media above all, from any origin', () => {
    for (const page of ['kiosk', 'display', 'counter', 'rating', 'pairing', 'exit'] as const) {
      for (const permission of ['media', 'notifications', 'geolocation', 'fullscreen', 'hid']) {
        expect(permissionAllowed(page, permission, `${SERVER}/x`, allowed)).toBe(false);
      }
    }
  });
});

describe('IPC sender checks', () => {
  it('accepts a role’s own channel from the server origin in the top frame', () => {
    expect(checkIpcSender(`${SERVER}/kiosk`, allowed, 'kiosk', CHANNELS.printTicket)).toEqual({
      ok: true,
    });
    expect(checkIpcSender(`${PAGES}pair.html`, allowed, 'pairing', CHANNELS.pairSubmit)).toEqual({
      ok: true,
    });
  });

  it('refuses another role’s channel, another origin, and sub-frames', () => {
    const reason = (check: ReturnType<typeof checkIpcSender>): string =>
      check.ok ? 'accepted' : check.reason;
    expect(
      reason(checkIpcSender(`${SERVER}/display`, allowed, 'display', CHANNELS.printTicket)),
    ).toContain('not a channel of the display page');
    expect(
      reason(checkIpcSender('http://evil.example/', allowed, 'kiosk', CHANNELS.deviceToken)),
    ).toContain('not an allowed origin');
    expect(
      reason(checkIpcSender(`${SERVER}/kiosk`, allowed, 'kiosk', CHANNELS.deviceToken, false)),
    ).toContain('top frame');
    expect(checkIpcSender(`${PAGES}pair.html`, allowed, 'pairing', CHANNELS.deviceToken).ok).toBe(
      false,
    );
    expect(checkIpcSender(`${SERVER}/kiosk`, allowed, 'kiosk', 'made:up').ok).toBe(false);
  });
});
